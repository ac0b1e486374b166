"""Reads of the study workstream, from the user's scope; a member's own record from OWN."""

from __future__ import annotations

from django.db.models import Sum

from taizhang.core.querysets import narrowed, of_campaign, one_or_not_found
from taizhang.orgs import permissions as P
from taizhang.stats.selectors import metric_narrowed
from taizhang.study.models import ReadingItem, StudyActivity


def activities_visible(user, campaign=None):
    qs = StudyActivity.objects.for_user(user, P.VIEW).select_related("unit", "campaign")
    return of_campaign(qs, campaign)


def activity_list(user, campaign, *, type: str = "", unit=None, metric: str = ""):
    """The 学习活动 list page's rows (latest first), filtered by 学习形式 and by a unit's subtree; the Excel export
    reads the same function."""
    return metric_narrowed(narrowed(activities_visible(user, campaign), type=type, unit=unit), metric, campaign).order_by("-start_date", "-id")


def activity_get(user, pk: int) -> StudyActivity:
    return one_or_not_found(activities_visible(user), "学习活动不存在或不在您的权限范围内", pk=pk)


def reading_list(campaign):
    return ReadingItem.objects.filter(campaign=campaign) if campaign is not None else ReadingItem.objects.none()


def my_activities(user, campaign=None):
    """学习记录: the activities the user is linked to as a participant."""
    qs = StudyActivity.objects.filter(participants=user).select_related("unit").order_by("-start_date", "-id")
    return of_campaign(qs, campaign)


def my_totals(user, campaign=None) -> dict:
    qs = my_activities(user, campaign)
    totals = qs.aggregate(days=Sum("days"))
    return {"activities": qs.count(), "days": totals["days"] or 0}


def participants(text: str) -> list:
    """The accounts named in a participant list (usernames — or an account's exact name, where only one active
    account carries it — split by spaces, commas or 、), each once, in order; ValidationFailed naming the ones
    that do not exist or are inactive."""
    import re

    from taizhang.core.exceptions import ValidationFailed
    from taizhang.orgs.models import User

    names = [n for n in re.split(r"[\s,，、;；]+", text or "") if n]
    users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    by_name: dict[str, list] = {}
    for u in User.objects.filter(display_name__in=[n for n in names if n not in users], is_active=True):
        by_name.setdefault(u.display_name, []).append(u)
    users.update({name: same[0] for name, same in by_name.items() if len(same) == 1})
    ambiguous = [name for name, same in by_name.items() if len(same) > 1]
    if ambiguous:
        raise ValidationFailed(f"「{'、'.join(ambiguous)}」对应多个账号，请从下拉中选择", field="participant_usernames")
    missing = [n for n in names if n not in users]
    if missing:
        raise ValidationFailed(f"账号「{'、'.join(missing)}」不存在或已停用", field="participant_usernames")
    return list({users[n].pk: users[n] for n in names}.values())


def my_activity_rows(user, campaign=None):
    """`my_activities` with each row's campaign loaded too, for lists that show it (the API)."""
    return my_activities(user, campaign).select_related("campaign")
