"""Material pages: submissions (typed or uploaded), access grants on confidential ones, compilations."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.exceptions import ValidationFailed
from taizhang.core.uploads import stored_file
from taizhang.materials import selectors, services
from taizhang.materials.filters import MaterialFilter
from taizhang.materials.forms import CompilationForm, GrantForm, MaterialForm
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, holds_any_action
from taizhang.orgs.selectors import unit_from_code, user_from_username
from taizhang.web.shapes import (
    action_on,
    campaign_list_page,
    campaign_needed,
    create_page,
    detail_url,
    form_page,
    own_unit_initial,
    post_action,
)
from taizhang.web.views import page


@page(P.VIEW, P.OWN)
def material_list(request):
    return campaign_list_page(request, MaterialFilter, selectors.material_list,
                              template="materials/material_list.html",
                              context={"nav_current": "materials:material_list",
                                       "can_create": holds_any_action(request.user, P.CREATE, P.OWN)})


def _material_unit(user, code: str):
    """The unit a material is submitted for: one the user writes for (CREATE), else their own (OWN)."""
    try:
        return unit_from_code(user, code, P.CREATE)
    except ValidationFailed:
        return unit_from_code(user, code, P.OWN)


def _with_file(data: dict) -> dict:
    data["upload"] = data.pop("file")
    return data


@page(P.CREATE, P.OWN)
def material_create(request):
    return create_page(request, MaterialForm, create=services.material_submit, unit=_material_unit,
                       prepare=_with_file, success="材料已提交",
                       to=lambda m: reverse("materials:material_detail", kwargs={"pk": m.pk}),
                       template="materials/form.html", context={"title": "提交交流材料", "back": "materials:material_list"})


@page()
def material_detail(request, pk):
    material = selectors.material_get(request.user, pk)
    may_manage = material.confidential and (material.author_id == request.user.pk
                                            or selectors.is_unit_office_of(request.user, material))
    return render(request, "materials/material_detail.html", {
        "material": material, "may_manage": may_manage,
        "grants": selectors.material_grants(material) if may_manage else [],
        "grant_form": GrantForm(), "nav_current": "materials:material_list",
        "may_mark_typical": not material.confidential and has_action(request.user, P.REPORT, material.unit)})


@action_on(selectors.material_get)
def material_typical(request, material):
    """标记为典型经验 / 取消标记 (``typical`` = 1 | 0): the stage summary cites marked materials."""
    typical = request.POST.get("typical") == "1"

    def write(data):
        services.material_mark_typical(actor=request.user, material=material, typical=typical)

    return post_action(request, write, success="已标记为典型经验" if typical else "已取消典型经验标记",
                       to=reverse("materials:material_detail", kwargs={"pk": material.pk}))


@action_on(selectors.material_get)
def material_grant(request, material):
    """授权阅看 or 撤销授权 of a confidential material (op = grant | revoke)."""

    def write(data):
        grantee = user_from_username(data["grantee"], field="grantee")
        if data["op"] == "revoke":
            services.material_revoke(actor=request.user, material=material, grantee=grantee)
            return f"已撤销「{grantee}」的阅看授权"
        services.material_grant(actor=request.user, material=material, grantee=grantee)
        return f"已授权「{grantee}」阅看"

    return post_action(request, write, form=GrantForm(request.POST), success=lambda said: said,
                       to=reverse("materials:material_detail", kwargs={"pk": material.pk}))


_compilation_page = detail_url("materials:compilation_detail")


@page(P.REPORT)
def compilation_list(request):
    campaign = campaign_for_request(request)
    initial = own_unit_initial(request.user)

    def save(data):
        unit = unit_from_code(request.user, data["unit_code"], P.REPORT)
        return services.compilation_create(actor=request.user, campaign=campaign_needed(campaign), unit=unit,
                                           title=data["title"])

    return form_page(request, CompilationForm(request.POST or None, initial=initial), save=save,
                     success="材料汇编已创建，请添加材料", to=_compilation_page,
                     template="materials/compilation_list.html", context={
                         "campaign": campaign, "nav_current": "materials:compilation_list",
                         "compilations": selectors.compilations_visible(request.user, campaign)[:200]})


def _posted_id(data, name: str) -> int:
    """The material or compilation item a button names; a missing or made-up id is the user's mistake."""
    value = data.get(name) or ""
    if not value.isdigit():
        raise ValidationFailed("请选择材料")
    return int(value)


def _compilation_edit(request, comp):
    """添加 / 上移 / 下移 / 移除 on a compilation's page (`op` in the form)."""
    user = request.user
    ops = {
        "add": lambda d: services.compilation_add(actor=user, compilation=comp, material=selectors.material_get(
            user, _posted_id(d, "material"))),
        "up": lambda d: services.compilation_move(actor=user, compilation=comp, item_id=_posted_id(d, "item"),
                                                  offset=-1),
        "down": lambda d: services.compilation_move(actor=user, compilation=comp, item_id=_posted_id(d, "item"),
                                                    offset=1),
        "remove": lambda d: services.compilation_remove(actor=user, compilation=comp, item_id=_posted_id(d, "item")),
    }
    op = ops.get(request.POST.get("op", ""))
    if op is None:
        raise Http404()
    return post_action(request, op, success="", to=_compilation_page(comp))


@page()
def compilation_detail(request, pk):
    comp = selectors.compilation_get(request.user, pk)
    can_edit = has_action(request.user, P.REPORT, comp.unit)
    if request.method == "POST":
        if not can_edit:
            raise Http404()
        return _compilation_edit(request, comp)
    return render(request, "materials/compilation_detail.html", {
        "comp": comp, "items": selectors.compilation_items(comp), "can_edit": can_edit,
        "candidates": selectors.compilation_candidates(request.user, comp) if can_edit else [],
        "nav_current": "materials:compilation_list"})


@page()
def material_file(request, pk):
    """Download the record's file, for those who may see the record (404 for everyone else)."""
    obj = selectors.material_get(request.user, pk)
    return stored_file(obj.file, obj.file_name)
