"""notify(): inbox rows, which robots and mailboxes get an outbox row, dedupe, and nothing on rollback."""

from __future__ import annotations

import pytest
from django.db import transaction

from taizhang.audit.models import AuditEvent
from taizhang.notifications.models import Notification, OutboundMessage
from taizhang.notifications.services import notify
from taizhang.notifications.tests.factories import make_robot


def test_it_puts_one_inbox_row_per_recipient(world):
    notes = notify(recipients=[world.village_clerk, world.county_clerk], title="请报送整改进展", body="第12项",
                   link="/ledger/problems/12/", kind="reminder")
    assert {n.recipient.username for n in notes} == {"village_clerk", "county_clerk"}
    assert Notification.objects.filter(recipient=world.village_clerk, read_at__isnull=True).count() == 1


def test_it_queues_one_robot_message_per_robot_with_the_recipients_mobiles(world):
    make_robot(world, unit="K1")
    clerk = world.village_clerk
    clerk.phone = "13900000001"
    clerk.save()
    notify(recipients=[clerk, world.county_clerk], title="请报送整改进展")
    row = OutboundMessage.objects.get()
    assert (row.channel, row.unit.code, row.status) == ("robot", "K1", "pending")
    assert sorted(row.mention_mobiles) == ["13812345678", "13900000001"]


def test_a_robot_of_an_ancestor_applies_only_when_it_covers_subunits(world):
    make_robot(world, unit="C1", name="市群", applies_to_subunits=True)
    make_robot(world, unit="K1", name="县群", applies_to_subunits=False)
    make_robot(world, unit="V1", name="村群")
    make_robot(world, unit="K3", name="远县群", actor="province_office")
    notify(recipients=[world.village_clerk], title="提醒")
    assert sorted(OutboundMessage.objects.values_list("robot__name", flat=True)) == sorted(["村群", "市群"])


def test_a_campaign_robot_carries_only_that_campaigns_notices(world):
    make_robot(world, unit="K1", name="专项群", campaign=world.campaign())
    notify(recipients=[world.county_clerk], title="一般提醒")
    assert not OutboundMessage.objects.exists()
    notify(recipients=[world.county_clerk], title="专项提醒", campaign=world.campaign())
    assert OutboundMessage.objects.get().robot.name == "专项群"


def test_inactive_robots_are_skipped(world):
    robot = make_robot(world)
    robot.active = False
    robot.save()
    notify(recipients=[world.county_clerk], title="提醒")
    assert not OutboundMessage.objects.exists()


def test_users_with_an_address_also_get_an_email(world):
    clerk = world.county_clerk
    clerk.email = "clerk@example.cn"
    clerk.save()
    notify(recipients=[clerk, world.village_clerk], title="提醒")
    assert list(OutboundMessage.objects.values_list("channel", "recipient")) == [("email", "clerk@example.cn")]


def test_the_same_dedupe_key_adds_nothing_the_second_time(world):
    make_robot(world)
    clerk = world.county_clerk
    clerk.email = "clerk@example.cn"
    clerk.save()
    key = "overdue:problem:12:2026-11-28"
    first = notify(recipients=[clerk], title="已逾期", dedupe_key=key)
    second = notify(recipients=[clerk], title="已逾期", dedupe_key=key)
    assert (len(first), len(second)) == (1, 0)
    assert Notification.objects.filter(recipient=clerk).count() == 1
    assert OutboundMessage.objects.count() == 2  # one robot, one e-mail
    notify(recipients=[clerk], title="已逾期", dedupe_key="overdue:problem:12:2026-11-29")
    assert OutboundMessage.objects.count() == 4


def test_a_new_recipient_under_an_old_key_is_still_told(world):
    notify(recipients=[world.county_clerk], title="提醒", dedupe_key="k")
    notes = notify(recipients=[world.county_clerk, world.village_clerk], title="提醒", dedupe_key="k")
    assert [n.recipient.username for n in notes] == ["village_clerk"]


def test_it_writes_an_audit_event(world):
    notify(recipients=[world.county_clerk], title="提醒", kind="reminder", actor=world.county_office)
    event = AuditEvent.objects.filter(action="notification.send").get()
    assert event.actor_name == "county_office"
    assert event.changes["recipients"] == ["county_clerk"]


def test_an_empty_title_is_refused(world):
    from taizhang.core.exceptions import ValidationFailed

    with pytest.raises(ValidationFailed):
        notify(recipients=[world.county_clerk], title="  ")


def test_the_sender_is_asked_only_after_commit(world, django_capture_on_commit_callbacks, monkeypatch):
    calls = []
    monkeypatch.setattr("taizhang.notifications.tasks.send_pending", lambda *a, **k: calls.append(1))
    make_robot(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[world.county_clerk], title="提醒")
        assert calls == []
    assert len(callbacks) == 1 and calls == [1]


def test_a_rolled_back_notice_is_never_queued(world, django_capture_on_commit_callbacks):
    make_robot(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipients=[world.county_clerk], title="提醒")
            raise RuntimeError("the supervising action failed")
    assert callbacks == []
    assert not OutboundMessage.objects.exists() and not Notification.objects.exists()
