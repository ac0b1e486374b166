"""Study pages: activities, the reading list, and a member's own study record."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.exceptions import TaizhangError, ValidationFailed
from taizhang.orgs import permissions as P
from taizhang.orgs.models import User
from taizhang.orgs.scope import has_action, has_any_role, require_any_action
from taizhang.orgs.selectors import unit_from_code
from taizhang.study import selectors, services
from taizhang.study.forms import ActivityEditForm, ActivityForm, ReadingItemForm
from taizhang.study.models import StudyType
from taizhang.web.views import form_apply_error, posted_version, service_errors


def _participants(text: str) -> list:
    names = [n for n in re.split(r"[\s,，、;；]+", text or "") if n]
    users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    missing = [n for n in names if n not in users]
    if missing:
        raise ValidationFailed(f"账号「{'、'.join(missing)}」不存在或已停用", field="participant_usernames")
    return [users[n] for n in dict.fromkeys(names)]


def _numbers(data: dict) -> dict:
    for name in ("days", "participant_count", "speakers", "outputs"):
        data[name] = data.get(name) or 0
    data["attendance"] = data.get("attendance") or None
    return data


@login_required
@service_errors
def activity_list(request):
    require_any_action(request.user, P.VIEW)
    campaign = campaign_for_request(request)
    kind = request.GET.get("type", "")
    qs = selectors.activity_list(request.user, campaign, type=kind)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "study/activity_list.html", {
        "campaign": campaign, "page": page, "types": StudyType.choices, "type": kind,
        "can_create": has_any_role(request.user, P.OFFICE, P.CLERK), "nav_current": "study:activity_list"})


@login_required
@service_errors
def activity_create(request):
    require_any_action(request.user, P.CREATE)
    campaign = campaign_for_request(request)
    initial = {"unit_code": request.user.unit.code if request.user.unit_id else ""}
    form = ActivityForm(request.POST or None, request.FILES or None, initial=initial, campaign=campaign)
    if request.method == "POST" and form.is_valid() and campaign is not None:
        data = _numbers(dict(form.cleaned_data))
        try:
            unit = unit_from_code(request.user, data.pop("unit_code"), P.CREATE)
            data["participants"] = _participants(data.pop("participant_usernames"))
            data["upload"] = data.pop("attachment")
            activity = services.activity_create(actor=request.user, campaign=campaign, unit=unit, **data)
            messages.success(request, "学习活动已登记")
            return redirect("study:activity_detail", pk=activity.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "study/form.html", {"form": form, "title": "登记学习活动"})


@login_required
@service_errors
def activity_detail(request, pk):
    activity = selectors.activity_get(request.user, pk)
    return render(request, "study/activity_detail.html", {
        "activity": activity, "participants": activity.participants.all()[:500],
        "materials": activity.materials.all(), "can_change": has_action(request.user, P.CHANGE, activity.unit),
        "nav_current": "study:activity_list"})


@login_required
@service_errors
def activity_edit(request, pk):
    activity = selectors.activity_get(request.user, pk)
    if not has_action(request.user, P.CHANGE, activity.unit):
        raise Http404()
    initial = {"participant_usernames": " ".join(activity.participants.values_list("username", flat=True))}
    form = ActivityEditForm(request.POST or None, instance=activity, initial=initial, campaign=activity.campaign)
    if request.method == "POST" and form.is_valid():
        data = _numbers(dict(form.cleaned_data))
        try:
            participants = _participants(data.pop("participant_usernames"))
            materials = list(data.pop("materials"))
            activity = selectors.activity_get(request.user, pk)
            services.activity_update(actor=request.user, activity=activity, expected_version=posted_version(request),
                                     participants=participants, materials=materials, **data)
            messages.success(request, "学习活动已保存")
            return redirect("study:activity_detail", pk=activity.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "study/form.html", {"form": form, "title": f"修改学习活动：{activity.title}",
                                               "version": activity.version})



@login_required
@service_errors
def reading_list(request):
    """The campaign's 必读/选读 list; the campaign's office adds titles here."""
    require_any_action(request.user, P.VIEW, P.OWN)
    campaign = campaign_for_request(request)
    can_configure = campaign is not None and has_action(request.user, P.CONFIGURE, campaign.root_unit)
    form = ReadingItemForm(request.POST or None)
    if request.method == "POST":
        if not can_configure:
            raise Http404()
        if form.is_valid():
            try:
                services.reading_item_add(actor=request.user, campaign=campaign, **form.cleaned_data)
                messages.success(request, "书目已添加")
                return redirect("study:reading_list")
            except TaizhangError as exc:
                form_apply_error(form, exc)
    return render(request, "study/reading_list.html", {
        "campaign": campaign, "items": selectors.reading_list(campaign), "form": form,
        "can_configure": can_configure, "nav_current": "study:reading_list"})


@login_required
def my_record(request):
    """学习记录: a party member's own activities (role `member`, action OWN)."""
    require_any_action(request.user, P.OWN)
    campaign = campaign_for_request(request)
    return render(request, "study/my_record.html", {
        "campaign": campaign, "activities": selectors.my_activities(request.user, campaign)[:500],
        "totals": selectors.my_totals(request.user, campaign), "nav_current": "study:my_record"})
