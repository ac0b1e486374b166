"""From figure to records: every figure that counts problems links to the ledger list filtered by its catalogue
key (`?metric=KEY`), and that list — the page, the API and the export read the same filter — holds exactly as
many problems as the figure says, for any unit the user's scope covers."""

import random

import pytest

from taizhang.ledger import selectors
from taizhang.ledger.filters import ProblemFilters
from taizhang.stats import rollup
from taizhang.stats.catalogue import CATALOGUE, LINKED_KEYS, record_source, records_key, source_keys
from taizhang.stats.links import LISTS, records_url


@pytest.fixture
def demo_ledger(world):
    """The demo generator's ledger (300 problems in every state, overdue, returned, reopened …), and a problem
    outside the county (K2) that no K1 figure counts."""
    from django.utils import timezone

    from taizhang.demo.generator import DemoContext
    from taizhang.demo.steps import ledger as demo
    from taizhang.ledger.tests import factories as F

    ledger = world.campaign()
    ctx = DemoContext(size="small", seed=3, today=timezone.localdate(), rng=random.Random(3))
    ctx.campaign = ledger
    ctx.units_by_level = {"county": [world.unit("K1")], "township": [world.unit("T1"), world.unit("T2")],
                          "village": [world.unit("V1"), world.unit("V2"), world.unit("V3")]}
    ctx.users_by_unit = {world.unit("K1").pk: {"office": world.county_office, "clerk": world.county_clerk}}
    demo.generate(ctx)
    F.problem(world, "K2", actor="province_office", deadline=F.overdue_by(2))
    return ledger


def _listed(user, campaign, params) -> int:
    f = ProblemFilters.from_params(user, params, campaign=campaign)
    assert not f.errors, f.errors
    return selectors.problem_list(user, campaign, f.problem_filter()).count()


def test_every_problem_figure_is_linked():
    problem_keys = {k for k, m in CATALOGUE.items() if m.source == "problem"}
    assert problem_keys <= set(LINKED_KEYS)
    assert {"problems.returned", "problems.reopened"} <= set(LINKED_KEYS)
    assert records_key("problems.close_rate") == "problems.closed"
    assert "study.sessions" not in LINKED_KEYS and "study.sessions" in source_keys("study")
    # Every figure that names its records has a list to show them in: 督办单, 调研走访, 成果转化 and 整改措施 too.
    assert {k: record_source(k) for k in CATALOGUE if records_key(k) and record_source(k) not in LISTS} == {}


@pytest.mark.parametrize("code, user", [("P", "province_office"), ("K1", "county_office"), ("T1", "township_office"),
                                        ("V1", "county_office")])
def test_each_linked_list_counts_what_its_figure_says(world, demo_ledger, code, user):
    unit, account = world.unit(code), world.user(user)
    figures = rollup.stats_for(unit, demo_ledger, keys=list(LINKED_KEYS))
    for key in LINKED_KEYS:
        assert _listed(account, demo_ledger, {"unit": code, "metric": key}) == figures[key], key
    assert figures["problems.red"] and figures["problems.returned"] and figures["problems.reopened"]


def test_the_page_and_the_api_list_the_red_lights_of_a_unit(world, demo_ledger, login):
    red = rollup.stats_for(world.unit("K1"), demo_ledger, keys=["problems.red"])["problems.red"]
    client = login("county_leader")
    page = client.get("/ledger/", {"campaign": "test-campaign", "unit": "K1", "metric": "problems.red"})
    assert page.context["page"]["total"] == red
    assert f"统计口径：红灯，共 {red} 个问题" in page.content.decode()
    api = client.get("/api/v1/problems", {"campaign": "test-campaign", "unit": "K1", "metric": "problems.red"})
    assert api.status_code == 200 and api.json()["count"] == red


def test_an_unknown_metric_lists_nothing_and_says_so(world, demo_ledger, login):
    response = login("county_office").get("/ledger/", {"campaign": "test-campaign", "metric": "problems.nope"})
    assert response.context["page"]["total"] == 0
    assert "统计指标" in response.content.decode()


def test_the_dashboard_links_each_problem_figure_to_its_records(world, demo_ledger, login):
    import re
    from html import unescape

    client = login("county_office")
    body = client.get("/stats/u/K1/?campaign=test-campaign").content.decode()
    links = {key: unescape(url) for url, key in re.findall(r'href="([^"]+)" data-figure-link="([^"]+)"', body)}
    assert {"problems.found", "problems.overdue", "problems.red", "problems.yellow", "problems.green"} <= set(links)
    figures = rollup.stats_for(world.unit("K1"), demo_ledger)
    for key, url in links.items():
        if _counted(records_key(key)):
            assert _count(client.get(url)) == figures[records_key(key)], key
    # The children's table and the ranking link their counts too.
    assert "unit=T1&amp;metric=problems.red" in body
    ranked = client.get("/stats/u/K1/?campaign=test-campaign&metric=problems.overdue").content.decode()
    assert "unit=T2&amp;metric=problems.overdue" in ranked


def _counted(key: str) -> bool:
    m = CATALOGUE[key]
    return m.records is not None or m.aggregate.__qualname__.startswith("count.")


def _count(response) -> int:
    """How many records a list page holds (the ledger pages its own way)."""
    page = response.context["page"]
    return page["total"] if isinstance(page, dict) else page.paginator.count


@pytest.mark.parametrize("source", [s for s in LISTS if s != "problem"])
def test_the_other_lists_hold_what_their_figures_count(world, ledger, login, source):
    """学习活动, 调研课题, 为民办实事 and 建章立制 figures link to their lists the same way."""
    client = login("county_office")
    keys = source_keys(source)
    assert keys
    for code in ("K1", "T1"):
        unit = world.unit(code)
        figures = rollup.stats_for(unit, ledger, keys=keys)
        for key in keys:
            response = client.get(records_url(key, unit, ledger))
            assert response.status_code == 200, key
            assert not response.context["filters"].errors, key
            if _counted(key):
                assert response.context["page"].paginator.count == figures[key], (code, key)


def test_the_dashboard_panels_link_their_figures(world, ledger, login):
    body = login("county_office").get("/stats/u/K1/?campaign=test-campaign").content.decode()
    for key in ("study.sessions", "matters.total", "institutions.new", "research.topics"):
        assert f'data-figure-link="{key}"' in body, key
