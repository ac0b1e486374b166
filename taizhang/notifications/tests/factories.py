"""Builders for notifications tests and the permission matrix."""

from __future__ import annotations

from taizhang.notifications.models import Notification, RobotChannel


def make_robot(world, *, unit: str = "K1", platform: str = "wecom", webhook_url: str | None = None,
               secret: str = "", quiet_hours: str = "", applies_to_subunits: bool = True, name: str = "",
               campaign=None, actor: str = "province_office") -> RobotChannel:
    from taizhang.notifications.services import robot_create

    return robot_create(actor=world.user(actor), unit=world.unit(unit), platform=platform,
                        name=name or f"{unit}工作群", secret=secret, campaign=campaign,
                        webhook_url=webhook_url or "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=TESTKEY123456",
                        applies_to_subunits=applies_to_subunits, quiet_hours=quiet_hours)


def make_notification(user, title: str = "测试消息", link: str = "/") -> Notification:
    return Notification.objects.create(recipient=user, title=title, body="正文", link=link)
