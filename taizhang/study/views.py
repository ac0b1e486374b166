"""Study pages: activities, the reading list, and a member's own study record."""

from django.http import Http404
from django.shortcuts import render

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.uploads import stored_file
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role
from taizhang.study import selectors, services
from taizhang.study.filters import ActivityFilter
from taizhang.study.forms import ActivityEditForm, ActivityForm, ReadingItemForm
from taizhang.web.shapes import campaign_list_page, create_page, detail_url, edit_page, form_page
from taizhang.web.views import page


def _numbers(data: dict) -> dict:
    for name in ("days", "participant_count", "speakers", "outputs"):
        data[name] = data.get(name) or 0
    data["attendance"] = data.get("attendance") or None
    return data


@page(P.VIEW)
def activity_list(request):
    return campaign_list_page(request, ActivityFilter, selectors.activity_list, template="study/activity_list.html",
                              context={"can_create": has_any_role(request.user, P.OFFICE, P.CLERK),
                                       "nav_current": "study:activity_list"})


_activity_page = detail_url("study:activity_detail")


def _new_activity(data: dict) -> dict:
    data = _numbers(data)
    data["participants"] = selectors.participants(data.pop("participant_usernames"))
    data["upload"] = data.pop("attachment")
    return data


@page(P.CREATE)
def activity_create(request):
    return create_page(request, ActivityForm, create=services.activity_create, prepare=_new_activity,
                       with_campaign=True, success="学习活动已登记", to=_activity_page, template="study/form.html",
                       context={"title": "登记学习活动"})


@page()
def activity_detail(request, pk):
    activity = selectors.activity_get(request.user, pk)
    return render(request, "study/activity_detail.html", {
        "activity": activity, "participants": activity.participants.all()[:500],
        "materials": activity.materials.all(), "can_change": has_action(request.user, P.CHANGE, activity.unit),
        "nav_current": "study:activity_list"})


def _edited_activity(data: dict) -> dict:
    data = _numbers(data)
    data["participants"] = selectors.participants(data.pop("participant_usernames"))
    data["materials"] = list(data.pop("materials"))
    return data


@page()
def activity_edit(request, pk):
    return edit_page(request, pk, get=selectors.activity_get, form_class=ActivityEditForm,
                     update=services.activity_update, record_kwarg="activity", prepare=_edited_activity,
                     with_campaign=True, success="学习活动已保存", to=_activity_page, template="study/form.html",
                     initial=lambda a: {"participant_usernames": " ".join(
                         a.participants.values_list("username", flat=True))},
                     context=lambda a: {"title": f"修改学习活动：{a.title}"})


@page(P.VIEW, P.OWN)
def reading_list(request):
    """The campaign's 必读/选读 list; the campaign's office adds titles here."""
    campaign = campaign_for_request(request)
    can_configure = campaign is not None and has_action(request.user, P.CONFIGURE, campaign.root_unit)
    if request.method == "POST" and not can_configure:
        raise Http404()
    return form_page(request, ReadingItemForm(request.POST or None), save=lambda d: services.reading_item_add(
        actor=request.user, campaign=campaign, **d), success="书目已添加", to="study:reading_list",
        template="study/reading_list.html", context={
            "campaign": campaign, "items": selectors.reading_list(campaign), "can_configure": can_configure,
            "nav_current": "study:reading_list"})


@page(P.OWN)
def my_record(request):
    """学习记录: a party member's own activities (role `member`, action OWN)."""
    campaign = campaign_for_request(request)
    return render(request, "study/my_record.html", {
        "campaign": campaign, "activities": selectors.my_activities(request.user, campaign)[:500],
        "totals": selectors.my_totals(request.user, campaign), "nav_current": "study:my_record"})


@page()
def activity_file(request, pk):
    """Download the record's file, for those who may see the record (404 for everyone else)."""
    obj = selectors.activity_get(request.user, pk)
    return stored_file(obj.attachment)
