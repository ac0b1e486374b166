"""Ledger events (notifications.events): each event reaches exactly its people once the action commits —
never the actor, once each — with a link to the problem, the reason where there is one, mutes honoured
where the role allows, and the unit's group robots fed through the ordinary outbox."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from taizhang.core.exceptions import ValidationFailed
from taizhang.ledger import services as ledger
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.models import LookBackVerdict, Problem
from taizhang.ledger.tests import factories as f
from taizhang.notifications import outbox
from taizhang.notifications.channels import SHANGHAI
from taizhang.notifications.events import EVENTS, PROGRESS_EVERY_DAYS, progress_overdue_scan
from taizhang.notifications.models import EventMute, Notification, OutboundMessage
from taizhang.notifications.services import event_mutes_save
from taizhang.notifications.tests.factories import make_robot


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def no_sending(monkeypatch):
    """Outbox rows stay pending (no worker run), so a test can read what was queued."""
    monkeypatch.setattr("taizhang.notifications.services.enqueue_sender", lambda: None)


@pytest.fixture
def committed(django_capture_on_commit_callbacks, no_sending):
    """`with committed(): …` — the block's transaction commits at its end and the on-commit work runs."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return block


def inbox(code: str) -> dict[str, Notification]:
    rows = list(Notification.objects.filter(kind=code).select_related("recipient"))
    by_user = {n.recipient.username: n for n in rows}
    assert len(by_user) == len(rows), "one person got the same event twice"
    return by_user


def v1_problem(world, **fields) -> Problem:
    """A 待认领 problem of 东村 (V1) recorded by the county office, the member its responsible person."""
    fields.setdefault("responsible", world.member)
    return f.problem(world, "V1", **fields)


def v1_in_review(world) -> Problem:
    p = v1_problem(world)
    p = problem_transition(actor=world.county_office, problem=p, action="accept")
    ledger.progress_add(actor=world.village_clerk, problem=p, text="已完成整改方案", percent=80, files=[f.pdf()])
    return problem_transition(actor=world.village_clerk, problem=Problem.objects.get(pk=p.pk),
                              action="request_closure", evidence_summary="台账已补齐")


def test_a_recorded_problem_reaches_the_units_clerk_and_the_responsible_person(world, committed):
    make_robot(world, unit="T1", name="东镇工作群")
    with committed():
        p = v1_problem(world)
    got = inbox("problem.assigned")
    assert set(got) == {"village_clerk", "member"}  # not the county office that recorded it
    note = got["village_clerk"]
    assert note.link == reverse("ledger:detail", kwargs={"pk": p.pk})
    assert (note.object_type, note.object_id) == ("ledger.problem", str(p.pk))
    assert note.title == f"新交办问题：{p.number} 理论学习系统性不够"
    assert "东村党支部" in note.body and "member姓名" in note.body and "2026年12月31日" in note.body
    robot_row = OutboundMessage.objects.get(robot__name="东镇工作群")
    assert (robot_row.status, robot_row.title, robot_row.mention_mobiles) == ("pending", note.title, ["13812345678"])


def test_moving_a_problem_to_another_unit_assigns_it_there(world, committed):
    p = v1_problem(world)
    with committed():
        ledger.problem_update(actor=world.county_office, problem=p, expected_version=p.version, unit=world.unit("V2"))
    # 南村 (V2) has no accounts: its township office answers for it
    assert set(inbox("problem.assigned")) == {"township_office", "member"}


def test_naming_a_responsible_person_tells_that_person_only(world, committed):
    p = f.problem(world, "V1")
    with committed():
        ledger.problem_update(actor=world.county_office, problem=p, expected_version=p.version,
                              responsible=world.member, responsible_name="")
    assert set(inbox("problem.responsible")) == {"member"}
    assert not Notification.objects.filter(kind="problem.assigned").exists()


def test_the_actor_and_duplicates_are_left_out(world, committed):
    with committed():
        f.problem(world, "V1", actor="village_clerk", responsible=world.village_clerk)
    assert Notification.objects.filter(kind="problem.assigned").count() == 0
    with committed():
        f.problem(world, "V1", responsible=world.village_clerk)  # clerk and responsible person at once
    assert Notification.objects.filter(kind="problem.assigned", recipient=world.village_clerk).count() == 1


def test_a_closure_request_reaches_the_nearest_reviewers(world, committed):
    p = v1_problem(world)
    p = problem_transition(actor=world.county_office, problem=p, action="accept")
    ledger.progress_add(actor=world.village_clerk, problem=p, text="已完成整改方案", percent=80, files=[f.pdf()])
    with committed():
        problem_transition(actor=world.village_clerk, problem=Problem.objects.get(pk=p.pk), action="request_closure",
                           evidence_summary="台账已补齐")
    got = inbox("problem.closure_requested")
    assert set(got) == {"township_office"}  # who may approve at the nearest level, not every office above
    assert "台账已补齐" in got["township_office"].body
    assert got["township_office"].link == reverse("ledger:detail", kwargs={"pk": p.pk})


def test_a_county_closure_request_goes_to_the_county_office(world, committed):
    with committed():
        f.in_review(world, "K1")
    assert set(inbox("problem.closure_requested")) == {"county_office"}


def test_a_returned_closure_tells_the_requester_why(world, committed):
    p = v1_in_review(world)
    with committed():
        problem_transition(actor=world.township_office, problem=p, action="return", reason="佐证材料缺少会议记录")
    got = inbox("problem.returned")
    assert set(got) == {"village_clerk"}
    assert "退回理由：佐证材料缺少会议记录" in got["village_clerk"].body


def test_an_approved_closure_tells_the_unit(world, committed):
    p = v1_in_review(world)
    with committed():
        problem_transition(actor=world.township_office, problem=p, action="approve")
    got = inbox("problem.approved")
    assert set(got) == {"village_clerk", "member"}
    assert got["member"].title.startswith(f"问题已销号：{p.number}")


def test_a_rebound_at_look_back_reopens_and_tells_the_unit(world, committed):
    p = v1_in_review(world)
    p = problem_transition(actor=world.township_office, problem=p, action="approve")
    with committed():
        ledger.lookback_record(actor=world.township_office, problem=p, verdict=LookBackVerdict.REBOUND,
                               comment="群众反映问题又出现")
    got = inbox("problem.reopened")
    assert set(got) == {"village_clerk", "member"}
    assert "回头看发现反弹：群众反映问题又出现" in got["village_clerk"].body


def test_a_withdrawn_problem_tells_the_unit(world, committed):
    p = v1_problem(world)
    with committed():
        problem_transition(actor=world.county_office, problem=p, action="withdraw", reason="与第3项重复")
    got = inbox("problem.withdrawn")
    assert set(got) == {"village_clerk", "member"}
    assert "与第3项重复" in got["village_clerk"].body


def test_a_look_back_falling_due_tells_the_unit(world, committed):
    from taizhang.supervision.lookbacks import schedule_lookbacks

    p = v1_in_review(world)
    problem_transition(actor=world.township_office, problem=p, action="approve")
    with committed():
        planned = schedule_lookbacks(world.campaign(), timezone.localdate() + timedelta(days=130))
    assert [e["problem"] for e in planned] == [p.number]
    got = inbox("problem.lookback_due")
    assert set(got) == {"village_clerk", "member"}
    assert "应开展回头看" in got["member"].body
    with committed():
        assert schedule_lookbacks(world.campaign(), timezone.localdate() + timedelta(days=131)) == []
    assert Notification.objects.filter(kind="problem.lookback_due").count() == 2


def test_an_overdue_progress_report_reminds_the_responsible_person_once_a_period(world, committed):
    p = problem_transition(actor=world.county_office, problem=v1_problem(world), action="accept")
    today = timezone.localdate()
    with committed():
        assert progress_overdue_scan(today + timedelta(days=PROGRESS_EVERY_DAYS - 1)) == []
    with committed():
        found = progress_overdue_scan(today + timedelta(days=PROGRESS_EVERY_DAYS))
    assert [e["problem"] for e in found] == [p.number]
    got = inbox("problem.progress_overdue")
    assert set(got) == {"member"}
    assert f"已{PROGRESS_EVERY_DAYS}天未填报整改进展" in got["member"].body
    with committed():  # the next day's run, same period: nothing new
        progress_overdue_scan(today + timedelta(days=PROGRESS_EVERY_DAYS + 1))
    assert Notification.objects.filter(kind="problem.progress_overdue").count() == 1
    with committed():  # a second period without a report: reminded again
        progress_overdue_scan(today + timedelta(days=2 * PROGRESS_EVERY_DAYS))
    assert Notification.objects.filter(kind="problem.progress_overdue").count() == 2
    ledger.progress_add(actor=world.village_clerk, problem=p, text="召开专题会", percent=30,
                        on=today + timedelta(days=2 * PROGRESS_EVERY_DAYS))
    with committed():  # a report restarts the count
        assert progress_overdue_scan(today + timedelta(days=3 * PROGRESS_EVERY_DAYS - 1)) == []


def test_overdue_progress_without_an_account_goes_to_the_unit(world, committed):
    problem_transition(actor=world.county_office, problem=f.problem(world, "V1"), action="accept")  # 张三, no account
    with committed():
        progress_overdue_scan(timezone.localdate() + timedelta(days=PROGRESS_EVERY_DAYS))
    assert set(inbox("problem.progress_overdue")) == {"village_clerk"}


def test_a_muted_informational_event_is_not_sent_to_that_person(world, committed):
    event_mutes_save(actor=world.village_clerk, muted=["problem.approved"])
    p = v1_in_review(world)
    with committed():
        problem_transition(actor=world.township_office, problem=p, action="approve")
    assert set(inbox("problem.approved")) == {"member"}


def test_a_clerk_cannot_mute_an_assignment(world, committed):
    with pytest.raises(ValidationFailed, match="您的角色不能关闭「问题交办给本单位」消息"):
        event_mutes_save(actor=world.village_clerk, muted=["problem.assigned"])
    with pytest.raises(ValidationFailed, match="没有「nonsense」这类消息"):
        event_mutes_save(actor=world.village_clerk, muted=["nonsense"])
    # a mute row the role does not allow (say, from a role held before) is not honoured
    EventMute.objects.create(user=world.village_clerk, event="problem.assigned")
    with committed():
        v1_problem(world)
    assert "village_clerk" in inbox("problem.assigned")


def test_a_leader_may_mute_an_assignment(world, committed):
    assert EVENTS["problem.assigned"].may_mute(world.county_leader)
    result = event_mutes_save(actor=world.county_leader, muted=["problem.assigned"])
    assert result == {"muted": ["problem.assigned"], "unmuted": []}
    with committed():
        f.problem(world, "V1", responsible=world.county_leader)
    assert set(inbox("problem.assigned")) == {"village_clerk"}


def test_nothing_is_sent_for_a_rolled_back_action(world, committed):
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            v1_problem(world)
            raise RuntimeError("rolled back")
    assert not Notification.objects.exists()
    assert not OutboundMessage.objects.exists()


def test_nothing_is_sent_before_the_commit(world, django_capture_on_commit_callbacks, no_sending):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        v1_problem(world)
        assert not Notification.objects.exists()
    assert callbacks  # the event waits for the commit
    assert not Notification.objects.exists()


@pytest.fixture
def wecom():
    from taizhang.notifications.tests.fakes import FakeWeComServer

    with FakeWeComServer() as server:
        yield server


def test_the_group_robot_follows_its_quiet_hours(world, wecom, django_capture_on_commit_callbacks, no_sending):
    make_robot(world, unit="T1", platform="wecom", webhook_url=wecom.webhook_url, quiet_hours="22:00-07:30")
    p = v1_in_review(world)
    with django_capture_on_commit_callbacks(execute=True):
        problem_transition(actor=world.township_office, problem=p, action="approve")
    night = datetime(2026, 11, 27, 23, 5, tzinfo=SHANGHAI)
    assert outbox.send_due(now=night)["deferred"] == 1
    assert wecom.requests == []
    outbox.send_due(now=datetime(2026, 11, 28, 7, 30, tzinfo=SHANGHAI))
    row = OutboundMessage.objects.get(title__startswith="问题已销号")
    assert row.status == "sent"
    assert wecom.last_json["text"]["content"].startswith(f"问题已销号：{p.number}")


def test_every_event_has_a_chinese_label_and_audience():
    for event in EVENTS.values():
        assert event.label and event.audience
        assert all("\u4e00" <= ch <= "\u9fff" or ch in "（）、" for ch in event.label), event.label


def test_the_preferences_page_lists_events_and_saves_switches(login, world):
    client = login("village_clerk")
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "问题交办给本单位" in page and "必收" in page and "问题已销号" in page
    response = client.post(reverse("notifications:preferences"),
                           {"shown": ["problem.approved", "problem.withdrawn"], "receive": ["problem.withdrawn"]})
    assert response.status_code == 302
    assert list(EventMute.objects.filter(user=world.village_clerk).values_list("event", flat=True)) == [
        "problem.approved"]
    page = client.get(reverse("notifications:preferences")).content.decode()
    switches = dict(re.findall(r'name="receive" value="([a-z_.]+)"[^>]*?( checked)?\s*style', page))
    assert switches["problem.approved"] == "" and switches["problem.withdrawn"] == " checked"


def test_the_daily_task_runs_the_progress_check(world, committed):
    from taizhang.audit.models import StatusChange
    from taizhang.notifications.tasks import progress_overdue_daily

    p = problem_transition(actor=world.county_office, problem=v1_problem(world), action="accept")
    StatusChange.objects.filter(object_id=p.pk, new_status="in_progress").update(
        at=timezone.now() - timedelta(days=PROGRESS_EVERY_DAYS + 2))
    with committed():
        assert progress_overdue_daily.call_local() == 1
    assert set(inbox("problem.progress_overdue")) == {"member"}


def test_an_account_without_a_business_role_is_told_it_receives_no_ledger_events(world, login):
    page = login("sysadmin").get(reverse("notifications:preferences")).content.decode()
    assert "不接收台账事件消息" in page and "问题交办给本单位" not in page
