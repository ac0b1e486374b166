"""Excel pages: the import wizard (upload → mapping → validation report → confirm), templates, error
reports, and the export of every list (direct for small lists, a background job with progress for large ones)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

from taizhang.campaigns.selectors import campaign_for_request, campaign_get, campaigns_for, current_campaign
from taizhang.core.exceptions import TaizhangError
from taizhang.imports import selectors, services
from taizhang.imports.forms import UploadForm
from taizhang.imports.importers import importer_for
from taizhang.imports.models import IMPORT_KIND_LABELS, BatchStatus, ExportStatus
from taizhang.imports.templates_xlsx import TEMPLATES, errors_workbook, template_workbook
from taizhang.institutions.filters import InstitutionFilter
from taizhang.matters.filters import MatterFilter
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_any_role, roles_granting
from taizhang.research.filters import TopicFilter
from taizhang.study.filters import ActivityFilter
from taizhang.web.shapes import action_on, campaign_required, detail_url, own_unit_initial, post_action
from taizhang.web.views import form_apply_error, page

# The list pages' own filters, read again by their 导出Excel (kinds without one pass their keys through as typed).
RECORD_FILTERS = {"research": TopicFilter, "study": ActivityFilter, "matters": MatterFilter,
                  "institutions": InstitutionFilter}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_ROLES = roles_granting(P.CREATE) | roles_granting(P.MANAGE_UNITS) | roles_granting(P.MANAGE_USERS)


def _can_import(user) -> bool:
    return has_any_role(user, *IMPORT_ROLES)


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@page()
def index(request):
    if not _can_import(request.user):
        raise Http404("页面不存在")
    campaigns = list(campaigns_for(request.user))
    initial = own_unit_initial(request.user)
    current = current_campaign(request.user, request)
    if current is not None:
        initial["campaign"] = current.slug
    form = UploadForm(request.POST or None, request.FILES or None, campaigns=campaigns, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = campaign_get(request.user, d["campaign"]) if d["campaign"] else None
            unit = selectors.import_unit(d["unit_code"])
            upload = d["file"]
            if upload.size > settings.IMPORT_MAX_FILE_MB * 1024 * 1024:
                raise TaizhangError(f"文件超过 {settings.IMPORT_MAX_FILE_MB} MB，请拆分后再导入", field="file")
            batch = services.batch_upload(actor=request.user, kind=d["kind"], campaign=campaign, unit=unit,
                                          data=upload.read(), filename=upload.name, partial=d["partial"])
            return redirect("imports:batch", pk=batch.pk)
        except TaizhangError as exc:
            if exc.field is None and "权限范围" in exc.message:
                exc.field = "unit_code"
            form_apply_error(form, exc)
    return render(request, "imports/index.html", {
        "form": form, "batches": selectors.batches_for(request.user)[:50], "kinds": IMPORT_KIND_LABELS,
    })


@page()
def batch_view(request, pk):
    batch = selectors.batch_get(request.user, pk)
    if request.htmx and request.htmx.target == "tz-running" and request.method == "GET":
        # the running step's card polls here: while it runs, the card again; once finished, the whole page
        if batch.running:
            return render(request, "imports/_running.html", {"batch": batch})
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    if request.method == "POST" and batch.status != BatchStatus.DONE:
        return _batch_check(request, batch)
    cls = importer_for(batch.kind)
    fields = [(k, k) for k in cls.synonyms]
    labels = {k: v[0] for k, v in cls.synonyms.items()}
    return render(request, "imports/batch.html", {
        "batch": batch, "fields": fields, "labels": labels, "errors": batch.errors[:200],
        "more_errors": max(0, len(batch.errors) - 200), "stall_minutes": settings.IMPORT_STALL_MINUTES,
        "can_undo": batch.kind == "problems" and batch.status == BatchStatus.DONE and batch.created > 0
        and not batch.updated and services.batch_problems(batch).exists(),
        "can_confirm": batch.status == BatchStatus.CHECKED
        and (batch.partial or not batch.errors) and batch.rows > 0,
        "error_rows": len({e.get("row") for e in batch.errors}),
        "can_import_valid": batch.status == BatchStatus.CHECKED and batch.errors and not batch.partial
        and batch.rows > len({e.get("row") for e in batch.errors}),
    })


def _batch_check(request, batch):
    """选择工作表 (`sheet`) or 调整列对应 (`col_<n>`): check the file again with the new choice."""
    if request.POST.get("sheet"):
        return post_action(request, lambda d: services.batch_check(actor=request.user, batch=batch, sheet=d["sheet"]),
                           success="", to=_batch_page(batch))
    mapping = {}
    for col in batch.header.get("columns", []):
        value = request.POST.get(f"col_{col['index']}")
        if value is not None and value != (col["field"] or ""):
            mapping[col["index"]] = value or None
    return post_action(request, lambda d: services.batch_check(actor=request.user, batch=batch,
                                                               mapping={**batch.mapping, **mapping}),
                       success="", to=_batch_page(batch))


_batch_page = detail_url("imports:batch")


def _confirmed(request, batch) -> str:
    """The message after 确认导入: still running, done with its counts, or failed (an error message)."""
    if batch.running:
        messages.info(request, "文件较大，正在后台导入，完成后本页自动刷新")
    elif batch.status == BatchStatus.DONE:
        return f"已导入：新增 {batch.created} 条，更新 {batch.updated} 条，跳过 {batch.skipped} 条"
    else:
        messages.error(request, batch.message or "导入失败")
    return ""


@action_on(selectors.batch_get)
def confirm(request, batch):
    return post_action(request, lambda d: services.batch_confirm(actor=request.user, batch=batch,
                                                                 valid_only=request.POST.get("valid_only") == "1"),
                       success=lambda done: _confirmed(request, done), to=_batch_page(batch))


@action_on(selectors.batch_get)
def undo(request, batch):
    """撤销导入: take back the problems a ledger batch created (see services.batch_undo)."""
    return post_action(request, lambda d: services.batch_undo(actor=request.user, batch=batch),
                       success=lambda done: done.message, to=_batch_page(batch))


@page()
def errors_download(request, pk):
    batch = selectors.batch_get(request.user, pk)
    try:
        data = errors_workbook(services.batch_data(batch), batch.filename, batch.sheet, batch.errors)
    except Exception:  # noqa: BLE001 - an unreadable file has no rows to annotate
        raise Http404("原文件无法读取")
    return _xlsx(data, f"错误报告-{batch.filename.rsplit('.', 1)[0]}.xlsx")


@page()
def template_download(request, kind):
    if kind not in TEMPLATES or not _can_import(request.user):
        raise Http404("模板不存在")
    label = IMPORT_KIND_LABELS[kind].split("（")[0]
    return _xlsx(template_workbook(kind, label), f"{label}导入模板.xlsx")


# --- export --------------------------------------------------------------------------------------

@page()
def export(request, kind="problems"):
    """A list page's rows — its filters, the user's scope — as an Excel file: directly up to
    settings.EXPORT_SYNC_LIMIT records, through a background ExportJob above."""
    from taizhang.imports.export import EXPORTS

    if kind == "problems":
        return _export_problems(request)
    cls = EXPORTS.get(kind)
    if cls is None or not cls.allowed(request.user):
        raise Http404("页面不存在")
    campaign = None
    if cls.needs_campaign:
        campaign = campaign_for_request(request)
        if campaign is None:
            raise Http404("没有可用的专项工作")
    filter_class = RECORD_FILTERS.get(kind)
    if filter_class is not None:
        # the list page's own filter: the same query string selects the same rows here as on the page
        f = filter_class.from_params(request.user, request.GET)
        if f.errors:
            raise Http404("；".join(f.errors.values()))
        unit, filters = f.unit, {k: v for k, v in f.params().items() if k != "unit"}
        code = unit.code if unit is not None else ""
    else:
        code = request.GET.get("unit", "").strip()
        unit = cls.find_unit(request.user, code) if code else None
        filters = {k: request.GET.get(k, "").strip() for k in cls.filter_keys}
    exporter = cls(user=request.user, campaign=campaign, unit=unit, filters=filters)
    if exporter.count() > settings.EXPORT_SYNC_LIMIT:
        top = unit or cls.visible_units(request.user).order_by("depth", "path").first()
        job = services.export_job_create(actor=request.user, kind=kind, campaign=campaign, unit=top,
                                         params={"unit": code, **filters})
        return redirect("imports:export_job", pk=job.pk)
    return _direct(request.user, kind, campaign, unit, {"unit": code, **filters}, exporter.write)


def _export_problems(request):
    from taizhang.imports.export import export_problems
    from taizhang.ledger import selectors
    from taizhang.ledger.filters import ProblemFilters

    if not has_any_role(request.user, *roles_granting(P.VIEW)):
        raise Http404("页面不存在")
    campaign = campaign_required(request)
    filters = ProblemFilters.from_params(request.user, request.GET, campaign=campaign)
    if filters.blocked:
        raise Http404(filters.notice)
    f = filters.problem_filter()
    count = selectors.problem_list(request.user, campaign, f).order_by().count()
    params = {k: getattr(f, k) for k in services._FILTER_KEYS}
    code = f.unit.code if f.unit is not None else ""
    if count > settings.EXPORT_SYNC_LIMIT:
        job = services.export_job_create(actor=request.user, campaign=campaign, unit=f.unit or _top_unit(request.user),
                                         params={"unit": code, **params})
        return redirect("imports:export_job", pk=job.pk)
    return _direct(request.user, "problems", campaign, f.unit, {"unit": code, **params},
                   lambda path: export_problems(user=request.user, campaign=campaign, path=path, f=f))


def _direct(user, kind, campaign, unit, params, write) -> FileResponse:
    """An export answered in the same request: `write(path)` fills a private temporary file, which is gone once it
    is open for the answer (or once writing failed); the export is audited."""
    from taizhang.imports.export import export_filename

    fd, name = tempfile.mkstemp(prefix=f"taizhang-direct-{user.pk}-", suffix=".xlsx")
    os.close(fd)
    path = Path(name)
    try:
        count = write(path)
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        path.unlink(missing_ok=True)  # the open handle keeps the data readable on POSIX
    services.export_audit(actor=user, kind=kind, campaign=campaign, unit=unit, count=count, params=params)
    return FileResponse(handle, as_attachment=True, filename=export_filename(kind, campaign), content_type=XLSX)


def _top_unit(user):
    units = [a.unit for a in _assignments(user) if a.role in roles_granting(P.VIEW)]
    return min(units, key=lambda u: u.depth)


def _assignments(user):
    from taizhang.orgs.scope import user_assignments

    return user_assignments(user)


@page()
def export_job(request, pk):
    job = selectors.export_job_get(request.user, pk)
    template = "imports/_job.html" if request.htmx else "imports/job.html"
    return render(request, template, {"job": job, "running": job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)})


@page()
def export_download(request, pk):
    job = selectors.export_job_get(request.user, pk)
    if job.status != ExportStatus.DONE or not job.path:
        raise Http404("文件尚未生成")
    try:
        handle = services.export_file(job)
    except FileNotFoundError:
        raise Http404("导出文件已不存在，请重新导出") from None
    return FileResponse(handle, as_attachment=True, content_type=XLSX, filename=job.filename)
