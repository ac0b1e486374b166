"""The 报告 pages: pick a kind and a unit, preview the catalogue figures, render in the background and
download; the list of catalogue keys for template writers; template upload."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.exceptions import TaizhangError
from taizhang.orgs import permissions as P
from taizhang.reports import selectors, services, usertemplates
from taizhang.reports.builders import keys_for
from taizhang.reports.figures import catalogue_rows
from taizhang.reports.forms import ReportForm, TemplateUploadForm
from taizhang.reports.models import JobStatus, ReportKind
from taizhang.stats.rollup import stats_for
from taizhang.web.shapes import form_page
from taizhang.web.views import form_apply_error, page


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
            if request.method == "POST":
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
        "nav_current": "reports:index"})


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
