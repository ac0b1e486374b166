"""Permission-matrix entries for the notifications app (see taizhang.testing.Route)."""

from taizhang.notifications.tests.factories import make_notification, make_robot
from taizhang.testing import Route, row_exists, row_has

EVERYONE = ("county_office", "village_clerk", "inspector", "sysadmin", "auditor", "member", "outsider")
OFFICES = ("province_office", "county_office", "township_office", "outsider_office")
NOT_OFFICE = ("village_clerk", "county_leader", "inspector", "sysadmin", "secadmin", "auditor", "member")
# A K1 robot: managed by the K1 office and the province office; T1's office sits below it.
K1_OFFICES = ("county_office", "province_office")
K1_DENIED = ("outsider", "outsider_office", "township_office", "village_clerk", "county_leader", "sysadmin")


def _robot(w):
    return {"pk": make_robot(w).pk}


_FAKE_WECOM = []


def _fake_wecom():
    """One fake 企业微信 server on loopback for this test process (a daemon thread; it answers every test send)."""
    from taizhang.notifications.tests.fakes import FakeWeComServer

    if not _FAKE_WECOM:
        _FAKE_WECOM.append(FakeWeComServer().start())
    return _FAKE_WECOM[0]


def _answering_robot(w):
    return {"pk": make_robot(w, webhook_url=_fake_wecom().webhook_url).pk}


def _delivered(w, sent):
    """The platform answered ok (as the audit event records) to a message that named the sender."""
    assert sent.new_events().get(action="robot.test_send").changes["ok"] is True
    user = sent.response.wsgi_request.user
    assert user.display_name in _fake_wecom().requests[-1].body.decode()


def _unread_for_everyone(w):
    for username in EVERYONE:
        make_notification(w.user(username), title="整改进展催报")
    return {}


def _all_read(w, sent):
    from taizhang.notifications.models import Notification

    mine = Notification.objects.filter(recipient=sent.response.wsgi_request.user)
    assert mine.exists() and not mine.filter(read_at__isnull=True).exists()


def _read(w, sent):
    from taizhang.notifications.models import Notification

    assert Notification.objects.get(pk=sent.kwargs["pk"]).read_at is not None


def _own_note(w):
    return {"pk": make_notification(w.county_office).pk}


def _mute_approved(w, sent):
    """The 消息设置 form switched off 问题已销号 for the user who sent it, and only that."""
    from taizhang.notifications.models import EventMute

    user = sent.response.wsgi_request.user
    assert list(EventMute.objects.filter(user=user).values_list("event", flat=True)) == ["problem.approved"]


def _robot_post(w):
    return {"unit": "K1", "platform": "dingtalk", "name": "东县提醒群", "quiet_hours": "22:00-07:30",
            "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=abc123456789",
            "applies_to_subunits": "on"}


MATRIX = [
    Route("notifications:inbox", allowed=EVERYONE),
    Route("notifications:read_all", method="post", data=_unread_for_everyone, allowed=EVERYONE, effect=_all_read),
    Route("notifications:read", method="post", kwargs=_own_note, allowed=("county_office",),
          denied=("outsider", "village_clerk", "province_office"), audit="notification.read", effect=_read),
    Route("notifications:open", method="post", kwargs=_own_note, allowed=("county_office",),
          denied=("outsider", "outsider_office", "province_office"), audit="notification.read", effect=_read),
    Route("notifications:preferences", allowed=EVERYONE),
    # every business role may switch off an informational event (the form lists it; its switch is left off)
    Route("notifications:preferences", method="post", data=lambda w: {"shown": ["problem.approved"]},
          allowed=("county_office", "village_clerk", "county_leader", "inspector", "member"),
          audit="notification.mute", effect=_mute_approved),
    Route("notifications:robot_list", allowed=OFFICES, denied=NOT_OFFICE),
    Route("notifications:robot_create", allowed=OFFICES, denied=NOT_OFFICE),
    Route("notifications:robot_create", method="post", data=_robot_post, allowed=K1_OFFICES,
          ok_status=(302,), denied=NOT_OFFICE, audit="robot.create",
          effect=row_exists("notifications.RobotChannel", unit__code="K1", name="东县提醒群", active=True)),
    Route("notifications:robot_edit", kwargs=_robot, allowed=K1_OFFICES, denied=K1_DENIED),
    Route("notifications:robot_deactivate", method="post", kwargs=_robot, allowed=K1_OFFICES, denied=K1_DENIED,
          audit="robot.deactivate", effect=row_has("notifications.RobotChannel", active=False)),
    Route("notifications:robot_test", method="post", kwargs=_answering_robot, allowed=K1_OFFICES,
          denied=K1_DENIED, audit="robot.test_send",
          effect=_delivered),
    Route("notifications:outbox", allowed=OFFICES, denied=NOT_OFFICE),
    # API
    Route("api:notification_list", allowed=EVERYONE),
    Route("api:notification_read", method="post", kwargs=_own_note, allowed=("county_office",),
          denied=("outsider", "village_clerk", "outsider_office"), audit="notification.read", effect=_read),
]
