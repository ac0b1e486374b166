"""查重 pages: the campaign's materials by share found elsewhere, one material's report with its passages side by
side, checks on demand, and the reference corpus."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.materials.selectors import material_get
from taizhang.orgs import permissions as P
from taizhang.orgs.selectors import unit_from_code
from taizhang.similarity import selectors, services
from taizhang.similarity.forms import ReferenceForm
from taizhang.web.shapes import action_on, campaign_needed, form_page, own_unit_initial, page_of, post_action
from taizhang.web.views import page


@page(P.REPORT)
def check_list(request):
    """查重 list: the campaign's materials the office covers, highest share found elsewhere first."""
    campaign = campaign_for_request(request)
    rows = selectors.check_list(request.user, campaign)
    return render(request, "similarity/check_list.html", {
        "campaign": campaign, "page": page_of(request, rows, per_page=50), "nav_current": "similarity:check_list",
        "checked": sum(1 for _, r in rows if r is not None and not r.check.pending), "total": len(rows)})


@page(P.REPORT)
def check_all(request):
    """全部重新查重 (POST): every material of the campaign the office covers, queued."""
    if request.method != "POST":
        raise Http404()
    campaign = campaign_for_request(request)

    def write(data):
        return services.campaign_check_request(actor=request.user, campaign=campaign_needed(campaign))

    return post_action(request, write, success=lambda n: f"已提交 {n} 份材料重新查重，完成后刷新本页查看",
                       to=reverse("similarity:check_list"))


def _reported_material(user, pk):
    """The material, if the user sees it and reports for its unit; 404 otherwise."""
    material = material_get(user, pk)
    if not selectors.may_see_checks(user, material):
        raise Http404()
    return material


@page(P.REPORT)
def material_report(request, pk):
    material = _reported_material(request.user, pk)
    report = selectors.report_for(request.user, material)
    return render(request, "similarity/material_report.html", {
        "material": material, "report": report, "nav_current": "similarity:check_list"})


@action_on(_reported_material)
def material_check(request, material):
    """重新查重 of one material (queued; immediate without a worker)."""

    def write(data):
        services.material_check_request(actor=request.user, material=material)

    return post_action(request, write, success="已提交查重，完成后刷新本页查看结果",
                       to=reverse("similarity:material_report", kwargs={"pk": material.pk}))


@page(P.REPORT)
def reference_list(request):
    """查重比对文档: upload (POST) and the list of the documents of the units the user reports for."""

    def save(data):
        unit = unit_from_code(request.user, data["unit_code"], P.REPORT)
        return services.reference_upload(actor=request.user, unit=unit, title=data["title"], upload=data["file"])

    form = ReferenceForm(request.POST or None, request.FILES or None, initial=own_unit_initial(request.user))
    return form_page(request, form, save=save, success=lambda d: f"已上传比对文档「{d.title}」",
                     to=reverse("similarity:reference_list"), template="similarity/reference_list.html",
                     context={"references": selectors.references_visible(request.user).defer("body")[:500],
                              "nav_current": "similarity:check_list"})


@action_on(selectors.reference_get)
def reference_delete(request, reference):
    title = reference.title

    def write(data):
        services.reference_delete(actor=request.user, reference=reference)

    return post_action(request, write, success=f"已删除比对文档「{title}」", to=reverse("similarity:reference_list"))
