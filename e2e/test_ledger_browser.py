import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def ledger(live_world):
    from taizhang.ledger.tests import factories as F
    from taizhang.testing import World

    w = World()
    return {"review": F.in_review(w, title="理论学习不深入"), "pending": F.problem(w, "V1", title="村务公开不及时")}


def test_the_ledger_works_on_a_phone(page_as, ledger):
    page, errors = page_as("county_office", width=375, height=740)
    page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/ledger/")
    page.wait_for_load_state("networkidle")
    assert page.is_visible("text=理论学习不深入") and page.is_visible("text=村务公开不及时")
    assert _no_sideways_scroll(page)
    shot(page, "ledger-list-phone")
    assert not page.is_visible("#id_status")  # filters fold away on a phone
    page.click("text=筛选与批量操作")
    page.wait_for_selector("#id_status", state="visible")
    page.select_option("#id_status", "pending")  # htmx swaps the counts and the table
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("text=理论学习不深入", state="detached")
    assert page.is_visible("text=村务公开不及时") and "status=pending" in page.url
    page.click("text=村务公开不及时")
    page.wait_for_load_state("networkidle")
    assert page.is_visible("text=问题信息") and _no_sideways_scroll(page)
    shot(page, "ledger-problem-phone")
    assert errors == []


def test_the_office_approves_a_closure_in_the_browser(page_as, ledger):
    page, errors = page_as("county_office")
    base = page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]
    page.goto(f"{base}/ledger/p/{ledger['review'].pk}/")
    page.click("text=通过，予以销号")
    page.wait_for_load_state("networkidle")
    assert page.is_visible("text=已销号") and page.is_visible("text=回头看")
    shot(page, "ledger-problem-closed")
    assert errors == []
