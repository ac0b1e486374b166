"""The demo steps of the five workstream apps run on the test world and link their records."""

import random
from datetime import date

from django.utils import timezone

from taizhang.demo.generator import DemoContext

LEVELS = {"province": ["P"], "city": ["C1", "C2"], "county": ["K1", "K2", "K3"], "township": ["T1", "T2", "T3", "T4"],
          "village": ["V1", "V2", "V3", "V4", "V5"]}


def _ctx(world) -> DemoContext:
    from taizhang.orgs.models import RoleAssignment

    ctx = DemoContext(size="small", seed=7, today=date(2026, 11, 15), rng=random.Random(7))
    ctx.units_by_level = {level: [world.unit(c) for c in codes] for level, codes in LEVELS.items()}
    ctx.root = world.unit("P")
    ctx.campaign = world.campaign()
    for a in RoleAssignment.objects.select_related("user"):
        ctx.users_by_unit.setdefault(a.unit_id, {}).setdefault(a.role, a.user)
    return ctx


def test_every_workstream_step_makes_records(world):
    from taizhang.demo.steps import institutions as institutions_demo
    from taizhang.demo.steps import materials as materials_demo
    from taizhang.demo.steps import matters as matters_demo
    from taizhang.demo.steps import research as research_demo
    from taizhang.demo.steps import study as study_demo
    from taizhang.study.selectors import my_activities

    ctx = _ctx(world)
    for step in (research_demo, study_demo, matters_demo, institutions_demo, materials_demo):
        step.generate(ctx)
    for key in ("research_topics", "study_activities", "practical_matters", "institutions", "materials"):
        assert ctx.counts[key] > 0, key
    assert my_activities(world.member).exists()
    from taizhang.materials.selectors import materials_visible

    review = materials_visible(world.member).filter(genre="self_review").first()
    assert review is not None and review.confidential
    assert not materials_visible(world.village_clerk).filter(pk=review.pk).exists()


def test_the_ledger_step_dates_no_progress_after_closure_and_the_stats_step_fills_six_weeks(world):
    from django.db.models import F

    from taizhang.demo.steps import ledger as ledger_demo
    from taizhang.demo.steps import stats as stats_demo
    from taizhang.ledger.models import ProgressReport
    from taizhang.stats.models import SnapshotDay

    ctx = _ctx(world)
    ctx.campaign.start_date = date(2026, 9, 1)
    ledger_demo.generate(ctx)
    closed = ProgressReport.objects.filter(problem__closed_on__isnull=False)
    assert closed.exists()
    assert not closed.filter(date__gt=F("problem__closed_on")).exists()
    # Measures are completed before their problem's 销号 and after it was found, never on the day of generation
    # for all of them; a problem not yet accepted has none completed.
    from taizhang.ledger.models import Measure, MeasureStatus, ProblemStatus

    done = Measure.objects.filter(status=MeasureStatus.DONE)
    assert done.exists() and not done.filter(completed_at__isnull=True).exists()
    closed_measures = [m for m in done.select_related("problem") if m.problem.closed_on]
    assert closed_measures and all(timezone.localtime(m.completed_at).date() <= m.problem.closed_on
                                   for m in closed_measures)
    assert len({timezone.localtime(m.completed_at).date() for m in done}) > 5
    assert not done.filter(problem__status__in=[ProblemStatus.PENDING, ProblemStatus.WITHDRAWN]).exists()
    # Closure requests cite stored evidence files; about one closed problem in ten has none (销号无佐证).
    from taizhang.core import storage
    from taizhang.ledger.evidence import evidence_name
    from taizhang.ledger.models import Attachment, Problem

    closed = Problem.objects.filter(status=ProblemStatus.CLOSED)
    cited = closed.filter(attachments__closure__isnull=False).distinct().count()
    assert 0 < closed.count() - cited < closed.count() / 4
    files = set(Attachment.objects.values_list("sha256", "original_name"))
    assert {name for _, name in files} == {"整改完成情况说明.docx", "整改现场照片.png"}
    assert all(storage.exists(evidence_name(sha)) for sha, _ in files)
    stats_demo.generate(ctx)
    assert SnapshotDay.objects.filter(campaign=ctx.campaign).count() == 43  # every day of six weeks


def test_past_snapshots_count_the_ledger_as_it_stood_that_day(world):
    """Trend lines tell the campaign's story: a past day's snapshot counts the problems recorded by then, in the
    state their history gives for that day, and taking it leaves the ledger as it is."""
    from datetime import timedelta

    from taizhang.audit.models import StatusChange
    from taizhang.demo.steps import ledger as ledger_demo
    from taizhang.demo.steps import stats as stats_demo
    from taizhang.ledger.models import Problem, ProblemStatus
    from taizhang.stats.snapshots import snapshot_read

    ctx = _ctx(world)
    ctx.campaign.start_date = date(2026, 9, 1)
    ledger_demo.generate(ctx)
    before = sorted(Problem.objects.values_list("pk", "status", "closed_on", "returned_pending"))
    stats_demo.generate(ctx)
    assert sorted(Problem.objects.values_list("pk", "status", "closed_on", "returned_pending")) == before

    root, campaign = world.unit("P"), ctx.campaign
    keys = ["problems.found", "problems.closed"]
    now = snapshot_read(root, campaign, ctx.today, keys=keys)
    series = []
    for day in (ctx.today - timedelta(days=42), ctx.today - timedelta(days=21)):
        then = snapshot_read(root, campaign, day, keys=keys)
        end = timezone.make_aware(timezone.datetime.combine(day + timedelta(days=1), timezone.datetime.min.time()))
        recorded = set(Problem.objects.filter(campaign=campaign, created_at__lt=end).values_list("pk", flat=True))
        changes = StatusChange.objects.filter(at__lt=end).order_by("at", "id")
        closed_then = set()
        for sc in changes:
            (closed_then.add if sc.new_status == ProblemStatus.CLOSED else closed_then.discard)(sc.object_id)
        assert then["problems.found"] == len(recorded)
        assert then["problems.closed"] == len(closed_then & recorded)
        series.append(then)
    series.append(now)
    assert series[0]["problems.found"] < now["problems.found"]
    assert series[0]["problems.closed"] < series[1]["problems.closed"] < now["problems.closed"]
