"""Clicking 导出Excel in the browser downloads the list as it is filtered on the screen."""

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from e2e.conftest import shot

pytestmark = pytest.mark.browser


def download(page) -> list[list]:
    with page.expect_download() as info:
        page.click("#tz-export")
    return CalamineWorkbook.from_path(info.value.path()).get_sheet_by_index(0).to_python()[3:]


def test_the_ledger_export_follows_filters_changed_in_place(page_as, live_world):
    from taizhang.imports.importers import run_import
    from taizhang.imports.tests.factories import ledger_bytes
    from taizhang.testing import World

    run_import(actor=None, kind="problems", data=ledger_bytes(), filename="a.xlsx", campaign=World().campaign())
    page, errors = page_as("county_office")
    page.goto(f"{live_world.url}{reverse('ledger:list')}?campaign=test-campaign")
    assert sorted(r[5] for r in download(page)) == ["会议偏多", "学习不够系统"]
    page.select_option("#id_kind", "long_term")  # htmx swaps the table, and the button with it
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("text=学习不够系统", state="detached")
    assert [r[5] for r in download(page)] == ["会议偏多"]
    assert errors == []


def test_a_list_filtered_by_its_select_exports_what_it_shows(page_as, live_world):
    from taizhang.imports.tests.test_export_records import activities
    from taizhang.testing import World

    activities(World())
    page, errors = page_as("county_office")
    page.goto(f"{live_world.url}{reverse('study:activity_list')}?campaign=test-campaign")
    assert sorted(r[1] for r in download(page)) == ["学习党章", "读书班第一期"]
    page.select_option("select[name=type]", "reading_class")  # the page reloads with ?type=reading_class
    page.wait_for_url("**type=reading_class**")
    page.wait_for_load_state("networkidle")
    shot(page, "study-activities-export")
    assert [r[1] for r in download(page)] == ["读书班第一期"]
    assert errors == []
