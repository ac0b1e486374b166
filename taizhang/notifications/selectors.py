"""Reads of the notifications app, each starting from the user: own inbox, robots and outbox in scope."""

from __future__ import annotations

from taizhang.core.exceptions import NotFound
from taizhang.notifications.models import Notification, OutboundMessage, RobotChannel
from taizhang.orgs import permissions as P


def inbox(user, *, unread_only: bool = False):
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user) -> int:
    return inbox(user, unread_only=True).count()


def notification_get(user, pk: int) -> Notification:
    note = inbox(user).filter(pk=pk).first()
    if note is None:
        raise NotFound("消息不存在")
    return note


def robots_for(user):
    """Robots of units where the user is the office (the only role that manages them)."""
    return RobotChannel.objects.for_user(user, P.CONFIGURE).select_related("unit", "campaign", "created_by")


def robot_get(user, pk: int) -> RobotChannel:
    robot = robots_for(user).filter(pk=pk).first()
    if robot is None:
        raise NotFound("群机器人不存在或不在您的权限范围内")
    return robot


def outbox_for(user):
    """Outbox rows about units in the office's scope, newest first."""
    return OutboundMessage.objects.for_user(user, P.CONFIGURE).select_related("robot", "unit")
