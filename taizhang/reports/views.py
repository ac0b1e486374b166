"""The 报告 pages: pick a kind and a unit, preview the catalogue figures, render in the background and
download; the list of catalogue keys for template writers; template upload."""

from io import BytesIO

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.exceptions import Conflict, TaizhangError
from taizhang.orgs import permissions as P
from taizhang.reports import drafts, selectors, services, usertemplates
from taizhang.reports.builders import keys_for
from taizhang.reports.figures import catalogue_rows
from taizhang.reports.forms import ReportForm, TemplateUploadForm
from taizhang.reports.models import JobStatus, ReportKind
from taizhang.stats.rollup import stats_for
from taizhang.web.shapes import action_dispatch, form_page, post_action
from taizhang.web.views import form_apply_error, page, posted_version


def _default_code(user) -> str:
    units = selectors.report_units(user)
    return units[0].code if units else ""


@page(P.REPORT)
def index(request):
    campaign = campaign_for_request(request)
    from taizhang.materials.selectors import compilations_visible

    compilations = list(compilations_visible(request.user, campaign)[:200]) if campaign else []
    templates = list(selectors.templates_visible(request.user)[:200])
    data = request.POST if request.method == "POST" else (request.GET if "kind" in request.GET else None)
    form = ReportForm(data, compilations=compilations, templates=templates,
                      initial={"kind": ReportKind.STAGE_SUMMARY, "unit_code": _default_code(request.user)})
    preview = None
    if data is not None and form.is_valid() and campaign is not None:
        cd = form.cleaned_data
        try:
            unit = selectors.report_unit_typed(request.user, cd["unit_code"])
            services.check_as_of(cd["as_of"])
            comp = next((c for c in compilations if c.pk == cd["compilation"]), None)
            tpl = selectors.template_get(request.user, cd["template"]) if cd["template"] else None
            if request.method == "POST" and "preview" not in request.POST:  # 预览数字 is POSTed too
                job = services.report_job_create(actor=request.user, kind=cd["kind"], unit=unit, campaign=campaign,
                                                 as_of=cd["as_of"], metrics=cd["metrics"], compilation=comp,
                                                 template=tpl)
                return redirect("reports:job_detail", pk=job.pk)
            keys = tpl.placeholders if tpl is not None and cd["kind"] == ReportKind.TEMPLATE else (
                keys_for(cd["kind"], cd["metrics"]) if cd["kind"] != ReportKind.TEMPLATE else [])
            values = stats_for(unit, campaign, as_of=cd["as_of"], keys=keys) if keys else {}
            preview = {"unit": unit, "rows": catalogue_rows(values), "as_of": cd["as_of"]}
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "reports/index.html", {
        "campaign": campaign, "form": form, "preview": preview, "jobs": selectors.jobs_requested(request.user),
        "drafts": selectors.drafts_recent(request.user, campaign),
        "narrative": [ReportKind(k).label for k in drafts.narrative_kinds()], "nav_current": "reports:index"})


@page()
def job_detail(request, pk):
    job = selectors.job_get(request.user, pk)
    template = "reports/_job_status.html" if request.htmx else "reports/job_detail.html"
    return render(request, template, {"job": job, "finished": job.status in (JobStatus.DONE, JobStatus.FAILED),
                                      "figures": catalogue_rows({k: v for k, v in job.figures.items() if "@" not in k}),
                                      "nav_current": "reports:index"})


@page()
def job_download(request, pk):
    job = selectors.job_get(request.user, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404(_("报告尚未生成"))
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name or "report.docx")


@page(P.REPORT)
def keys(request):
    """Every catalogue key with its label, the template spellings and the current value for a unit."""
    campaign = campaign_for_request(request)
    code = request.GET.get("unit") or _default_code(request.user)
    unit = selectors.report_unit(request.user, code) if code else None
    values = stats_for(unit, campaign) if unit is not None and campaign is not None else {}
    labels = usertemplates.label_map()
    rows = catalogue_rows(values)
    for row in rows:
        row["by_label"] = row["label"] if labels.get(row["label"]) == row["key"] else ""
    return render(request, "reports/keys.html", {
        "campaign": campaign, "unit": unit, "rows": rows, "lists": usertemplates.LIST_NAMES,
        "nav_current": "reports:index"})


@page(P.REPORT)
def template_list(request):
    form = TemplateUploadForm(request.POST or None, request.FILES or None,
                              initial={"unit_code": _default_code(request.user)})
    return form_page(request, form, save=lambda d: services.report_template_upload(
        actor=request.user, unit=selectors.report_unit_typed(request.user, d["unit_code"]), name=d["name"],
        upload=d["file"]), success=lambda tpl: _("模板「%(name)s」已上传，使用了 %(n)d 个指标") % {
            "name": tpl.name, "n": len(tpl.placeholders)}, to="reports:template_list",
        template="reports/template_list.html", context={
            "templates": selectors.templates_visible(request.user)[:200], "nav_current": "reports:index"})


# ------------------------------------------------------------------------------------------- drafts


@require_POST
@page(P.REPORT)
def draft_create(request):
    """Generate an editable draft of a narrative report from the 报告 page's choices."""
    campaign = campaign_for_request(request)

    def create(cd):
        if campaign is None:
            raise TaizhangError(_("没有可用的专项工作，请先选择专项工作"))
        unit = selectors.report_unit_typed(request.user, cd["unit_code"])
        return drafts.draft_generate(actor=request.user, kind=cd["kind"], unit=unit, campaign=campaign,
                                     as_of=cd["as_of"], metrics=cd["metrics"])

    return post_action(request, create, form=ReportForm(request.POST),
                       success=lambda d: _("已生成草稿，可以逐段修改文字后下载 Word 文档"),
                       to=lambda d: reverse("reports:draft_detail", kwargs={"pk": d.pk}) if d else
                       reverse("reports:index"))


def _draft_page(request, draft, *, editing=None, status=200):
    return render(request, "reports/draft_detail.html", {
        "draft": draft, "blocks": drafts.page_blocks(draft), "annexes": drafts.annex_blocks(draft),
        "moved": drafts.moved_figures(draft), "choices": drafts.field_choices(draft),
        "title": draft.generated.get("title", ""), "editing": editing or {},
        "nav_current": "reports:index"}, status=status)


@page(P.REPORT)
def draft_detail(request, pk):
    return _draft_page(request, selectors.draft_get(request.user, pk))


@page(P.REPORT)
def draft_download(request, pk):
    content, name = drafts.draft_render(selectors.draft_get(request.user, pk))
    return FileResponse(BytesIO(content), as_attachment=True, filename=name)


def _to_block(draft, block_id=""):
    url = reverse("reports:draft_detail", kwargs={"pk": draft.pk})
    return f"{url}#b-{block_id}" if block_id else url


def _draft_edit(request, draft):
    """Save a paragraph's wording; a refused text comes back in its editor with the reason under it."""
    block_id, text = request.POST.get("block", ""), request.POST.get("text", "")
    lead = request.POST.get("lead") if "lead" in request.POST else None
    try:
        changes = drafts.draft_edit_block(actor=request.user, draft=draft, block_id=block_id, text=text, lead=lead,
                                          expected_version=posted_version(request))
    except TaizhangError as exc:
        fresh = selectors.draft_get(request.user, draft.pk)
        return _draft_page(request, fresh, status=409 if isinstance(exc, Conflict) else 200, editing={
            "block": block_id, "text": text, "lead": lead or "", "error": exc.message})
    messages.success(request, _("已保存段落的修改，数字仍随数据更新") if changes else _("段落没有变化"))
    return redirect(_to_block(draft, block_id))


def _draft_reset(request, draft):
    block_id = request.POST.get("block", "")
    return post_action(request, lambda d: drafts.draft_reset_block(
        actor=request.user, draft=draft, block_id=block_id, expected_version=posted_version(request)),
        success=_("已恢复为生成的文字"), to=_to_block(draft, block_id))


def _draft_dropped(dropped: bool):
    def handler(request, draft):
        block_id = request.POST.get("block", "")
        return post_action(request, lambda d: drafts.draft_set_dropped(
            actor=request.user, draft=draft, block_id=block_id, dropped=dropped,
            expected_version=posted_version(request)),
            success=_("已删去该段落，下载的文档中不再包含它") if dropped else _("已保留该段落"),
            to=_to_block(draft, block_id))
    return handler


def _draft_regenerate(request, draft):
    def success(moved):
        if not moved:
            return _("已按最新数据重新生成，数字没有变化；您修改过的文字均已保留")
        return _("已按最新数据重新生成，%(n)d 个数字有变化；您修改过的文字均已保留") % {"n": len(moved)}

    return post_action(request, lambda d: drafts.draft_regenerate(
        actor=request.user, draft=draft, expected_version=posted_version(request)),
        success=success, to=_to_block(draft))


draft_action = action_dispatch({
    "edit": _draft_edit,
    "reset": _draft_reset,
    "drop": _draft_dropped(True),
    "keep": _draft_dropped(False),
    "regenerate": _draft_regenerate,
}, get=selectors.draft_get)
