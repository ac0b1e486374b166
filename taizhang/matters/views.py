"""Practical-matter pages: the 实事清单, the 需求清单 where matters are claimed, and the lifecycle."""

from functools import partial

from django.shortcuts import render

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.matters import selectors, services
from taizhang.matters.filters import MatterFilter
from taizhang.matters.forms import FinishForm, MatterEditForm, MatterForm
from taizhang.matters.models import MatterStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role
from taizhang.orgs.selectors import with_account
from taizhang.web.shapes import (
    action_dispatch,
    action_on,
    campaign_list_page,
    create_page,
    detail_url,
    edit_page,
    post_action,
)
from taizhang.web.views import page, posted_version
from taizhang.workflow import available


@page(P.VIEW)
def matter_list(request):
    campaign = campaign_for_request(request)
    return campaign_list_page(request, MatterFilter, selectors.matter_list, template="matters/matter_list.html",
                              context={"categories": dict(campaign.code_choices("matter_category")) if campaign else {},
                                       "can_create": has_any_role(request.user, P.OFFICE, P.CLERK),
                                       "nav_current": "matters:matter_list"})


@page(P.VIEW, P.OWN)
def demand_list(request):
    campaign = campaign_for_request(request)
    matters = selectors.demand_board(request.user, campaign)
    return render(request, "matters/demand_list.html", {
        "campaign": campaign, "matters": matters,
        "mine": selectors.my_claims_recent(request.user, campaign),
        "can_claim": has_any_role(request.user, P.OFFICE, P.CLERK, P.LEADER, P.MEMBER),
        "nav_current": "matters:demand_list"})


_matter_page = detail_url("matters:matter_detail")


@page(P.CREATE)
def matter_create(request):
    return create_page(request, MatterForm, create=services.matter_create, prepare=with_account, with_campaign=True,
                       success="实事已登记，进入需求清单", to=_matter_page, template="matters/form.html",
                       context={"title": "登记为民办实事"})


@page()
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


def _edited_matter(data: dict) -> dict:
    data = with_account(data)
    if data["lead_leader"] and not data["lead_leader_name"]:
        data["lead_leader_name"] = str(data["lead_leader"])
    data["beneficiaries"] = data.get("beneficiaries") or 0
    data["money"] = data.get("money") or 0
    return data


@page()
def matter_edit(request, pk):
    return edit_page(request, pk, get=selectors.matter_get, form_class=MatterEditForm, update=services.matter_update,
                     record_kwarg="matter", prepare=_edited_matter, with_campaign=True, success="实事已保存",
                     to=_matter_page, template="matters/form.html",
                     initial=lambda m: {"leader_username": m.lead_leader.username if m.lead_leader_id else ""},
                     context=lambda m: {"title": f"修改实事：{m.title}"})


@action_on(selectors.demand_get)
def matter_claim(request, matter):
    return post_action(request, lambda d: services.matter_claim(
        actor=request.user, matter=matter, expected_version=posted_version(request)),
        success=f"已认领「{matter.title}」", to="matters:demand_list")


def _matter_transition(request, matter, *, action: str):
    """One lifecycle action; 完成 (finish) carries the outcome form (result, beneficiaries, money …)."""
    return post_action(request, lambda d: services.matter_transition(
        actor=request.user, matter=matter, action=action, expected_version=posted_version(request),
        **(d if action == "finish" else {})), form=FinishForm(request.POST) if action == "finish" else None,
        success=f"已{services.MATTER_TRANSITIONS[action].label}", to=_matter_page(matter))


matter_action = action_dispatch({action: partial(_matter_transition, action=action)
                                 for action in services.MATTER_TRANSITIONS}, get=selectors.matter_get)
