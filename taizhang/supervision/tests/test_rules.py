"""The daily rules with time travel: 提示单 N workdays ahead (holidays and 调休 counted), 预警单 when
overdue, 约谈建议 over the thresholds; never twice for the same reason; dry runs write nothing."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from taizhang.ledger.models import Problem
from taizhang.ledger.tests.factories import problem
from taizhang.notifications.models import Notification
from taizhang.supervision.models import InterviewSuggestion, RuleHit, SlipKind, SupervisionSlip
from taizhang.supervision.rules import run_all, run_rules


def _counts():
    return (SupervisionSlip.objects.count(), RuleHit.objects.count(), Notification.objects.count(),
            InterviewSuggestion.objects.count())


def test_reminder_three_workdays_before_the_deadline(world):
    p = problem(world, "T1", deadline=date(2026, 12, 4))  # a Friday
    assert run_rules(world.campaign(), date(2026, 11, 30))["reminders"] == []  # Mon: 4 workdays ahead
    report = run_rules(world.campaign(), date(2026, 12, 1))  # Tue: 3 workdays ahead
    assert [r["problem"] for r in report["reminders"]] == [p.number]
    slip = SupervisionSlip.objects.get(pk=report["slips"][0]["id"])
    assert slip.kind == SlipKind.REMINDER and slip.target_unit.code == "T1" and slip.issuer_unit.code == "K1"
    assert list(slip.problems.all()) == [p] and slip.issued_by is None
    assert Notification.objects.filter(recipient=world.township_office, object_id=str(slip.pk)).exists()


def test_the_national_day_holiday_counts_as_no_workdays(world):
    # Deadline Thu 8 Oct 2026, after the 1–7 Oct holiday: on Mon 28 Sep only 29, 30 Sep and 8 Oct are
    # workdays in between, so the reminder is due already (Mon–Fri counting would wait until 5 Oct).
    p = problem(world, "T1", deadline=date(2026, 10, 8))
    assert run_rules(world.campaign(), date(2026, 9, 27), dry_run=True)["reminders"] == []
    report = run_rules(world.campaign(), date(2026, 9, 28))
    assert [r["problem"] for r in report["reminders"]] == [p.number]


def test_the_configured_number_of_workdays_is_used(world):
    campaign = world.campaign()
    campaign.remind_workdays_before = 5
    campaign.save()
    problem(world, "T1", deadline=date(2026, 12, 4))
    assert len(run_rules(campaign, date(2026, 11, 27))["reminders"]) == 1  # Fri: 5 workdays ahead


def test_overdue_problems_get_one_warning_slip_per_unit(world):
    a = problem(world, "T1", deadline=date(2026, 12, 31))
    b = problem(world, "T1", deadline=date(2026, 12, 30))
    c = problem(world, "T2", deadline=date(2026, 12, 30))
    report = run_rules(world.campaign(), date(2027, 1, 4))
    warnings = [s for s in report["slips"] if s["rule"] == "warning"]
    assert sorted((s["unit"], tuple(sorted(s["problems"]))) for s in warnings) == sorted(
        [("T1", tuple(sorted([a.number, b.number]))), ("T2", (c.number,))])
    assert all(SupervisionSlip.objects.get(pk=s["id"]).kind == SlipKind.WARNING for s in warnings)


def test_running_twice_on_one_day_sends_nothing_twice(world):
    problem(world, "T1", deadline=date(2026, 12, 4))
    problem(world, "T2", deadline=date(2026, 11, 20))
    first = run_rules(world.campaign(), date(2026, 12, 1))
    assert first["reminders"] and first["slips"]
    before = _counts()
    second = run_rules(world.campaign(), date(2026, 12, 1))
    assert second == {"reminders": [], "slips": [], "suggestions": []}
    assert _counts() == before


def test_the_next_day_does_not_repeat_but_a_moved_deadline_rearms(world):
    p = problem(world, "T1", deadline=date(2026, 12, 4))
    run_rules(world.campaign(), date(2026, 12, 1))
    assert run_rules(world.campaign(), date(2026, 12, 2))["reminders"] == []
    Problem.objects.filter(pk=p.pk).update(deadline=date(2026, 12, 7))
    assert len(run_rules(world.campaign(), date(2026, 12, 2))["reminders"]) == 1


def test_dry_run_creates_nothing_and_reports_the_same(world):
    problem(world, "T1", deadline=date(2026, 12, 4))
    problem(world, "T2", deadline=date(2026, 11, 2))
    campaign = world.campaign()
    campaign.red_threshold_count = 1
    campaign.save()
    before = _counts()
    dry = run_rules(campaign, date(2026, 12, 1), dry_run=True)
    assert _counts() == before
    assert dry["reminders"] and dry["slips"] and dry["suggestions"]
    real = run_rules(campaign, date(2026, 12, 1))
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "number")} for r in rows]  # noqa: E731
    assert strip(dry["slips"]) == strip(real["slips"]) and dry["reminders"] == real["reminders"]


def test_interview_suggestion_for_many_red_items(world):
    campaign = world.campaign()
    campaign.red_threshold_count = 2
    campaign.save()
    problem(world, "T1", deadline=date(2026, 11, 20))
    problem(world, "T1", deadline=date(2026, 11, 21))
    problem(world, "T2", deadline=date(2026, 11, 21))
    report = run_rules(campaign, date(2026, 11, 25))
    assert [(s["unit"], s["red_count"]) for s in report["suggestions"]] == [("T1", 2)]
    suggestion = InterviewSuggestion.objects.get()
    assert suggestion.problems.count() == 2
    assert Notification.objects.filter(recipient=world.county_office, kind="slip.suggestion").exists()
    # one open suggestion per unit: later days add none
    assert run_rules(campaign, date(2026, 11, 26))["suggestions"] == []


def test_interview_suggestion_for_a_long_overdue_item(world):
    problem(world, "V1", deadline=date(2026, 10, 9))
    campaign = world.campaign()
    assert run_rules(campaign, date(2026, 11, 8))["suggestions"] == []  # 30 days: not more than 30
    report = run_rules(campaign, date(2026, 11, 9))
    assert report["suggestions"][0]["max_overdue_days"] == 31
    # V1's own office is its township's: T1 office is told
    assert Notification.objects.filter(recipient=world.township_office, kind="slip.suggestion").exists()


def test_closed_and_withdrawn_problems_are_not_reminded(world):
    from taizhang.ledger.lifecycle import problem_transition

    p = problem(world, "K1", deadline=date(2026, 12, 4))
    problem_transition(actor=world.county_office, problem=p, action="withdraw", reason="重复录入")
    assert run_rules(world.campaign(), date(2026, 12, 10))["reminders"] == []


def _remind(*args):
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return json.loads(out.getvalue())


def test_remind_command_json(world):
    problem(world, "T1", deadline=date(2026, 12, 4))
    before = _counts()
    dry = _remind("--dry-run", "--json", "--date", "2026-12-01", "--campaign", "test-campaign")
    assert set(dry) >= {"reminders", "slips", "suggestions"} and dry["dry_run"] is True
    assert len(dry["reminders"]) == 1 and _counts() == before
    real = _remind("--json", "--date", "2026-12-01")
    assert "督字〔" in real["slips"][0]["number"]
    assert _remind("--json", "--date", "2026-12-01")["reminders"] == []


def test_remind_command_refuses_bad_input(world):
    with pytest.raises(CommandError, match="日期"):
        call_command("remind", "--date", "2026-13-01", stdout=StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("remind", "--campaign", "nope", stdout=StringIO())


def test_the_daily_task_runs_every_active_campaign(world):
    from taizhang.supervision.tasks import supervision_rules_daily

    problem(world, "T1", deadline=date(2026, 9, 10))
    result = supervision_rules_daily.call_local()
    assert result["slips"] >= 1
    from django.utils import timezone

    assert run_all(timezone.localdate(), dry_run=True)["slips"] == []
