import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def filed(live_world):
    """Three near-identical problems in 东镇 and one outside 东县, which the county office must not be offered."""
    from taizhang.ledger.tests import factories as F
    from taizhang.testing import World

    w = World()
    near = [F.problem(w, code, title=title) for code, title in (
        ("V1", "理论学习不够深入系统，学用结合不紧"), ("V2", "理论学习不够深入系统"), ("T1", "理论学习不够深入、不够系统"))]
    outside = F.problem(w, "V4", title="理论学习不够深入系统", actor="province_office")
    return near, outside


def test_typing_a_new_problem_shows_the_similar_ones_of_the_scope(page_as, filed):
    near, outside = filed
    page, errors = page_as("county_office")
    base = page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]
    page.goto(base + "/ledger/new/?campaign=test-campaign")
    page.type("#id_description", "理论学习不够深入系统", delay=30)
    page.wait_for_selector("#tz-similar li")
    page.wait_for_timeout(600)  # the last keystroke's answer replaces the earlier ones
    items = page.locator("#tz-similar li").all_inner_texts()
    assert sorted(i.split("\n")[1].split(" ")[0] for i in items) == sorted(p.number for p in near)
    assert not any(outside.number in i for i in items)
    assert any("东村党支部" in i and "待认领" in i and "%" in i for i in items)
    shot(page, "quality-similar")
    assert errors == []
