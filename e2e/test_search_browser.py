import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def problems(live_world):
    from taizhang.ledger.tests import factories as F
    from taizhang.testing import World

    w = World()
    return {"ours": F.problem(w, "T1", title="理论学习不够深入系统", description="学习流于形式"),
            "theirs": F.problem(w, "T3", actor="province_office", title="理论学习流于形式，中镇")}


def _site(page) -> str:
    return page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]


@pytest.mark.parametrize("width", [1280, 375])
def test_results_arrive_as_the_user_types_and_open_the_record(page_as, problems, width):
    page, errors = page_as("county_office", width=width, height=800)
    page.goto(_site(page) + "/ledger/")
    page.wait_for_load_state("networkidle")
    top = page.locator("nav.tz-navbar").bounding_box()
    if width < 768:
        assert not page.is_visible("[data-topsearch-input]")  # an icon on a phone, the bar stays one row
        page.click("[data-topsearch-toggle]")
    page.type("[data-topsearch-input]", "理论学习", delay=50)
    page.wait_for_selector("[data-topsearch-results] [data-search-hit]")
    results = page.inner_text("[data-topsearch-results]")
    assert "理论学习不够深入系统" in results and "中镇" not in results
    assert page.locator("nav.tz-navbar").bounding_box()["height"] == top["height"]
    shot(page, f"search-suggest-{width}")
    page.click("[data-topsearch-results] [data-search-hit]")
    page.wait_for_load_state("networkidle")
    assert f"/ledger/p/{problems['ours'].pk}/" in page.url
    assert errors == []


def test_enter_opens_the_results_page_grouped_by_kind(page_as, problems):
    page, errors = page_as("county_office")
    page.fill("[data-topsearch-input]", "流于形式")
    page.press("[data-topsearch-input]", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.is_visible("section[data-kind=problem]") and page.is_visible("mark")
    assert "中镇" not in page.inner_text("main")
    shot(page, "search-results")
    assert errors == []
