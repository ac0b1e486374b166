"""The whole path: notify → outbox → sender task → (fake) robot platform, with the sending policy applied.

Times are passed as `now` to the sender (time travel); the fake servers check keys, signatures and
payload shapes as the platforms document them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from taizhang.notifications import outbox
from taizhang.notifications.channels import SHANGHAI
from taizhang.notifications.models import OutboundMessage
from taizhang.notifications.services import notify
from taizhang.notifications.tests.factories import make_robot
from taizhang.notifications.tests.fakes import FakeDingTalkServer, FakeFeishuServer, FakeWeComServer

MORNING = datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI)  # a Friday
NIGHT = datetime(2026, 11, 27, 23, 5, tzinfo=SHANGHAI)


@pytest.fixture
def wecom():
    with FakeWeComServer() as server:
        yield server


def wecom_robot(world, server, **options):
    return make_robot(world, unit="K1", platform="wecom", webhook_url=server.webhook_url, **options)


def test_a_notice_reaches_the_wecom_group_through_the_task(world, wecom, django_capture_on_commit_callbacks):
    wecom_robot(world, wecom)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[world.county_clerk], title="整改进展催报", body="问题清单第 12 项尚未报送进展。")
    assert [r.json for r in wecom.requests] == [{
        "msgtype": "text",
        "text": {"content": "整改进展催报\n问题清单第 12 项尚未报送进展。", "mentioned_mobile_list": ["13812345678"]},
    }]
    row = OutboundMessage.objects.get()
    assert (row.status, row.attempts, row.last_error) == ("sent", 0, "")
    assert row.sent_at is not None


def test_signed_dingtalk_and_feishu_robots_get_their_own_payloads(world, django_capture_on_commit_callbacks):
    with FakeDingTalkServer(secret="SEC-ding-0001") as ding, FakeFeishuServer(secret="feishu-secret") as feishu:
        make_robot(world, unit="K1", platform="dingtalk", webhook_url=ding.webhook_url, secret=ding.secret)
        make_robot(world, unit="T1", platform="feishu", webhook_url=feishu.webhook_url, secret=feishu.secret)
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[world.village_clerk], title="督办提示", body="请于周五前反馈。")
        assert ding.last_json == {"msgtype": "text", "text": {"content": "督办提示\n请于周五前反馈。\n@13812345678"},
                                  "at": {"atMobiles": ["13812345678"], "isAtAll": False}}
        assert feishu.last_json["content"] == {"text": "督办提示\n请于周五前反馈。"}
        assert feishu.last_json["msg_type"] == "text"
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_the_link_goes_along_when_the_site_address_is_known(world, wecom, settings):
    settings.TAIZHANG_BASE_URL = "https://tz.example.gov.cn"
    wecom_robot(world, wecom)
    notify(recipients=[world.county_clerk], title="提醒", body="请查看", link="/ledger/12/")
    outbox.send_due(now=timezone.now())
    assert wecom.last_json["text"]["content"] == "提醒\n请查看\nhttps://tz.example.gov.cn/ledger/12/"


def test_quiet_hours_defer_until_morning_and_then_send(world, wecom):
    wecom_robot(world, wecom, quiet_hours="22:00-07:30")
    notify(recipients=[world.county_clerk], title="夜间提醒")
    assert outbox.send_due(now=NIGHT)["deferred"] == 1
    row = OutboundMessage.objects.get()
    assert (row.status, row.defer_reason, row.next_attempt_at) == (
        "deferred", "quiet_hours", datetime(2026, 11, 28, 7, 30, tzinfo=SHANGHAI))
    assert wecom.requests == []
    assert outbox.send_due(now=datetime(2026, 11, 28, 7, 29, tzinfo=SHANGHAI))["sent"] == 0  # not yet due
    assert outbox.send_due(now=datetime(2026, 11, 28, 7, 30, tzinfo=SHANGHAI))["sent"] == 1
    assert len(wecom.requests) == 1
    row.refresh_from_db()
    assert row.status == "sent"


def test_the_21st_message_within_a_minute_is_deferred(world, wecom):
    wecom_robot(world, wecom)
    for i in range(21):
        notify(recipients=[world.county_clerk], title=f"提醒 {i + 1}")
    counts = outbox.send_due(now=MORNING)
    assert (counts["sent"], counts["deferred"]) == (20, 1)
    assert len(wecom.requests) == 20
    late = OutboundMessage.objects.get(status="deferred")
    assert (late.title, late.defer_reason) == ("提醒 21", "rate_limit")
    assert late.next_attempt_at == MORNING + timedelta(seconds=60)
    assert outbox.send_due(now=MORNING + timedelta(seconds=30))["sent"] == 0
    assert outbox.send_due(now=MORNING + timedelta(seconds=60))["sent"] == 1
    assert wecom.last_json["text"]["content"].startswith("提醒 21")


def test_sends_by_another_process_count_against_the_limit(world, wecom):
    robot = wecom_robot(world, wecom)
    OutboundMessage.objects.bulk_create([
        OutboundMessage(channel="robot", robot=robot, unit=robot.unit, title="别的进程发的", status="sent",
                        sent_at=MORNING - timedelta(seconds=10)) for _ in range(20)])
    notify(recipients=[world.county_clerk], title="提醒")
    assert outbox.send_due(now=MORNING)["deferred"] == 1
    assert wecom.requests == []


def test_failures_are_retried_with_backoff_and_then_shown_as_failed(world, wecom):
    wecom_robot(world, wecom)
    for _ in range(5):
        wecom.queue_reply({"errcode": -1, "errmsg": "system busy"})
    notify(recipients=[world.county_clerk], title="提醒")
    now = MORNING
    delays = []
    for _ in range(4):
        outbox.send_due(now=now)
        row = OutboundMessage.objects.get()
        assert (row.status, row.defer_reason, row.last_error_code) == ("deferred", "retry", -1)
        delays.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert delays == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120), timedelta(seconds=240)]
    outbox.send_due(now=now)
    row = OutboundMessage.objects.get()
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 5, None)
    assert "系统繁忙" in row.last_error and "已重试 5 次" in row.last_error
    assert len(wecom.requests) == 5


def test_a_retry_that_succeeds_is_sent(world, wecom):
    wecom_robot(world, wecom)
    wecom.queue_reply({"errcode": -1, "errmsg": "system busy"})
    notify(recipients=[world.county_clerk], title="提醒")
    outbox.send_due(now=MORNING)
    assert outbox.send_due(now=MORNING + timedelta(seconds=30))["sent"] == 1
    row = OutboundMessage.objects.get()
    assert (row.status, row.attempts) == ("sent", 1)


def test_a_bad_webhook_key_fails_at_once(world, wecom):
    make_robot(world, unit="K1", webhook_url=wecom.webhook_url.replace(wecom.token, "wrong-key"))
    notify(recipients=[world.county_clerk], title="提醒")
    outbox.send_due(now=MORNING)
    row = OutboundMessage.objects.get()
    assert (row.status, row.last_error_code, row.attempts) == ("failed", 93000, 1)
    assert "Webhook 地址无效" in row.last_error


def test_a_row_claimed_by_another_worker_is_not_sent_again(world, wecom):
    wecom_robot(world, wecom)
    notify(recipients=[world.county_clerk], title="提醒")
    row = OutboundMessage.objects.get()
    assert outbox.claim(row.pk, MORNING, "worker-a")
    assert not outbox.claim(row.pk, MORNING, "worker-b")
    assert outbox.send_due(now=MORNING)["sent"] == 0
    assert wecom.requests == []


def test_a_claim_left_by_a_dead_worker_is_taken_over_later(world, wecom):
    wecom_robot(world, wecom)
    notify(recipients=[world.county_clerk], title="提醒")
    outbox.claim(OutboundMessage.objects.get().pk, MORNING, "dead-worker")
    assert outbox.send_due(now=MORNING + outbox.STALE_CLAIM + timedelta(seconds=1))["sent"] == 1


def test_email_goes_through_django_mail(world):
    clerk = world.county_clerk
    clerk.email = "clerk@example.cn"
    clerk.save()
    notify(recipients=[clerk], title="整改进展催报", body="请今日报送。")
    assert outbox.send_due(now=MORNING)["sent"] == 1
    assert [(m.subject, m.body, m.to) for m in mail.outbox] == [("整改进展催报", "请今日报送。", ["clerk@example.cn"])]


def test_failed_email_is_retried(world, monkeypatch):
    clerk = world.county_clerk
    clerk.email = "clerk@example.cn"
    clerk.save()
    notify(recipients=[clerk], title="提醒")

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP 服务器拒绝连接")

    monkeypatch.setattr(outbox, "send_mail", refuse)
    outbox.send_due(now=MORNING)
    row = OutboundMessage.objects.get()
    assert (row.status, row.defer_reason, row.attempts) == ("deferred", "retry", 1)
    assert "邮件发送失败" in row.last_error


def test_deactivating_a_robot_drops_its_waiting_messages(world, wecom):
    from taizhang.notifications.services import robot_deactivate

    robot = wecom_robot(world, wecom, quiet_hours="22:00-07:30")
    notify(recipients=[world.county_clerk], title="提醒")
    outbox.send_due(now=NIGHT)
    robot_deactivate(actor=world.county_office, robot=robot)
    assert outbox.send_due(now=MORNING + timedelta(days=1))["sent"] == 0
    assert OutboundMessage.objects.get().status == "failed"


# --- on commit, immediate mode and the real queue --------------------------------------------------

def test_rollback_sends_nothing_in_immediate_mode(world, wecom, django_capture_on_commit_callbacks):
    wecom_robot(world, wecom)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipients=[world.county_clerk], title="不该发出")
            raise RuntimeError("rolled back")
        notify(recipients=[world.county_clerk], title="应当发出")
    assert [r.json["text"]["content"] for r in wecom.requests] == ["应当发出"]


@pytest.fixture
def real_queue(tmp_path):
    """The project's huey with a real (SQLite file) queue instead of immediate mode, restored afterwards."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    HUEY.immediate = False
    HUEY.storage = SqliteStorage(name=HUEY.name, filename=str(tmp_path / "queue.sqlite3"))
    try:
        yield HUEY
    finally:
        HUEY.immediate = True  # back to the in-memory storage of immediate mode


def test_rollback_queues_nothing_on_the_real_queue(world, wecom, real_queue, django_capture_on_commit_callbacks):
    wecom_robot(world, wecom)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipients=[world.county_clerk], title="不该发出")
            raise RuntimeError("rolled back")
    assert real_queue.pending_count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[world.county_clerk], title="应当发出")
    assert real_queue.pending_count() == 1
    task = real_queue.dequeue()
    assert task.name.endswith("send_pending")
    real_queue.immediate = True  # run it here, inside the test's transaction, as a consumer would
    real_queue.execute(task)
    assert [r.json["text"]["content"] for r in wecom.requests] == ["应当发出"]
