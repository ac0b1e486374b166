"""Reads of the notifications app, each starting from the user: own inbox, robots and outbox in scope."""

from __future__ import annotations

from taizhang.core.querysets import one_or_not_found
from taizhang.notifications.models import Notification, OutboundMessage, RobotChannel
from taizhang.orgs import permissions as P


def inbox(user, *, unread_only: bool = False):
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user) -> int:
    return inbox(user, unread_only=True).count()


def notification_get(user, pk: int) -> Notification:
    return one_or_not_found(inbox(user), "消息不存在", pk=pk)


def event_preferences(user) -> list[dict]:
    """The ledger events (notifications.events) as the user's 消息设置 rows: label, who receives it, whether
    the user muted it and whether the user's roles allow muting it. None for an account without a business role."""
    from taizhang.notifications.events import EVENTS
    from taizhang.notifications.models import EventMute
    from taizhang.orgs.scope import user_assignments

    if not {a.role for a in user_assignments(user)} & P.BUSINESS_ROLES:
        return []  # the 三员 hold no business role and are never told of ledger events
    muted = set(EventMute.objects.filter(user=user).values_list("event", flat=True))
    rows = []
    for event in EVENTS.values():
        may_mute = event.may_mute(user)
        rows.append({"code": event.code, "anchor": event.code.replace(".", "-"), "label": event.label,
                     "audience": event.audience, "may_mute": may_mute, "muted": may_mute and event.code in muted})
    return rows


def robots_for(user):
    """Robots of units where the user is the office (the only role that manages them)."""
    return RobotChannel.objects.for_user(user, P.CONFIGURE).select_related("unit", "campaign", "created_by")


def robot_get(user, pk: int) -> RobotChannel:
    return one_or_not_found(robots_for(user), "群机器人不存在或不在您的权限范围内", pk=pk)


def outbox_for(user):
    """Outbox rows about units in the office's scope, newest first."""
    return OutboundMessage.objects.for_user(user, P.CONFIGURE).select_related("robot", "unit")


def robot_units(user):
    """Units whose robots the user sets up (CONFIGURE), in tree order: the robot form's choices."""
    from taizhang.orgs.scope import scope_units

    return scope_units(user, P.CONFIGURE).order_by("path")


def robot_campaigns(user):
    """Active campaigns a robot may be limited to."""
    from taizhang.campaigns.selectors import campaigns_for

    return campaigns_for(user).filter(active=True)


def robot_targets(user, *, unit: str, campaign: str = "") -> dict:
    """The robot form's unit code and campaign slug as the objects they name, within what the user configures."""
    from taizhang.core.exceptions import TaizhangError
    from taizhang.orgs.selectors import unit_matches

    matches = unit_matches(robot_units(user), unit)
    if len(matches) > 1:
        raise TaizhangError(f"「{unit}」对应多个单位，请从下拉中选择", field="unit")
    if not matches:
        raise TaizhangError(f"所属单位「{unit}」不存在或不在您的权限范围内", field="unit")
    found = matches[0]
    chosen = None
    if campaign:
        chosen = robot_campaigns(user).filter(slug=campaign).first()
        if chosen is None:
            raise TaizhangError("所选专项工作不存在", field="campaign")
    return {"unit": found, "campaign": chosen}


def outbox_list(user, *, status: str = ""):
    """The 发送记录 page's rows, narrowed by status."""
    qs = outbox_for(user)
    return qs.filter(status=status) if status else qs
