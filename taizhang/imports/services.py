"""Writes of the imports app: import batches (upload → check → confirm) and export jobs."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.core import storage
from taizhang.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from taizhang.imports.importers import ImportRefused, importer_for, run_import
from taizhang.imports.models import (
    EXPORT_KINDS,
    BatchStatus,
    ExportJob,
    ExportStatus,
    ImportBatch,
    process_id,
)
from taizhang.ledger.models import Measure, Problem, ProblemStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.models import Unit
from taizhang.orgs.scope import has_action


def batch_name(batch: ImportBatch) -> str:
    """The uploaded file's name in the attachment store, where the worker that checks or imports it finds it."""
    return f"imports/{batch.sha256}{Path(batch.filename).suffix.lower()[:8]}"


def batch_data(batch: ImportBatch) -> bytes:
    try:
        return storage.read_bytes(batch_name(batch))
    except FileNotFoundError:
        raise NotFound("导入文件已不存在，请重新上传") from None


def export_name(job: ExportJob) -> str:
    """A finished background export's name in the attachment store: any app server can hand it out."""
    return f"exports/export-{job.pk}.xlsx"


def export_file(job: ExportJob):
    """The open finished export; FileNotFoundError when it is gone. Jobs finished before exports moved into the
    attachment store kept an absolute path of the data directory."""
    if job.path and os.path.isabs(job.path):
        return open(job.path, "rb")
    return storage.open_read(job.path or export_name(job))


def _check_rights(actor, kind: str, campaign, unit) -> None:
    cls = importer_for(kind)
    if cls.needs_campaign and campaign is None:
        raise ValidationFailed("请选择专项工作", field="campaign")
    if actor is not None and not has_action(actor, cls.unit_action, unit):
        raise NotFound("单位不存在或不在您的权限范围内")
    if campaign is not None and not unit.path.startswith(campaign.root_unit.path):
        raise ValidationFailed(f"「{unit.name}」不在专项工作「{campaign.name}」的参加范围内", field="unit")


def batch_upload(*, actor, kind: str, campaign, unit, data: bytes, filename: str, partial: bool = False) -> ImportBatch:
    """Store an uploaded file as a new batch and check it (dry run with the detected mapping, or with the
    uploader's earlier corrections for the same header); a large file is checked in the background."""
    _check_rights(actor, kind, campaign, unit)
    batch = _new_batch(actor, kind, campaign, unit, data, filename, partial)
    return _run_or_queue(actor, batch, "first_check")


def batch_import(*, actor, kind: str, campaign, unit, data: bytes, filename: str, sheet: str | None = None,
                 partial: bool = False) -> ImportBatch:
    """The command line's import, recorded as a batch like the wizard's (file, counts, errors, audit event) and
    run at once, without a separate check. `unit` is the unit of rows that name none (None: such rows are
    errors); the batch belongs to it, else to the importing account's unit, else to the campaign's root unit,
    else to the root of the organisation tree. Each row is still checked against the account's scope."""
    owner = (unit or getattr(actor, "unit", None) or (campaign.root_unit if campaign is not None else None)
             or Unit.get_first_root_node())
    if owner is None:
        raise ValidationFailed("还没有任何单位，请先导入组织单位")
    batch = _new_batch(actor, kind, campaign, owner, data, filename, partial)
    batch.sheet = sheet or ""
    try:
        return _import(actor, batch, default_unit=unit)
    except ImportRefused as exc:
        batch.status, batch.message, batch.finished_at = BatchStatus.FAILED, exc.message[:300], timezone.now()
        batch.save()
        raise


def _new_batch(actor, kind, campaign, unit, data: bytes, filename: str, partial: bool) -> ImportBatch:
    if len(data) > settings.IMPORT_MAX_FILE_MB * 1024 * 1024:
        raise ValidationFailed(f"文件超过 {settings.IMPORT_MAX_FILE_MB} MB，请拆分后再导入", field="file")
    name = Path(filename or "upload.xlsx").name[:200]
    batch = ImportBatch.objects.create(kind=kind, campaign=campaign if importer_for(kind).needs_campaign else None,
                                       unit=unit, filename=name, sha256=hashlib.sha256(data).hexdigest(),
                                       size=len(data), partial=partial,
                                       created_by=actor if getattr(actor, "pk", None) else None)
    storage.put(batch_name(batch), data, shown=name)
    return batch


def _first_check(actor, batch: ImportBatch) -> ImportBatch:
    batch = _check(actor, batch)
    earlier = _earlier_correction(batch)
    if earlier is not None:
        # the same sheet again (a corrected or updated copy): the column corrections made last time still apply
        batch.mapping = earlier.mapping
        batch = _check(actor, batch)
        batch.message = f"已沿用 {timezone.localtime(earlier.created_at):%Y-%m-%d %H:%M} 导入同样表头时更正的列对应关系"
        batch.save(update_fields=["message"])
    return batch


def _columns(batch: ImportBatch) -> list:
    return [(c.get("index"), c.get("header")) for c in (batch.header or {}).get("columns", [])]


def _earlier_correction(batch: ImportBatch) -> ImportBatch | None:
    """The uploader's latest batch of the same kind and the same header texts whose mapping was corrected."""
    if batch.status != BatchStatus.CHECKED or batch.created_by_id is None or not _columns(batch):
        return None
    earlier = (ImportBatch.objects.filter(created_by_id=batch.created_by_id, kind=batch.kind)
               .exclude(pk=batch.pk).order_by("-created_at", "-pk")[:20])
    return next((b for b in earlier if b.mapping and _columns(b) == _columns(batch)), None)


def _refuse_while_running(batch: ImportBatch) -> None:
    if batch.running:
        raise ValidationFailed("该批次正在后台处理，请等待完成后再操作")


def batch_check(*, actor, batch: ImportBatch, mapping: dict | None = None, sheet: str | None = None) -> ImportBatch:
    """Validate the batch's file with `mapping` (column index → field key) without keeping any write; `sheet`
    switches to another sheet of the file (its columns differ, so the mapping starts afresh). A large file is
    checked in the background."""
    _refuse_while_running(batch)
    if batch.status == BatchStatus.DONE:
        raise ValidationFailed("该批次已导入")
    if sheet and sheet != batch.sheet:
        if sheet not in (batch.header or {}).get("sheets", []):
            raise ValidationFailed(f"文件中没有可导入的工作表「{sheet}」")
        batch.sheet, mapping = sheet, {}
    if mapping is not None:
        batch.mapping = {str(k): v for k, v in mapping.items()}
    return _run_or_queue(actor, batch, "check")


def _check(actor, batch: ImportBatch) -> ImportBatch:
    try:
        result = run_import(actor=actor, kind=batch.kind, data=batch_data(batch), filename=batch.filename,
                            campaign=batch.campaign, unit=batch.unit, sheet=batch.sheet or None,
                            mapping_changes={int(k): v for k, v in batch.mapping.items()}, dry_run=True,
                            partial=batch.partial)
    except ImportRefused as exc:
        batch.status, batch.message = BatchStatus.FAILED, exc.message[:300]
        batch.save()
        return batch
    if not result.rows and not result.errors:  # a file with nothing recognisable is not "0 rows, success"
        batch.status, batch.message = BatchStatus.FAILED, "文件中没有识别到可导入的数据行，请检查文件内容和表头"
        batch.save()
        return batch
    batch.sheet, batch.header = result.sheet, result.header
    batch.rows, batch.created, batch.updated, batch.skipped = result.rows, result.created, result.updated, result.skipped
    batch.errors = result.errors
    batch.status, batch.message = BatchStatus.CHECKED, ""
    batch.save()
    return batch


def batch_confirm(*, actor, batch: ImportBatch, valid_only: bool = False) -> ImportBatch:
    """Run the import for real (all-or-nothing unless the batch is partial); a large file in the background.
    `valid_only` imports the rows that passed the check and leaves the others (the batch becomes partial), so a
    user whose check found errors need not upload the file again."""
    _refuse_while_running(batch)
    if batch.status == BatchStatus.DONE:
        raise ValidationFailed("该批次已导入，不能重复导入（如需更新请重新上传文件）")
    if valid_only and not batch.partial:
        batch.partial = True
        batch.save(update_fields=["partial"])
    return _run_or_queue(actor, batch, "import")


_BATCH_UNIT = object()


def _import(actor, batch: ImportBatch, default_unit=_BATCH_UNIT) -> ImportBatch:
    """Import the batch's file for real; rows naming no unit get `default_unit` (the batch's own by default)."""
    result = run_import(actor=actor, kind=batch.kind, data=batch_data(batch), filename=batch.filename,
                        campaign=batch.campaign, unit=batch.unit if default_unit is _BATCH_UNIT else default_unit,
                        sheet=batch.sheet or None, mapping_changes={int(k): v for k, v in batch.mapping.items()},
                        partial=batch.partial, batch_ref=str(batch.pk))
    batch.rows, batch.created, batch.updated, batch.skipped = result.rows, result.created, result.updated, result.skipped
    batch.errors = result.errors
    batch.status = BatchStatus.DONE if result.imported else BatchStatus.FAILED
    batch.message = "" if result.imported else "有错误，未导入任何记录"
    batch.finished_at = timezone.now()
    with transaction.atomic():
        batch.save()
        audit_record(actor=actor, action="import.batch", obj=batch, unit=batch.unit,
                     changes={"kind": batch.kind, "file": batch.filename, **result.as_dict(),
                              "errors": len(result.errors)})
    return batch


def batch_undo(*, actor, batch: ImportBatch) -> ImportBatch:
    """撤销导入: delete the problems (with their measures) a ledger import created, as long as none of them has
    been worked on since — still 待认领 and never edited, no progress, closure request, look-back, attachment or
    督办单, not linked to a visit or an institution, every measure still to do. Updates of existing problems
    cannot be taken back as a whole, so a batch that made any is refused."""
    if batch.kind != "problems" or batch.status != BatchStatus.DONE:
        raise ValidationFailed("只有已导入的整改台账批次可以撤销")
    if batch.updated:
        raise ValidationFailed(f"本批次更新了 {batch.updated} 个已有问题，更新不能整体撤销，请在台账中逐条修改")
    problems = batch_problems(batch)
    if not problems.exists():
        raise ValidationFailed("找不到本批次新增的问题（较早的批次导入时没有记下问题来自哪个批次），不能整体撤销")
    if actor is not None:
        for unit in Unit.objects.filter(pk__in=problems.values("unit_id")):
            if not has_action(actor, P.CREATE, unit):
                raise PermissionDenied(f"本批次有「{unit.name}」的问题，您没有在该单位录入问题的权限，不能撤销")
    touched = list(problems.filter(_worked_on(batch)).order_by("seq").values_list("number", flat=True).distinct()[:6])
    if touched:
        more = " 等" if len(touched) > 5 else ""
        raise ValidationFailed(f"问题 {'、'.join(touched[:5])}{more} 已开始办理（认领、修改、填报进展、关联或督办），"
                               "不能撤销本批次；请在台账中逐条处理")
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != BatchStatus.DONE:
            raise ValidationFailed("该批次已撤销")
        numbers = list(problems.order_by("seq").values_list("number", flat=True))
        problems.delete()
        batch.status = BatchStatus.UNDONE
        batch.message = f"已撤销：删除本批次新增的 {len(numbers)} 个问题及其整改措施"
        batch.save(update_fields=["status", "message"])
        audit_record(actor=actor, action="import.undo", obj=batch, unit=batch.unit,
                     changes={"count": len(numbers), "first": numbers[0] if numbers else "",
                              "last": numbers[-1] if numbers else ""})
    return batch


def batch_problems(batch: ImportBatch):
    """The problems a ledger batch created (tagged with the batch when they were written)."""
    return Problem.objects.filter(campaign=batch.campaign, origin_kind="import", origin_ref=str(batch.pk))


def _worked_on(batch: ImportBatch) -> Q:
    """Problems someone has acted on since the batch created them."""
    from taizhang.ledger.models import Attachment, ClosureRequest, LookBack, MeasureStatus, ProgressReport

    def has(model, **match) -> Exists:
        return Exists(model.objects.filter(problem=OuterRef("pk"), **match))

    measures = Measure.objects.filter(problem=OuterRef("pk"))
    return (~Q(status=ProblemStatus.PENDING) | Q(version__gt=1) | has(ProgressReport) | has(ClosureRequest)
            | has(LookBack) | has(Attachment) | Q(supervision_slips__isnull=False) | Q(institutions__isnull=False)
            | Q(research_visits__isnull=False) | Q(lookback_plans__isnull=False)
            | Exists(measures.exclude(status=MeasureStatus.TODO))
            | Exists(measures.filter(created_at__gt=batch.finished_at or timezone.now())))


STEPS = {"first_check": _first_check, "check": _check, "import": _import}
_RUNNING_STATUS = {"first_check": BatchStatus.CHECKING, "check": BatchStatus.CHECKING,
                   "import": BatchStatus.IMPORTING}


def _run_or_queue(actor, batch: ImportBatch, step: str) -> ImportBatch:
    """Run `step` now for a small file; for a large one mark the batch as running and queue it (the task starts
    once this transaction commits), so the page answers at once and follows the progress."""
    if batch.size <= settings.IMPORT_SYNC_MAX_BYTES:
        return STEPS[step](actor, batch)
    batch.status, batch.started_at = _RUNNING_STATUS[step], timezone.now()
    batch.message, batch.claimed_by = "", ""
    batch.save()
    from taizhang.imports.tasks import import_batch_run

    actor_id = actor.pk if getattr(actor, "pk", None) else None
    transaction.on_commit(lambda: import_batch_run(batch.pk, step, actor_id))
    return batch


def batch_run(batch_id: int, step: str, actor_id: int | None) -> None:
    """Body of the background task: one step of a large batch. An unexpected failure marks the batch failed
    with the reason (the import's own transaction was rolled back: nothing was written)."""
    from taizhang.orgs.models import User

    batch = ImportBatch.objects.select_related("campaign", "unit").get(pk=batch_id)
    if batch.status != _RUNNING_STATUS[step]:
        return  # already finished, or run again after stalling
    # Record the process doing the work: if it is killed, the page sees so at once (ImportBatch.stalled).
    batch.claimed_by = process_id()
    ImportBatch.objects.filter(pk=batch.pk).update(claimed_by=batch.claimed_by)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        STEPS[step](actor, batch)
    except Exception as exc:  # noqa: BLE001 - the batch records the failure; its page shows it
        message = getattr(exc, "message", "") or f"{type(exc).__name__}: {exc}"
        with transaction.atomic():
            ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.FAILED,
                                                           message=f"后台处理失败：{message}"[:300])
            audit_record(actor=actor, action="import.fail", obj=batch, unit=batch.unit,
                         changes={"kind": batch.kind, "file": batch.filename, "step": step, "message": message[:300]})


def export_job_create(*, actor, kind: str = "problems", campaign, unit, params: dict) -> ExportJob:
    """Queue a large export of `kind`. `unit` is where the actor's view of the list starts; the filters (and the
    unit the list is narrowed to, as params["unit"]) are applied when the job runs, in the actor's scope then."""
    if not _can_see(actor, kind, unit):
        raise NotFound("单位不存在或不在您的权限范围内")
    job = ExportJob.objects.create(kind=kind, campaign=campaign, unit=unit, params=params, created_by=actor)
    from taizhang.imports.tasks import export_job_run

    transaction.on_commit(lambda: export_job_run(job.pk))
    return job


def _can_see(user, kind: str, unit) -> bool:
    """Whether the user's view of the `kind` list includes `unit` (the job's pages answer 404 otherwise)."""
    from taizhang.imports.export import EXPORTS

    if kind in EXPORTS:
        return EXPORTS[kind].visible_units(user).filter(pk=unit.pk).exists()
    return has_action(user, P.VIEW, unit)


def export_job_visible(user, job: ExportJob) -> bool:
    return job.created_by_id == user.pk and _can_see(user, job.kind, job.unit)


def export_job_execute(job_id: int) -> None:
    """Body of the background export: writes the file, updating `done` as chunks are written."""
    from taizhang.imports.export import EXPORTS, export_problems
    from taizhang.ledger.selectors import ProblemFilter
    from taizhang.orgs.models import Unit

    job = ExportJob.objects.select_related("campaign", "unit", "created_by").get(pk=job_id)
    job.status = ExportStatus.RUNNING
    job.save(update_fields=["status"])
    work = tempfile.TemporaryDirectory(prefix="taizhang-export-")
    path = Path(work.name) / f"export-{job.pk}.xlsx"

    def progress(done, total):
        ExportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        p = job.params or {}
        # jobs queued before params carried the unit were narrowed to the job's unit
        unit = (Unit.objects.filter(code=p["unit"]).first() if p["unit"] else None) if "unit" in p else job.unit
        if job.kind in EXPORTS:
            n = EXPORTS[job.kind](user=job.created_by, campaign=job.campaign, unit=unit, filters=p) \
                .write(path, progress=progress)
        else:
            f = ProblemFilter(unit=unit, **{k: v for k, v in p.items() if k in _FILTER_KEYS})
            n = export_problems(user=job.created_by, campaign=job.campaign, path=path, f=f, progress=progress)
        with open(path, "rb") as written:
            name = storage.replace(export_name(job), written, shown=job.filename)
    except Exception as exc:  # noqa: BLE001 - the job records the failure; the page shows it
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, error=str(exc)[:300],
                                                   finished_at=timezone.now())
        return
    finally:
        work.cleanup()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.DONE, done=n, total=n, path=name,
                                               finished_at=timezone.now())
    export_audit(actor=job.created_by, kind=job.kind, campaign=job.campaign, unit=job.unit, count=n,
                 params=job.params or {}, job=job)


def export_audit(*, actor, kind: str, campaign, unit, count: int, params: dict, job: ExportJob | None = None) -> None:
    """留痕 of an export: who took which list out of the system, with how many rows and which filters."""
    audit_record(actor=actor, action=f"export.{kind}", obj=job, unit=unit,
                 object_repr=None if job is not None else f"导出{dict(EXPORT_KINDS).get(kind, kind)}",
                 changes={"campaign": campaign.slug if campaign is not None else "", "count": count,
                          **{k: v for k, v in params.items() if v not in ("", None, False)}})


_FILTER_KEYS = ("status", "light", "category", "source", "kind", "leader", "overdue", "due_soon", "q", "sort")
