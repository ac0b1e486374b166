"""Practical-matter pages: the 实事清单, the 需求清单 where matters are claimed, and the lifecycle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.exceptions import TaizhangError
from taizhang.matters import selectors, services
from taizhang.matters.forms import FinishForm, MatterEditForm, MatterForm
from taizhang.matters.models import MatterStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role, require_any_action
from taizhang.orgs.selectors import unit_from_code, user_from_username
from taizhang.web.views import form_apply_error, posted_version, service_errors
from taizhang.workflow import available


@login_required
@service_errors
def matter_list(request):
    require_any_action(request.user, P.VIEW)
    campaign = campaign_for_request(request)
    status = request.GET.get("status", "")
    qs = selectors.matter_list(request.user, campaign, status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "matters/matter_list.html", {
        "campaign": campaign, "page": page, "status": status, "statuses": MatterStatus.choices,
        "categories": dict(campaign.code_choices("matter_category")) if campaign else {},
        "can_create": has_any_role(request.user, P.OFFICE, P.CLERK), "nav_current": "matters:matter_list"})


@login_required
@service_errors
def demand_list(request):
    require_any_action(request.user, P.VIEW, P.OWN)
    campaign = campaign_for_request(request)
    matters = selectors.demand_list(request.user, campaign).order_by("-created_at", "-id")[:300]
    return render(request, "matters/demand_list.html", {
        "campaign": campaign, "matters": matters,
        "mine": selectors.my_claims(request.user, campaign).order_by("-id")[:100],
        "can_claim": has_any_role(request.user, P.OFFICE, P.CLERK, P.LEADER, P.MEMBER),
        "nav_current": "matters:demand_list"})


@login_required
@service_errors
def matter_create(request):
    require_any_action(request.user, P.CREATE)
    campaign = campaign_for_request(request)
    initial = {"unit_code": request.user.unit.code if request.user.unit_id else ""}
    form = MatterForm(request.POST or None, initial=initial, campaign=campaign)
    if request.method == "POST" and form.is_valid() and campaign is not None:
        data = dict(form.cleaned_data)
        try:
            unit = unit_from_code(request.user, data.pop("unit_code"), P.CREATE)
            data["lead_leader"] = user_from_username(data.pop("leader_username"), field="leader_username")
            matter = services.matter_create(actor=request.user, campaign=campaign, unit=unit, **data)
            messages.success(request, "实事已登记，进入需求清单")
            return redirect("matters:matter_detail", pk=matter.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "matters/form.html", {"form": form, "title": "登记为民办实事"})


@login_required
@service_errors
def matter_detail(request, pk):
    matter = selectors.matter_get(request.user, pk)
    return render(request, "matters/matter_detail.html", {
        "matter": matter, "category": matter.campaign.code_label("matter_category", matter.category),
        "actions": [t for t in available(matter, request.user)
                    if t.action != "finish"],
        "can_finish": matter.status == MatterStatus.IN_PROGRESS and any(
            has_action(request.user, a, matter.unit) for a in (P.CHANGE, P.LEAD)),
        "can_change": has_action(request.user, P.CHANGE, matter.unit),
        "finish_form": FinishForm(initial={"result": matter.result, "beneficiaries": matter.beneficiaries,
                                           "money": matter.money, "satisfaction": matter.satisfaction}),
        "nav_current": "matters:matter_list"})


@login_required
@service_errors
def matter_edit(request, pk):
    matter = selectors.matter_get(request.user, pk)
    if not has_action(request.user, P.CHANGE, matter.unit):
        raise Http404()
    initial = {"leader_username": matter.lead_leader.username if matter.lead_leader_id else ""}
    form = MatterEditForm(request.POST or None, instance=matter, initial=initial, campaign=matter.campaign)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["lead_leader"] = user_from_username(data.pop("leader_username"), field="leader_username")
            if data["lead_leader"] and not data["lead_leader_name"]:
                data["lead_leader_name"] = str(data["lead_leader"])
            data["beneficiaries"] = data.get("beneficiaries") or 0
            data["money"] = data.get("money") or 0
            matter = selectors.matter_get(request.user, pk)
            services.matter_update(actor=request.user, matter=matter, expected_version=posted_version(request), **data)
            messages.success(request, "实事已保存")
            return redirect("matters:matter_detail", pk=matter.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "matters/form.html", {"form": form, "title": f"修改实事：{matter.title}",
                                                 "version": matter.version})


@require_POST
@login_required
@service_errors
def matter_claim(request, pk):
    matter = selectors.demand_get(request.user, pk)
    try:
        services.matter_claim(actor=request.user, matter=matter, expected_version=posted_version(request))
        messages.success(request, f"已认领「{matter.title}」")
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect("matters:demand_list")


@require_POST
@login_required
@service_errors
def matter_action(request, pk, action):
    matter = selectors.matter_get(request.user, pk)
    if action not in services.MATTER_TRANSITIONS:
        raise Http404()
    outcome = {}
    if action == "finish":
        form = FinishForm(request.POST)
        if not form.is_valid():
            messages.error(request, "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items()
                                             if f in form.fields))
            return redirect("matters:matter_detail", pk=matter.pk)
        outcome = form.cleaned_data
    try:
        services.matter_transition(actor=request.user, matter=matter, action=action,
                                   expected_version=posted_version(request), **outcome)
        messages.success(request, f"已{services.MATTER_TRANSITIONS[action].label}")
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect("matters:matter_detail", pk=matter.pk)
