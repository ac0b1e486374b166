"""Pages of 问题质量: similar problems while typing, marking duplicates, 共性问题, the quality report."""

from __future__ import annotations

import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from taizhang.core.exceptions import NotFound
from taizhang.institutions.selectors import institution_get, institutions_visible
from taizhang.ledger import selectors as ledger_selectors
from taizhang.ledger.models import Problem
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action
from taizhang.orgs.selectors import unit_get
from taizhang.quality import checks, forms, selectors, services
from taizhang.stats.selectors import default_unit
from taizhang.web.shapes import campaign_required, post_action
from taizhang.web.views import page

CLUSTERS_SHOWN = 50


@require_GET
@page(P.VIEW)
def similar(request):
    """The five problems of the campaign in the user's scope most like what is being typed (a fragment under the
    problem form's 问题表现; the form fetches it as the user types)."""
    campaign = campaign_required(request)
    text = (request.GET.get("q") or "")[:500]
    try:
        exclude = int(request.GET.get("exclude") or 0) or None
    except ValueError:
        exclude = None
    code = (request.GET.get("unit") or "").strip()
    near_unit = None
    if code:
        try:
            near_unit = unit_get(request.user, code, P.VIEW)
        except NotFound:  # a half-typed unit code: compare with the whole scope
            near_unit = None
    hits = selectors.similar_problems(request.user, campaign, text, exclude_pk=exclude, near_unit=near_unit)
    for h in hits:
        h["percent"] = round(h["score"] * 100)
    return render(request, "quality/_similar.html", {"hits": hits, "text": text})


@require_POST
@page(P.REVIEW)
def mark_duplicate(request, pk):
    duplicate = ledger_selectors.problem_get(request.user, pk)
    to = reverse("ledger:detail", kwargs={"pk": duplicate.pk})

    def call(d):
        kept = Problem.objects.for_user(request.user, P.VIEW).filter(
            campaign=duplicate.campaign, number=d["kept"].strip()).first()
        if kept is None:
            from taizhang.core.exceptions import ValidationFailed

            raise ValidationFailed(f"本专项工作中没有您可见的编号为「{d['kept'].strip()}」的问题", field="kept")
        return services.problem_mark_duplicate(actor=request.user, duplicate=duplicate, kept=kept,
                                               reason=d.get("reason") or "")

    return post_action(request, call, form=forms.MarkDuplicateForm(request.POST), to=to,
                       success=lambda m: f"已将 {duplicate.number} 标为与 {m.kept.number} 重复并撤销")


def _unit_or_default(request, code: str):
    if code:
        return unit_get(request.user, code, P.VIEW)
    unit = default_unit(request.user)
    if unit is None:
        raise Http404("没有可统计的单位")
    return unit


@require_GET
@page(P.REVIEW)
def cluster_list(request):
    """共性问题: problems of a unit's descendants that say nearly the same thing, with what to do about them."""
    campaign = campaign_required(request)
    form = forms.ClusterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    unit = _unit_or_default(request, (data.get("unit") or "").strip())
    threshold = data.get("threshold") or selectors.CLUSTER_THRESHOLD
    min_units = data.get("min_units") or selectors.CLUSTER_MIN_UNITS
    too_large = selectors.too_large(request.user, campaign, unit)
    clusters = [] if too_large else selectors.problem_clusters(request.user, campaign, unit, threshold=threshold,
                                                               min_units=min_units, limit=CLUSTERS_SHOWN)
    institutions = list(institutions_visible(request.user, campaign).order_by("-issued_date", "-id")[:200])
    return render(request, "quality/clusters.html", {
        "campaign": campaign, "form": form, "unit": unit, "threshold": threshold, "min_units": min_units,
        "clusters": clusters, "institutions": institutions, "too_large": too_large,
        "can_act": has_action(request.user, P.REVIEW, unit), "nav_current": "quality:clusters"})


def _cluster_problems(request, campaign, ids):
    problems = selectors.problems_by_ids(request.user, campaign, ids)
    if len(problems) != len(set(ids)):
        raise Http404("问题不存在或不在您的权限范围内")
    return problems


@require_POST
@page(P.REVIEW)
def cluster_institution(request):
    """建章立制 from a cluster: register a new rule, or link an existing one, to all its problems."""
    campaign = campaign_required(request)
    form = forms.ClusterInstitutionForm(request.POST)
    back = reverse("quality:clusters") + f"?campaign={campaign.slug}"

    def call(d):
        problems = _cluster_problems(request, campaign, d["problems"])
        if d.get("institution"):
            inst = institution_get(request.user, d["institution"])
            services.cluster_link_institution(actor=request.user, institution=inst, problems=problems)
            return inst
        unit = unit_get(request.user, d["unit_code"].strip(), P.REVIEW)
        return services.cluster_create_institution(
            actor=request.user, campaign=campaign, unit=unit, problems=problems, title=d["title"], kind=d["kind"],
            doc_number=d.get("doc_number") or "", issued_date=d.get("issued_date"), summary=d.get("summary") or "")

    n = len(request.POST.get("problems", "").split(","))
    return post_action(request, call, form=form, success=lambda inst: f"制度「{inst.title}」已关联 {n} 个问题",
                       to=lambda inst: reverse("institutions:institution_detail", kwargs={"pk": inst.pk})
                       if inst is not None else back)


@require_POST
@page(P.REVIEW)
def cluster_topic(request):
    """A research topic for a cluster, linked to all its problems."""
    campaign = campaign_required(request)
    back = reverse("quality:clusters") + f"?campaign={campaign.slug}"

    def call(d):
        problems = _cluster_problems(request, campaign, d["problems"])
        unit = unit_get(request.user, d["unit_code"].strip(), P.REVIEW)
        return services.cluster_create_topic(actor=request.user, campaign=campaign, unit=unit, problems=problems,
                                             title=d["title"], direction=d.get("direction") or "",
                                             rationale=d.get("rationale") or "")

    return post_action(request, call, form=forms.ClusterTopicForm(request.POST),
                       success=lambda t: f"调研课题「{t.title}」已登记，关联 {t.problems.count()} 个问题",
                       to=lambda t: reverse("research:topic_detail", kwargs={"pk": t.pk}) if t is not None else back)


@require_GET
@page(P.REVIEW)
def report(request):
    """问题质量报告: every problem of the scope with a warning and why; ?format=xlsx exports the same rows."""
    campaign = campaign_required(request)
    form = forms.ReportFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    code = (data.get("unit") or "").strip()
    unit = unit_get(request.user, code, P.VIEW) if code else None
    too_large = selectors.too_large(request.user, campaign, unit)
    rows = [] if too_large else selectors.quality_report(
        request.user, campaign, unit, kind=data.get("kind") or "",
        generic_limit=data.get("generic_units") or checks.GENERIC_UNITS)
    if request.GET.get("format") == "xlsx":
        return _xlsx(campaign, rows)
    counts: dict[str, int] = {}
    for r in rows:
        for f in r["findings"]:
            counts[f.label] = counts.get(f.label, 0) + 1
    query = request.GET.copy()
    query["format"] = "xlsx"
    return render(request, "quality/report.html", {
        "campaign": campaign, "form": form, "rows": rows, "counts": sorted(counts.items()), "too_large": too_large,
        "export_url": f"{reverse('quality:report')}?{query.urlencode()}", "nav_current": "quality:report"})


def _xlsx(campaign, rows) -> HttpResponse:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("问题质量")
    bold = book.add_format({"bold": True})
    heads = ["编号", "责任单位", "问题标题", "状态", "问题类型", "原因"]
    for c, h in enumerate(heads):
        sheet.write(0, c, h, bold)
    r = 1
    for row in rows:
        p = row["problem"]
        for f in row["findings"]:
            for c, v in enumerate([p.number, p.unit.name, p.title, p.get_status_display(), f.label, f.why]):
                sheet.write_string(r, c, str(v))
            r += 1
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 2, 30)
    sheet.set_column(5, 5, 60)
    book.close()
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(campaign.slug + '-问题质量.xlsx')}"
    return response
