"""Writes that no person makes — the daily rules, 回头看 scheduling, the daily statistics snapshot and a failed
background import — leave their audit event like every other write, with the system (no account) as the actor."""

from datetime import date, timedelta

from django.utils import timezone

from taizhang.audit.models import AuditEvent
from taizhang.audit.services import verify_chain
from taizhang.core import storage
from taizhang.ledger.models import LookBack, LookBackVerdict
from taizhang.ledger.tests.factories import closed, problem
from taizhang.stats.models import SnapshotDay
from taizhang.stats.snapshots import snapshot_take
from taizhang.supervision.lookbacks import add_months, schedule_lookbacks
from taizhang.supervision.models import InterviewSuggestion, LookBackPlan
from taizhang.supervision.rules import run_rules


def _system_events(action: str):
    return AuditEvent.objects.filter(action=action, actor__isnull=True, actor_name="系统")


def test_an_interview_suggestion_of_the_daily_rules_is_audited(world):
    campaign = world.campaign()
    problem(world, "V1", deadline=date(2026, 10, 9))
    run_rules(campaign, date(2026, 11, 9))
    suggestion = InterviewSuggestion.objects.get()
    event = _system_events("interviewsuggestion.create").get()
    assert event.object_id == str(suggestion.pk) and event.unit_path == suggestion.unit.path
    assert event.changes["max_overdue_days"] == 31 and "逾期31天" in event.changes["reason"]


def test_the_slips_of_the_daily_rules_are_audited(world):
    problem(world, "T1", deadline=date(2026, 12, 4))
    report = run_rules(world.campaign(), date(2026, 12, 1))
    assert _system_events("supervisionslip.issue").filter(object_id=str(report["slips"][0]["id"])).exists()


def test_scheduling_a_lookback_and_completing_it_are_audited(world):
    p = closed(world, "K1")
    due = add_months(timezone.localtime(p.closed_at).date(), 3)
    schedule_lookbacks(world.campaign(), due)
    plan = LookBackPlan.objects.get()
    event = _system_events("lookbackplan.create").get()
    assert (event.object_id, event.object_repr, event.unit_path) == (str(plan.pk), p.number, p.unit.path)
    assert event.changes["due_date"] == due.isoformat()

    LookBack.objects.create(problem=p, date=due, reviewer=world.county_office, verdict=LookBackVerdict.CONSOLIDATED)
    schedule_lookbacks(world.campaign(), due + timedelta(days=1))
    assert _system_events("lookbackplan.done").get().object_id == str(plan.pk)
    schedule_lookbacks(world.campaign(), due + timedelta(days=2))
    assert _system_events("lookbackplan.done").count() == 1  # a done plan is not completed again


def test_the_daily_statistics_snapshot_is_audited(world):
    campaign = world.campaign()
    problem(world, "K1")
    day = timezone.localdate()
    result = snapshot_take(campaign, day)
    taken = SnapshotDay.objects.get(campaign=campaign, date=day)
    event = _system_events("stats.snapshot").get()
    assert event.object_id == str(taken.pk) and event.unit_path == campaign.root_unit.path
    assert event.changes["rows"] == result["rows"] > 0
    assert verify_chain()["ok"]


def test_a_failed_background_import_is_audited(world, settings, django_capture_on_commit_callbacks):
    from taizhang.imports import services
    from taizhang.imports.tests.factories import ROWS, ledger_bytes

    settings.IMPORT_SYNC_MAX_BYTES = 100
    with django_capture_on_commit_callbacks() as queued:
        batch = services.batch_upload(actor=world.county_office, kind="problems", campaign=world.campaign(),
                                      unit=world.unit("K1"), data=ledger_bytes(*ROWS), filename="台账.xlsx")
    storage.delete(services.batch_name(batch))
    queued[0]()
    event = AuditEvent.objects.get(action="import.fail")
    assert event.actor == world.county_office and event.object_id == str(batch.pk)
    assert event.changes["step"] == "first_check" and "导入文件已不存在" in event.changes["message"]
