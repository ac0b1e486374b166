"""The maintained cells (stats.cells) give every figure they keep exactly as counting the records does, after random
writes through every path that changes problems: the services one by one, the lifecycle, Excel imports (record by
record and in bulk), carry-over, moving a problem to another unit, and moving units in the tree."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taizhang.core.exceptions import PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.imports.importers import run_import
from taizhang.imports.tests.builders import xlsx_bytes
from taizhang.ledger import services
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.models import Measure, Problem
from taizhang.ledger.tests import factories as F
from taizhang.orgs import permissions as P
from taizhang.orgs.models import RoleAssignment, Unit, User
from taizhang.stats import cells, rollup
from taizhang.stats.catalogue import CATALOGUE, KEYS
from taizhang.stats.models import CellMark, CellState, ProblemCell
from taizhang.stats.views import dashboard_context

KEPT = [k for k in KEYS
        if cells.maintained(k) or (CATALOGUE[k].ratio and all(cells.maintained(p) for p in CATALOGUE[k].ratio))]
UNIT_NAMES = {"K1": "东县县委", "T1": "东镇党委", "K2": "中县县委", "T3": "中镇党委", "V5": "远村党支部"}


def _default(key):
    return 0 if CATALOGUE[key].additive else None


def assert_same(campaign, *, on=None):
    """Every kept figure of every unit, its children's, its breakdowns and its dashboard: cells == records."""
    for unit in Unit.objects.order_by("path"):
        kept = rollup.stats_for(unit, campaign, keys=KEPT)
        kids = rollup.by_children(unit, campaign, KEPT, on=on)
        parts = {f: rollup.breakdown(unit, campaign, f) for f in ("status", "category", "source", "kind")}
        with cells.recounting():
            assert kept == rollup.stats_for(unit, campaign, keys=KEPT), unit.code
            counted = rollup.by_children(unit, campaign, KEPT, on=on)
            for path in set(kids) | set(counted):
                for key in KEPT:
                    assert (kids.get(path, {}).get(key, _default(key))
                            == counted.get(path, {}).get(key, _default(key))), (unit.code, path, key)
            for field, rows in parts.items():
                assert rows == rollup.breakdown(unit, campaign, field), (unit.code, field)


def _second_office(world):
    """An office at the top beside province_office, so one requests closure and the other decides."""
    user = User.objects.create_user(username="second_office", password="x")
    RoleAssignment.objects.create(user=user, role=P.OFFICE, unit=world.unit("P"), include_subunits=True)
    return user


class Writer:
    """Random operations on the test campaign, each through the path the product uses."""

    def __init__(self, world, rng: random.Random):
        self.world, self.rng = world, rng
        self.campaign = world.campaign()
        self.office, self.second = world.user("province_office"), _second_office(world)
        self.units = list(Unit.objects.filter(path__startswith=self.campaign.root_unit.path).order_by("path"))
        self.done: dict[str, int] = {}

    def pick(self, **filters):
        rows = list(Problem.objects.filter(campaign=self.campaign, **filters).order_by("pk"))
        return self.rng.choice(rows) if rows else None

    def deadline(self):
        today = timezone.localdate()
        return self.rng.choice([None, today - dt.timedelta(days=self.rng.randint(1, 20)), today,
                                today + dt.timedelta(days=self.rng.randint(1, 7)),
                                today + dt.timedelta(days=self.rng.randint(8, 60))])

    def create(self):
        kind = self.rng.choice(["deadline", "deadline", "immediate", "long_term"])
        deadline = None if kind == "long_term" else (self.deadline() or timezone.localdate())
        services.problem_create(actor=self.office, campaign=self.campaign, unit=self.rng.choice(self.units),
                                title=f"问题{self.rng.randint(1, 10**6)}", category=self.rng.choice(["theory", "style"]),
                                source=self.rng.choice(["self", "research"]), kind=kind, deadline=deadline,
                                responsible_name="张三")

    def accept(self):
        p = self.pick(status="pending")
        if p:
            problem_transition(actor=self.office, problem=p, action="accept")

    def progress(self):
        p = self.pick(status="in_progress")
        if p:
            services.progress_add(actor=self.second, problem=p, text="整改推进中", percent=50,
                                  files=[F.pdf()] if self.rng.random() < 0.7 else [])

    def request_closure(self):
        p = self.pick(status="in_progress")
        if p:
            problem_transition(actor=self.second, problem=p, action="request_closure", evidence_summary="整改完成")

    def decide(self):
        p = self.pick(status="review")
        if p:
            action = self.rng.choice(["approve", "approve", "return"])
            problem_transition(actor=self.office, problem=p, action=action, reason="材料不全")

    def withdraw(self):
        p = self.pick(status__in=["pending", "in_progress"])
        if p:
            problem_transition(actor=self.office, problem=p, action="withdraw", reason="重复录入")

    def reopen(self):
        p = self.pick(status="closed")
        if p:
            problem_transition(actor=self.office, problem=p, action="reopen", reason="整改不到位")

    def lookback(self):
        p = self.pick(status="closed")
        if p:
            verdict = self.rng.choice(["consolidated", "rebound"])
            services.lookback_record(actor=self.office, problem=p, verdict=verdict, comment="群众反映问题又出现")

    def edit(self):
        p = self.pick(status__in=["pending", "in_progress", "review"])
        if p:
            change = self.rng.choice(["deadline", "unit", "category"])
            value = {"deadline": self.deadline(), "unit": self.rng.choice(self.units),
                     "category": self.rng.choice(["theory", "style"])}[change]
            services.problem_update(actor=self.office, problem=p, expected_version=p.version, **{change: value})

    def measure(self):
        p = self.pick()
        if p:
            services.measure_add(actor=self.office, problem=p, text="建立长效机制")

    def finish_measure(self):
        m = Measure.objects.filter(problem__campaign=self.campaign).exclude(status="done").order_by("pk").first()
        if m:
            services.measure_set_status(actor=self.office, measure=m, status="done")

    def import_ledger(self):
        head = ["序号", "责任单位", "问题类别", "问题", "整改措施", "责任领导", "整改时限"]
        rows = [[i + 1, UNIT_NAMES[self.rng.choice(list(UNIT_NAMES))], self.rng.choice(["理论学习", "工作作风"]),
                 f"导入问题{self.rng.randint(1, 10**6)}", "1. 制定计划\n2. 按月调度", "张某某",
                 self.rng.choice(["2026年12月底", "长期坚持", "立行立改"])] for i in range(self.rng.randint(1, 4))]
        result = run_import(actor=self.office, kind="problems", data=xlsx_bytes([["台账"], head, *rows]),
                            filename="台账.xlsx", campaign=self.campaign)
        assert result.errors == [] and result.created == len(rows)

    OPERATIONS = ["create", "create", "create", "accept", "accept", "progress", "progress", "request_closure",
                  "decide", "decide", "withdraw", "reopen", "lookback", "edit", "edit", "measure", "finish_measure",
                  "import_ledger"]

    def step(self):
        name = self.rng.choice(self.OPERATIONS)
        try:
            getattr(self, name)()
        except (TransitionRefused, ValidationFailed, PermissionDenied):
            return
        self.done[name] = self.done.get(name, 0) + 1


@pytest.mark.parametrize("seed", [2026])
def test_random_writes_keep_the_cells_equal_to_the_records(world, ledger, settings, seed):
    writer = Writer(world, random.Random(seed))
    campaign = writer.campaign
    assert CellState.objects.filter(campaign=campaign).exists()
    for round_ in range(4):
        settings.IMPORT_PER_RECORD_LIMIT = 0 if round_ % 2 else 1000  # imports in bulk, then record by record
        for _ in range(30):
            writer.step()
        assert CellMark.objects.exists()
        assert_same(campaign)
    assert not CellMark.objects.exists()  # reading folded them
    assert_same(campaign, on=timezone.localdate() + dt.timedelta(days=10))  # another day's lights
    # Every kind of write happened, and the figures moved through every status.
    assert set(writer.done) >= {"create", "accept", "progress", "request_closure", "decide", "withdraw", "reopen",
                                "lookback", "edit", "measure", "finish_measure", "import_ledger"}, writer.done
    # One problem taken through every step, whatever the random ones did: returned, closed, rebound, measures done.
    p = F.problem(world, "C2", actor="province_office")
    services.measure_add(actor=writer.office, problem=p, text="完善制度")
    services.measure_set_status(actor=writer.office, measure=p.measures.get(), status="done")
    p = problem_transition(actor=writer.office, problem=p, action="accept")
    services.progress_add(actor=writer.second, problem=p, text="已整改", percent=100, files=[F.pdf()])
    for action, who in (("request_closure", writer.second), ("return", writer.office),
                        ("request_closure", writer.second), ("approve", writer.office)):
        p = problem_transition(actor=who, problem=Problem.objects.get(pk=p.pk), action=action, reason="补充材料",
                               evidence_summary="整改完成")
    services.lookback_record(actor=writer.office, problem=Problem.objects.get(pk=p.pk), verdict="rebound",
                             comment="问题反弹")
    assert_same(campaign)
    figures = rollup.stats_for(world.unit("C2"), campaign)
    assert figures["problems.returned"] and figures["problems.reopened"] and figures["measures.done"]


def test_carry_over_and_unit_moves(world, ledger):
    from taizhang.campaigns.services import campaign_create
    from taizhang.orgs.services import unit_move

    rng = random.Random(7)
    writer = Writer(world, rng)
    for _ in range(40):
        writer.step()
    target = campaign_create(actor=None, name="第二批", slug="second", root_unit=world.unit("P"),
                             start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 1, 31))
    services.campaign_carry_over(actor=writer.office, source=writer.campaign, target=target)
    assert Problem.objects.filter(campaign=target).exists()
    assert_same(target)
    assert_same(writer.campaign)
    # A township moves to another county: the cells of both campaigns are dropped (figures counted meanwhile) …
    unit_move(actor=world.user("sysadmin"), unit=world.unit("T2"), new_parent=world.unit("K2"))
    assert not CellState.objects.filter(campaign__in=[writer.campaign, target]).exists()
    assert_same(writer.campaign)
    # … and rebuilt by the task the move queues (run here as the periodic job does when it finds none).
    cells.rebuild_all(missing_only=True)
    assert CellState.objects.filter(campaign__in=[writer.campaign, target]).count() == 2
    for _ in range(30):
        writer.step()
    assert_same(writer.campaign)
    assert_same(target)


def test_the_province_figures_come_from_cells_without_reading_problems(world, ledger):
    top = world.unit("P")
    rollup.stats_for(top, ledger)  # folds the marks the fixture left
    with CaptureQueriesContext(connection) as queries:
        figures = rollup.stats_for(top, ledger, keys=["problems.found", "problems.overdue", "problems.close_rate",
                                                      "measures.total", "problems.returned"])
    assert not [q for q in queries if "ledger_" in q["sql"]], [q["sql"][:120] for q in queries]
    with cells.recounting():
        assert figures == rollup.stats_for(top, ledger, keys=list(figures))
    assert ProblemCell.objects.filter(campaign=ledger, unit=top).exists()


def test_the_dashboard_is_the_same_from_cells(world, ledger):
    for code in ("P", "C1", "K1"):
        unit = world.unit(code)
        page = dashboard_context(world.province_office, unit, ledger)
        with cells.recounting():
            counted = dashboard_context(world.province_office, unit, ledger)
        for part in ("metrics", "children", "chart"):
            assert page[part] == counted[part], (code, part)


def test_rebuild_command_counts_cells_from_the_records(world, ledger):
    import json
    from io import StringIO

    from django.core.management import call_command

    ProblemCell.objects.filter(campaign=ledger).delete()
    CellState.objects.filter(campaign=ledger).delete()
    out = StringIO()
    call_command("stats", "rebuild", "--campaign", "test-campaign", "--json", stdout=out)
    built = json.loads(out.getvalue())["rebuilt"][0]
    assert built["campaign"] == "test-campaign" and built["cells"] == ProblemCell.objects.filter(campaign=ledger).count()
    assert CellState.objects.filter(campaign=ledger).exists()
    assert_same(ledger)
