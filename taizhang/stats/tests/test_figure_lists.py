"""The figures whose records are not problems lead to lists of their own — 整改措施, 调研走访, 成果转化, 督办单 —
that hold exactly what the figure counts for the unit's subtree, say which figure they list, and keep it while
the user narrows the list further."""

from html import unescape

import pytest

from taizhang.ledger import services as ledger_services
from taizhang.ledger.tests import factories as F
from taizhang.research import services as research_services
from taizhang.research.models import TopicStatus
from taizhang.research.tests.factories import make_topic, make_visit
from taizhang.stats import rollup
from taizhang.stats.catalogue import CATALOGUE, record_source, records_key, source_keys
from taizhang.stats.links import records_url
from taizhang.supervision.tests import factories as S


@pytest.fixture
def records(world):
    """In 东镇 T1 (under 东县 K1): three measures (one done), two visits (one done), two transformations (one done), two
    slips (one answered and closed); in 中县 K2, outside K1, one of each."""
    office = world.user("county_office")
    for unit, n in (("T1", 3), ("K2", 1)):
        actor = office if unit == "T1" else world.user("province_office")
        problem = F.problem(world, unit, actor="county_office" if unit == "T1" else "province_office")
        for i in range(n):
            m = ledger_services.measure_add(actor=actor, problem=problem, text=f"措施{i + 1}：逐条对照整改")
            if i == 0:
                ledger_services.measure_set_status(actor=actor, measure=m, status="done")
    for unit, n in (("T1", 2), ("K2", 1)):
        topic = make_topic(world, unit, status=TopicStatus.RESEARCHING, title=f"{unit}集体经济调研")
        for i in range(n):
            visit = make_visit(world, topic, site=None)
            if i == 0:
                research_services.visit_update(actor=None, visit=visit, expected_version=None, status="done")
            item = research_services.transformation_create(actor=None, topic=topic, kind="rule",
                                                           title=f"{unit}转化事项{i + 1}")
            if i == 0:
                for action in ("begin", "finish"):
                    item = research_services.transformation_transition(actor=None, item=item, action=action,
                                                                       expected_version=None)
    S.step(world, S.slip(world, unit="T1"), "sign", "reply", "close")
    S.slip(world, unit="T1", kind="warning")
    S.slip(world, unit="K2", actor="province_office", problems=[F.problem(world, "K2", actor="province_office")])
    return world.campaign()


def _count(response) -> int:
    return response.context["page"].paginator.count


@pytest.mark.parametrize("source", ["measure", "visit", "transformation", "slip"])
@pytest.mark.parametrize("code, user", [("K1", "county_office"), ("T1", "county_office"), ("T2", "county_office"),
                                        ("C1", "province_office")])
def test_each_list_holds_what_its_figures_count(world, records, login, source, code, user):
    client = login(user)
    unit = world.unit(code)
    keys = [k for k in source_keys(source) if CATALOGUE[k].aggregate.__qualname__.startswith("count.")]
    assert keys, source
    figures = rollup.stats_for(unit, records, keys=keys)
    # 西镇 T2 has none of these records: its lists are empty although the user sees T1's.
    assert any(figures.values()) == (code != "T2"), (source, figures)
    for key in keys:
        assert record_source(records_key(key)) == source
        response = client.get(records_url(key, unit, records))
        assert not response.context["filters"].errors, key
        assert _count(response) == figures[key], (code, key)


def test_a_figure_list_says_what_it_lists_and_keeps_the_figure_when_narrowed(world, records, login):
    client = login("county_office")
    url = records_url("measures.total", world.unit("K1"), records)
    body = client.get(url).content.decode()
    assert "统计口径：整改措施，共 3 条" in body
    assert '<input type="hidden" name="metric" value="measures.total">' in body
    # Narrowed by status, the list still lists the figure's records only: the one done measure of K1.
    narrowed = client.get(url + "&status=done")
    assert _count(narrowed) == 1 and "统计口径：整改措施，共 1 条" in narrowed.content.decode()
    # 取消统计口径 leads to the same list without the figure.
    clear = unescape(narrowed.content.decode().split('data-metric-notice>')[1].split('href="')[1].split('"')[0])
    assert "metric=" not in clear and "status=done" in clear


def test_the_slip_list_opened_from_a_figure_lists_the_slips_received_below_the_unit(world, records, login):
    client = login("county_office")
    response = client.get(records_url("slips.open", world.unit("K1"), records))
    slips = list(response.context["page"])
    assert [s.target_unit.code for s in slips] == ["T1"] and slips[0].kind == "warning"
    body = response.content.decode()
    assert "统计口径：未办结督办单，共 1 条" in body
    assert '<input type="hidden" name="metric" value="slips.open">' in body


def test_the_new_lists_are_reachable_from_the_navigation(world, login):
    body = login("county_office").get("/").content.decode()
    assert 'href="/ledger/measures/"' in body and 'href="/research/transformations/"' in body
