"""Batch work and figure-to-records in the browser: ticks survive filtering, ten closure requests approved in
one action, and a leader's click on the red-light figure lists exactly those problems."""

import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser


def _base(page) -> str:
    return page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]


def _ticked(page) -> list[str]:
    return page.eval_on_selector_all("[data-tz-row]:checked", "els => els.map(e => e.getAttribute('aria-label'))")


def test_ticks_survive_filtering_and_reloading(page_as, live_world):
    from taizhang.ledger.tests import factories as F
    from taizhang.testing import World

    w = World()
    pending = F.problem(w, title="待认领的问题")
    review = F.in_review(w, title="待审核的问题")
    page, errors = page_as("county_office")
    page.goto(f"{_base(page)}/ledger/?campaign=test-campaign")
    page.check(f"[data-tz-row][value='{pending.pk}']")
    page.select_option("#id_status", "review")  # htmx replaces the table
    page.wait_for_selector("text=待认领的问题", state="detached")
    page.check(f"[data-tz-row][value='{review.pk}']")
    page.select_option("#id_status", "")
    page.wait_for_selector("text=待认领的问题")
    assert sorted(_ticked(page)) == sorted([pending.number, review.number])
    assert page.is_visible("text=已勾选 2 个问题")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert sorted(_ticked(page)) == sorted([pending.number, review.number])
    shot(page, "ledger-ticks-kept")
    assert errors == []


def test_the_office_approves_ten_closure_requests_in_one_action(page_as, live_world):
    from taizhang.ledger.models import Problem
    from taizhang.ledger.tests import factories as F
    from taizhang.testing import World

    w = World()
    problems = [F.in_review(w, title=f"待审核问题{i}") for i in range(10)]
    page, errors = page_as("county_office")
    page.goto(f"{_base(page)}/ledger/?campaign=test-campaign&status=review")
    page.check("[data-tz-check-all]")
    assert page.is_visible("text=已勾选 10 个问题")
    page.fill("#id_bulk_reason", "整改到位，同意销号")
    page.click("text=批量审核通过（销号）")
    page.wait_for_load_state("networkidle")
    assert page.is_visible("text=已审核通过（销号） 10 个问题")
    assert Problem.objects.filter(pk__in=[p.pk for p in problems], status="closed").count() == 10
    assert _ticked(page) == [] and not page.is_visible("text=已勾选")  # the batch used the ticks up
    shot(page, "ledger-batch-approved")
    assert errors == []


def test_a_leader_clicks_the_red_light_figure_and_gets_exactly_those_problems(page_as, live_world):
    from taizhang.ledger.tests import factories as F
    from taizhang.testing import World

    w = World()
    red = [F.accepted(w, unit, deadline=F.overdue_by(days), title=f"逾期问题{unit}")
           for unit, days in (("K1", 3), ("T1", 8), ("V1", 20))]
    F.accepted(w, "T2", title="按期推进的问题")
    F.problem(w, "K2", actor="province_office", deadline=F.overdue_by(5), title="外县逾期问题")
    page, errors = page_as("county_leader")
    page.goto(f"{_base(page)}/stats/?campaign=test-campaign")
    page.wait_for_load_state("networkidle")
    figure = page.locator("[data-figure-link='problems.red']").first
    assert figure.inner_text().strip() == "3"
    figure.click()
    page.wait_for_load_state("networkidle")
    assert page.is_visible("text=统计口径：红灯，共 3 个问题")
    titles = page.eval_on_selector_all("table.table-tz tbody tr td:nth-child(3) a",
                                       "els => els.map(e => e.textContent.trim())")
    assert sorted(titles) == sorted(p.title for p in red)
    shot(page, "figure-to-records-red")
    assert errors == []
