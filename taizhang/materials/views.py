"""Material pages: submissions (typed or uploaded), access grants on confidential ones, compilations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.exceptions import TaizhangError, ValidationFailed
from taizhang.materials import selectors, services
from taizhang.materials.forms import CompilationForm, GrantForm, MaterialForm
from taizhang.materials.models import Genre
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, require_any_action
from taizhang.orgs.selectors import unit_from_code, user_from_username
from taizhang.web.views import form_apply_error, service_errors


@login_required
@service_errors
def material_list(request):
    require_any_action(request.user, P.VIEW, P.OWN)
    campaign = campaign_for_request(request)
    qs = selectors.materials_visible(request.user, campaign).order_by("-created_at", "-id")
    genre = request.GET.get("genre", "")
    if genre:
        qs = qs.filter(genre=genre)
    page = Paginator(qs.defer("body"), 30).get_page(request.GET.get("page"))
    return render(request, "materials/material_list.html", {
        "campaign": campaign, "page": page, "genre": genre, "genres": Genre.choices,
        "nav_current": "materials:material_list"})


@login_required
@service_errors
def material_create(request):
    require_any_action(request.user, P.CREATE, P.OWN)
    campaign = campaign_for_request(request)
    initial = {"unit_code": request.user.unit.code if request.user.unit_id else ""}
    form = MaterialForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and campaign is not None:
        data = dict(form.cleaned_data)
        try:
            code = data.pop("unit_code")
            try:
                unit = unit_from_code(request.user, code, P.CREATE)
            except ValidationFailed:
                unit = unit_from_code(request.user, code, P.OWN)
            data["upload"] = data.pop("file")
            material = services.material_submit(actor=request.user, campaign=campaign, unit=unit, **data)
            messages.success(request, "材料已提交")
            return redirect("materials:material_detail", pk=material.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "materials/form.html", {"form": form, "title": "提交交流材料",
                                                   "back": "materials:material_list"})


@login_required
@service_errors
def material_detail(request, pk):
    material = selectors.material_get(request.user, pk)
    may_manage = material.confidential and (material.author_id == request.user.pk
                                            or selectors.is_unit_office_of(request.user, material))
    return render(request, "materials/material_detail.html", {
        "material": material, "may_manage": may_manage,
        "grants": material.grants.select_related("grantee") if may_manage else [],
        "grant_form": GrantForm(), "nav_current": "materials:material_list"})


@require_POST
@login_required
@service_errors
def material_grant(request, pk):
    material = selectors.material_get(request.user, pk)
    form = GrantForm(request.POST)
    if form.is_valid():
        try:
            grantee = user_from_username(form.cleaned_data["grantee"], field="grantee")
            if form.cleaned_data["op"] == "revoke":
                services.material_revoke(actor=request.user, material=material, grantee=grantee)
                messages.success(request, f"已撤销「{grantee}」的阅看授权")
            else:
                services.material_grant(actor=request.user, material=material, grantee=grantee)
                messages.success(request, f"已授权「{grantee}」阅看")
        except TaizhangError as exc:
            messages.error(request, exc.message)
    return redirect("materials:material_detail", pk=material.pk)


@login_required
@service_errors
def compilation_list(request):
    require_any_action(request.user, P.REPORT)
    campaign = campaign_for_request(request)
    initial = {"unit_code": request.user.unit.code if request.user.unit_id else ""}
    form = CompilationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and campaign is not None:
        try:
            unit = unit_from_code(request.user, form.cleaned_data["unit_code"], P.REPORT)
            comp = services.compilation_create(actor=request.user, campaign=campaign, unit=unit,
                                               title=form.cleaned_data["title"])
            messages.success(request, "材料汇编已创建，请添加材料")
            return redirect("materials:compilation_detail", pk=comp.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "materials/compilation_list.html", {
        "campaign": campaign, "compilations": selectors.compilations_visible(request.user, campaign)[:200],
        "form": form, "nav_current": "materials:compilation_list"})


@login_required
@service_errors
def compilation_detail(request, pk):
    comp = selectors.compilation_get(request.user, pk)
    can_edit = has_action(request.user, P.REPORT, comp.unit)
    if request.method == "POST":
        if not can_edit:
            raise Http404()
        op = request.POST.get("op", "")
        try:
            if op == "add":
                material = selectors.material_get(request.user, int(request.POST.get("material") or 0))
                services.compilation_add(actor=request.user, compilation=comp, material=material)
            elif op in ("up", "down"):
                services.compilation_move(actor=request.user, compilation=comp,
                                          item_id=int(request.POST.get("item") or 0), offset=-1 if op == "up" else 1)
            elif op == "remove":
                services.compilation_remove(actor=request.user, compilation=comp,
                                            item_id=int(request.POST.get("item") or 0))
            else:
                raise Http404()
        except TaizhangError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, "请选择材料")
        return redirect("materials:compilation_detail", pk=comp.pk)
    items = comp.items.select_related("material", "material__unit")
    in_comp = {i.material_id for i in items}
    candidates = []
    if can_edit:
        candidates = [m for m in selectors.materials_visible(request.user, comp.campaign)
                      .filter(confidential=False).defer("body").order_by("-id")[:300] if m.pk not in in_comp]
    return render(request, "materials/compilation_detail.html", {
        "comp": comp, "items": items, "can_edit": can_edit, "candidates": candidates,
        "nav_current": "materials:compilation_list"})
