"""发送记录: the office sees the outbox of its units, failures highlighted; other offices do not."""

from __future__ import annotations

from taizhang.notifications.models import OutboundMessage
from taizhang.notifications.tests.factories import make_robot


def _row(robot, title, **fields):
    return OutboundMessage.objects.create(channel="robot", robot=robot, unit=robot.unit, title=title, **fields)


def test_the_office_sees_its_units_rows_with_failures_highlighted(world, login):
    k1 = make_robot(world, unit="K1", name="东县群")
    k3 = make_robot(world, unit="K3", name="远县群")
    _row(k1, "已发出的提醒", status="sent")
    _row(k1, "没发出的提醒", status="failed", attempts=5, last_error="企业微信机器人：系统繁忙", last_error_code=-1)
    _row(k3, "远县的提醒", status="sent")
    html = login("county_office").get("/notifications/outbox/").content.decode()
    assert "已发出的提醒" in html and "没发出的提醒" in html and "远县的提醒" not in html
    assert 'class="table-danger"' in html and "企业微信机器人：系统繁忙" in html and "错误码 -1" in html
    failed_only = login("county_office").get("/notifications/outbox/?status=failed").content.decode()
    assert "没发出的提醒" in failed_only and "已发出的提醒" not in failed_only


def test_another_county_office_sees_none_of_them(world, login):
    _row(make_robot(world, unit="K1"), "东县的提醒", status="sent")
    assert "东县的提醒" not in login("outsider_office").get("/notifications/outbox/").content.decode()
