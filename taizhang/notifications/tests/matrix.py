"""Permission-matrix entries for the notifications app (see taizhang.testing.Route)."""

from taizhang.notifications.tests.factories import make_notification, make_robot
from taizhang.testing import Route

EVERYONE = ("county_office", "village_clerk", "inspector", "sysadmin", "auditor", "member", "outsider")
OFFICES = ("province_office", "county_office", "township_office", "outsider_office")
NOT_OFFICE = ("village_clerk", "county_leader", "inspector", "sysadmin", "secadmin", "auditor", "member")
# A K1 robot: managed by the K1 office and the province office; T1's office sits below it.
K1_OFFICES = ("county_office", "province_office")
K1_DENIED = ("outsider", "outsider_office", "township_office", "village_clerk", "county_leader", "sysadmin")


def _robot(w):
    return {"pk": make_robot(w).pk}


def _unreachable_robot(w):
    # nothing listens on the discard port: the test send fails fast with a network error, no internet needed
    return {"pk": make_robot(w, webhook_url="http://127.0.0.1:9/cgi-bin/webhook/send?key=TESTKEY123456").pk}


def _own_note(w):
    return {"pk": make_notification(w.county_office).pk}


def _robot_post(w):
    return {"unit": "K1", "platform": "dingtalk", "name": "东县提醒群", "quiet_hours": "22:00-07:30",
            "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=abc123456789",
            "applies_to_subunits": "on"}


MATRIX = [
    Route("notifications:inbox", allowed=EVERYONE),
    Route("notifications:read_all", method="post", allowed=EVERYONE),
    Route("notifications:read", method="post", kwargs=_own_note, allowed=("county_office",),
          denied=("outsider", "village_clerk", "province_office")),
    Route("notifications:open", method="post", kwargs=_own_note, allowed=("county_office",),
          denied=("outsider", "outsider_office", "province_office")),
    Route("notifications:robot_list", allowed=OFFICES, denied=NOT_OFFICE),
    Route("notifications:robot_create", allowed=OFFICES, denied=NOT_OFFICE),
    Route("notifications:robot_create", method="post", data=_robot_post, allowed=K1_OFFICES,
          ok_status=(302,), denied=NOT_OFFICE),
    Route("notifications:robot_edit", kwargs=_robot, allowed=K1_OFFICES, denied=K1_DENIED),
    Route("notifications:robot_deactivate", method="post", kwargs=_robot, allowed=K1_OFFICES, denied=K1_DENIED),
    Route("notifications:robot_test", method="post", kwargs=_unreachable_robot, allowed=K1_OFFICES,
          denied=K1_DENIED),
    Route("notifications:outbox", allowed=OFFICES, denied=NOT_OFFICE),
    # API
    Route("api:notification_list", allowed=EVERYONE),
    Route("api:notification_read", method="post", kwargs=_own_note, allowed=("county_office",),
          denied=("outsider", "village_clerk", "outsider_office")),
]
