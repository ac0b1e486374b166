"""Roll-ups: figures over a subtree, one query per model, children adding up to the parent, rankings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.stats import rollup
from taizhang.stats.catalogue import ADDITIVE_KEYS, SOURCES


def test_it_counts_the_subtree_only(world, ledger):
    s = rollup.stats_for(world.unit("K1"), ledger)
    assert s["problems.found"] == 7  # the K2 problem is outside
    assert s["problems.closed"] == 2
    assert s["problems.overdue"] == 1 and s["problems.red"] == 1
    assert s["problems.long_term"] == 1
    assert s["problems.close_rate"] == round(100 * 2 / 7, 1)
    assert s["research.problems_found"] == 1
    assert s["study.sessions"] == 3 and s["study.sessions.reading_class"] == 1
    assert s["study.seminar.speakers"] == 4
    assert s["institutions.new"] == 2 and s["institutions.revised"] == 1
    assert s["matters.total"] == 1


def test_rates_are_none_without_a_denominator(world, ledger):
    s = rollup.stats_for(world.unit("V3"), ledger, keys=["problems.on_time_rate", "research.topics"])
    assert s == {"problems.on_time_rate": None, "research.topics": 0}


def test_it_runs_one_query_per_model(world, ledger):
    from taizhang.stats import cells

    root = world.unit("P")
    with cells.recounting(), CaptureQueriesContext(connection) as queries:
        rollup.stats_for(root, ledger)
    assert len(queries) == len(SOURCES), [q["sql"][:80] for q in queries]  # one per model
    rollup.stats_for(root, ledger)  # folds what the fixture wrote
    with CaptureQueriesContext(connection) as queries:
        rollup.stats_for(root, ledger)
    # From the cells: the cells' state, the pending marks (none), one query for every problem, measure, closure and
    # 回头看 figure, and one per other model.
    kept = {"problem", "measure", "closure", "lookback"}
    assert len(queries) == 3 + len(set(SOURCES) - kept), [q["sql"][:80] for q in queries]


def test_it_keeps_only_units_of_one_kind(world, ledger):
    s = rollup.stats_for(world.unit("K1"), ledger, keys=["problems.found", "study.sessions"], unit_kind="branch")
    assert s == {"problems.found": 3, "study.sessions": 1}  # V1, V2, V3


@pytest.mark.parametrize("code", ["P", "C1", "K1", "T1"])
def test_a_unit_is_the_sum_of_its_children_and_its_own_records(world, ledger, code):
    unit = world.unit(code)
    total = rollup.stats_for(unit, ledger, keys=list(ADDITIVE_KEYS))
    parts = rollup.by_children(unit, ledger, list(ADDITIVE_KEYS))
    for key in ADDITIVE_KEYS:
        assert total[key] == pytest.approx(sum(v[key] for v in parts.values())), key
    own = rollup.stats_for(unit, ledger, keys=["problems.found"])  # own records are keyed by the unit's path
    assert set(parts) <= {unit.path} | {c.path for c in rollup.children_of(unit)}
    assert own["problems.found"] == total["problems.found"]


def test_by_children_is_one_group_by_per_model(world, ledger):
    from taizhang.stats import cells

    k1 = world.unit("K1")
    with cells.recounting(), CaptureQueriesContext(connection) as queries:
        rollup.by_children(k1, ledger, ["problems.found", "study.sessions", "measures.total"])
    assert len(queries) == 3
    c1 = world.unit("C1")  # its children have cells: one GROUP BY over them, one for C1's own total, and study
    rollup.by_children(c1, ledger, ["problems.found"])
    with CaptureQueriesContext(connection) as queries:
        rollup.by_children(c1, ledger, ["problems.found", "study.sessions", "measures.total"])
    assert len(queries) == 2 + 2 + 1, [q["sql"][:80] for q in queries]


def test_ranking_orders_the_direct_children(world, ledger):
    rows = rollup.ranking(world.unit("K1"), ledger, "problems.found")
    assert [(r["code"], r["value"], r["rank"]) for r in rows] == [("T1", 3, 1), ("T2", 2, 2)]


def test_slips_are_counted_for_the_unit_that_received_them(world):
    from taizhang.supervision.services import slip_issue

    campaign = world.campaign()
    slip_issue(actor=world.county_office, kind="warning", target_unit=world.unit("T1"), content="逾期问题请限期整改",
               campaign=campaign)
    slip_issue(actor=world.county_office, kind="notice", target_unit=world.unit("V1"), content="请按时报送进展",
               campaign=campaign)
    k1 = rollup.stats_for(world.unit("K1"), campaign, keys=["slips.total", "slips.warning", "slips.notice"])
    assert k1 == {"slips.total": 2, "slips.warning": 1, "slips.notice": 1}
    assert rollup.stats_for(world.unit("V1"), campaign, keys=["slips.total"]) == {"slips.total": 1}
