"""Writes and renderings of reports: render a kind now, queue a rendering as a background job, accept an
uploaded template. Views, the command line and the huey task all call these."""

from __future__ import annotations

import os
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.core.exceptions import ValidationFailed
from taizhang.reports import usertemplates
from taizhang.reports.builders import BUILDERS
from taizhang.reports.models import JobStatus, ReportJob, ReportKind, ReportTemplate
from taizhang.reports.request import Rendered, ReportRequest

KIND_LABELS = dict(ReportKind.choices)


def check_as_of(as_of: date | None) -> None:
    if as_of is not None and as_of > timezone.localdate():
        raise ValidationFailed(f"统计日期 {as_of:%Y-%m-%d} 晚于今天", field="as_of")


def report_render(req: ReportRequest) -> Rendered:
    """The document of `req` as .docx bytes and the catalogue figures it printed."""
    check_as_of(req.as_of)
    if req.kind == ReportKind.TEMPLATE:
        if req.template is not None:
            with req.template.file.open("rb") as fh:
                data = fh.read()
            return usertemplates.render(req, data, req.template.name)
        if req.template_path:
            with open(req.template_path, "rb") as fh:
                data = fh.read()
            return usertemplates.render(req, data, os.path.splitext(os.path.basename(req.template_path))[0])
        raise ValidationFailed("请选择报告模板", field="template")
    builder = BUILDERS.get(req.kind)
    if builder is None:
        raise ValidationFailed(f"报告类型「{req.kind}」不存在，可选：{'、'.join(BUILDERS)}", field="kind")
    return builder.build(req)


def render_circular(unit, campaign, metrics, as_of: date | None = None, actor=None) -> bytes:
    """通报 of `unit`'s direct children ranked on `metrics` (catalogue keys), as .docx bytes."""
    req = ReportRequest("circular", unit, campaign, as_of=as_of, actor=actor, metrics=list(metrics))
    return report_render(req).content


def report_job_create(*, actor, kind: str, unit, campaign, as_of: date | None = None, metrics=None,
                      compilation=None, template: ReportTemplate | None = None) -> ReportJob:
    """Queue a rendering (huey); in immediate mode (tests) it is done when this returns."""
    from taizhang.reports.tasks import render_report_job

    check_as_of(as_of)
    if kind not in KIND_LABELS:
        raise ValidationFailed(f"报告类型「{kind}」不存在", field="kind")
    if kind == ReportKind.MATERIALS and compilation is None:
        raise ValidationFailed("请选择材料汇编", field="compilation")
    if kind == ReportKind.TEMPLATE and template is None:
        raise ValidationFailed("请选择报告模板", field="template")
    with transaction.atomic():
        if kind == ReportKind.TEMPLATE:
            _require_template_slot(unit)
        job = ReportJob.objects.create(kind=kind, unit=unit, campaign=campaign, as_of=as_of, template=template,
                                       options={"metrics": list(metrics or []),
                                                "compilation": compilation.pk if compilation else None},
                                       requested_by=actor)
        audit_record(actor=actor, action="report.request", obj=job,
                     changes={"kind": kind, "unit": unit.code, "as_of": as_of.isoformat() if as_of else None})
    render_report_job(job.pk)
    return job


def _require_template_slot(unit) -> None:
    """One unit's template jobs may not fill the workers: at most TAIZHANG_TEMPLATE_JOBS_PER_UNIT of them
    queued or running at once (the unit row is locked so two requests cannot both take the last slot)."""
    from taizhang.orgs.models import Unit

    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    cap = getattr(settings, "TAIZHANG_TEMPLATE_JOBS_PER_UNIT", 1)
    busy = ReportJob.objects.filter(unit=unit, kind=ReportKind.TEMPLATE,
                                    status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).count()
    if busy >= cap:
        raise ValidationFailed(f"本单位已有 {busy} 份自定义模板报告在排队或生成中，请等其完成后再试", field="template")


def report_job_run(job_id: int) -> ReportJob:
    """Render a queued job and keep the file (the body of the huey task)."""
    from taizhang.materials.models import Compilation

    job = ReportJob.objects.select_related("unit", "campaign", "requested_by", "template").get(pk=job_id)
    # Claim it: a job the stale sweep failed meanwhile (or another worker took) is left alone.
    if not ReportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=timezone.now()):
        return job
    job.status = JobStatus.RUNNING
    comp_id = job.options.get("compilation")
    req = ReportRequest(job.kind, job.unit, job.campaign, as_of=job.as_of, actor=job.requested_by,
                        metrics=job.options.get("metrics") or [], template=job.template,
                        compilation=Compilation.objects.filter(pk=comp_id).first() if comp_id else None)
    try:
        rendered = report_render(req)
    except ValidationFailed as exc:
        job.status, job.error = JobStatus.FAILED, exc.message
    except Exception as exc:  # keep the failure on the job page instead of losing it in the worker log
        job.status, job.error = JobStatus.FAILED, f"生成失败：{exc}"
    else:
        job.status = JobStatus.DONE
        job.figures = rendered.figures
        job.file_name = rendered.file_name
        job.error = "\n".join(rendered.notes)
        job.file.save(f"report-{job.pk}.docx", ContentFile(rendered.content), save=False)
    job.finished_at = timezone.now()
    job.save()
    return job


STALE_ERROR = "生成被中断（服务重启或超时），请重新生成"
LOST_ERROR = "排队超过一天仍未执行，请重新生成"


def report_jobs_sweep_stale(*, now=None) -> int:
    """Mark failed the jobs a restart left behind: "running" for longer than TAIZHANG_REPORT_STALE_MINUTES
    (every rendering ends well before that, template ones within their time limit), or queued for a day.
    Runs when the worker starts and every few minutes; answers how many jobs it failed."""
    from datetime import timedelta

    now = now or timezone.now()
    stale = now - timedelta(minutes=getattr(settings, "TAIZHANG_REPORT_STALE_MINUTES", 30))
    running = ReportJob.objects.filter(status=JobStatus.RUNNING).filter(
        models.Q(started_at__lt=stale) | models.Q(started_at__isnull=True, created_at__lt=stale))
    failed = running.update(status=JobStatus.FAILED, error=STALE_ERROR, finished_at=now)
    failed += ReportJob.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - timedelta(days=1)).update(
        status=JobStatus.FAILED, error=LOST_ERROR, finished_at=now)
    return failed


def report_template_upload(*, actor, unit, name: str, upload) -> ReportTemplate:
    """Store an office's template after checking every placeholder against the catalogue."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("请填写模板名称", field="name")
    if not upload.name.lower().endswith(".docx"):
        raise ValidationFailed("模板须为 .docx 文件", field="file")
    data = upload.read()
    from taizhang.campaigns.models import Campaign

    probe = ReportRequest("template", unit, Campaign(name="示例专项工作"))
    used = usertemplates.check_template(data, probe)
    tpl = ReportTemplate(unit=unit, name=name, original_name=os.path.basename(upload.name)[:200],
                         placeholders=used, uploaded_by=actor)
    tpl.file.save("template.docx", ContentFile(data), save=False)
    tpl.save()
    audit_record(actor=actor, action="report_template.upload", obj=tpl, changes={"name": name, "keys": used})
    return tpl
