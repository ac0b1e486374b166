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
    stats_demo.generate(ctx)
    assert SnapshotDay.objects.filter(campaign=ctx.campaign).count() == 43  # every day of six weeks
