import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser


def test_county_office_logs_in_and_opens_its_tree_lazily(page_as, live_world):
    page, errors = page_as("county_office")
    assert "您好" in page.inner_text("h1")
    page.click("text=组织架构")
    page.wait_for_load_state("networkidle")
    assert page.locator(".tz-tree li").count() == 1  # only the county itself until it is opened
    page.click(".tz-tree .tz-toggle >> nth=0")
    page.wait_for_selector("text=东镇党委")
    assert page.is_visible("text=西镇党委")
    assert not page.is_visible("text=东村党支部")  # the next level still unloaded
    shot(page, "tree-county-office")
    assert errors == []


def test_the_menu_folds_away_on_a_phone(page_as):
    page, errors = page_as("village_clerk", width=375, height=740)
    assert not page.is_visible("#tz-sidebar .nav-link >> nth=0")
    page.click(".navbar-toggler")
    page.wait_for_selector("#tz-sidebar.show")
    assert page.is_visible("text=组织架构")
    shot(page, "menu-phone")
    assert errors == []


def test_a_wrong_password_is_refused_in_chinese(browser, live_world):
    page = browser.new_page()
    page.goto(f"{live_world.url}/login/")
    page.fill("#id_username", "county_office")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "请输入一个正确的" in page.inner_text(".alert-danger")
    page.close()
