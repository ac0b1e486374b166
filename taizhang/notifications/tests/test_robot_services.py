"""robot_create / robot_update / robot_deactivate / robot_test_send: office only, audited, secrets masked."""

from __future__ import annotations

import pytest

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import Conflict, NotFound, ValidationFailed
from taizhang.notifications.models import mask_webhook
from taizhang.notifications.services import robot_create, robot_deactivate, robot_test_send, robot_update
from taizhang.notifications.tests.factories import make_robot
from taizhang.notifications.tests.fakes import FakeDingTalkServer, FakeWeComServer

DING_URL = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef"
SECRET = "SEC0123456789abcdef0123456789"


def test_the_office_adds_a_robot_to_its_unit(world):
    robot = robot_create(actor=world.county_office, unit=world.unit("T1"), platform="dingtalk", name="东镇群",
                         webhook_url=DING_URL, secret=SECRET, quiet_hours="22:00-07:30")
    assert (robot.unit.code, robot.created_by.username, robot.active) == ("T1", "county_office", True)


@pytest.mark.parametrize("username", ["village_clerk", "county_leader", "inspector", "outsider_office", "sysadmin"])
def test_others_cannot_add_a_robot(world, username):
    with pytest.raises(NotFound):
        robot_create(actor=world.user(username), unit=world.unit("K1"), platform="wecom", name="群",
                     webhook_url=DING_URL)


def test_the_audit_trail_never_holds_the_secret_or_the_webhook_key(world):
    robot = robot_create(actor=world.county_office, unit=world.unit("K1"), platform="dingtalk", name="群",
                         webhook_url=DING_URL, secret=SECRET)
    robot_update(actor=world.county_office, robot=robot, expected_version=robot.version,
                 secret="SECfedcba9876543210fedcba", webhook_url=DING_URL.replace("0123", "9999"))
    events = list(AuditEvent.objects.filter(action__startswith="robot.").order_by("seq"))
    assert [e.action for e in events] == ["robot.create", "robot.update"]
    dump = repr([e.changes for e in events])
    assert SECRET not in dump and "0123456789abcdef" not in dump and "fedcba9876543210" not in dump
    assert events[0].changes["secret"] == "SEC0****6789"
    assert events[0].changes["webhook_url"] == "https://oapi.dingtalk.com/robot/send?access_token=0123****cdef"


def test_a_blank_webhook_or_secret_keeps_the_stored_one(world):
    robot = make_robot(world, secret=SECRET)
    url = robot.webhook_url
    robot_update(actor=world.county_office, robot=robot, expected_version=robot.version, name="新名字",
                 webhook_url="", secret="")
    robot.refresh_from_db()
    assert (robot.name, robot.webhook_url, robot.secret, robot.version) == ("新名字", url, SECRET, 2)


def test_a_stale_edit_is_refused(world):
    robot = make_robot(world)
    robot_update(actor=world.county_office, robot=robot, expected_version=1, name="甲")
    with pytest.raises(Conflict):
        robot_update(actor=world.county_office, robot=robot, expected_version=1, name="乙")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("quiet_hours", "晚上十点", "免打扰时段"),
    ("webhook_url", "qyapi.weixin.qq.com/cgi-bin/webhook/send", "http"),
    ("name", "  ", "名称"),
])
def test_bad_settings_are_refused_naming_the_field(world, field, value, message):
    fields = {"platform": "wecom", "name": "群", "webhook_url": DING_URL, "quiet_hours": ""}
    fields[field] = value
    with pytest.raises(ValidationFailed) as exc:
        robot_create(actor=world.county_office, unit=world.unit("K1"), **fields)
    assert exc.value.field == field and message in exc.value.message


def test_deactivation_is_audited(world):
    robot = make_robot(world)
    robot_deactivate(actor=world.county_office, robot=robot)
    assert not robot.active
    assert AuditEvent.objects.filter(action="robot.deactivate", object_id=str(robot.pk)).exists()
    with pytest.raises(NotFound):
        robot_deactivate(actor=world.township_office, robot=robot)


def test_a_test_send_answers_the_platform_reply(world):
    with FakeDingTalkServer(secret="SEC-test-0001") as server:
        robot = make_robot(world, platform="dingtalk", webhook_url=server.webhook_url, secret=server.secret)
        result = robot_test_send(actor=world.county_office, robot=robot)
        assert result.ok and result.platform_message == "ok"
        assert "测试消息" in server.last_json["text"]["content"]
        robot.secret = "SEC-wrong"
        result = robot_test_send(actor=world.county_office, robot=robot)
        assert not result.ok and result.code == 310000
    assert AuditEvent.objects.filter(action="robot.test_send").count() == 2


def test_the_robot_page_shows_masked_values_only(world, login):
    with FakeWeComServer(token="super-secret-webhook-key") as server:
        robot = make_robot(world, webhook_url=server.webhook_url, secret=SECRET)
        html = login("county_office").get("/notifications/robots/").content.decode()
        assert robot.name in html and mask_webhook(server.webhook_url) in html
        assert "super-secret-webhook-key" not in html and SECRET not in html
        edit = login("county_office").get(f"/notifications/robots/{robot.pk}/edit/").content.decode()
        assert "super-secret-webhook-key" not in edit and SECRET not in edit


def test_the_test_button_summarises_the_platform_reply_in_chinese(world, login):
    with FakeWeComServer() as server:
        robot = make_robot(world, webhook_url=server.webhook_url)
        client = login("county_office")
        page = client.post(f"/notifications/robots/{robot.pk}/test/", follow=True).content.decode()
        assert "测试消息已发送到" in page and "：成功" in page and "平台返回" not in page
        server.queue_reply({"errcode": 93000, "errmsg": "invalid webhook url"})
        page = client.post(f"/notifications/robots/{robot.pk}/test/", follow=True).content.decode()
        assert "测试发送失败" in page and "Webhook 地址无效" in page


def test_the_office_creates_a_robot_through_the_form(world, login):
    client = login("county_office")
    response = client.post("/notifications/robots/new/", {
        "unit": "T1", "platform": "feishu", "name": "东镇飞书群", "quiet_hours": "21:30-08:00",
        "webhook_url": "https://open.feishu.cn/open-apis/bot/v2/hook/abcdef123456", "secret": "s3cr3t-value"})
    assert response.status_code == 302
    page = client.post("/notifications/robots/new/", {"unit": "K3", "platform": "wecom", "name": "越权",
                                                      "webhook_url": DING_URL})
    assert page.status_code == 200 and "所属单位「K3」不存在或不在您的权限范围内" in page.content.decode()
