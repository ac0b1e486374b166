import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser


def test_a_village_is_picked_by_two_characters_of_its_name(page_as, live_world):
    from taizhang.ledger.models import Problem

    page, errors = page_as("county_office")
    base = page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]
    page.goto(f"{base}/ledger/new/")
    unit = page.locator("#id_unit_code")
    assert unit.get_attribute("role") == "combobox" and unit.input_value() == "测试省委 › 甲市委 › 东县县委"
    unit.fill("")
    unit.type("南村", delay=30)
    option = page.get_by_role("option", name="南村党支部")
    option.wait_for()
    assert page.get_by_role("listbox").get_by_role("option").count() == 1
    assert "东县县委 › 东镇党委 › 南村党支部" in option.inner_text()
    shot(page, "picker-unit-open")
    unit.press("Enter")  # chooses the highlighted village, does not submit the form
    assert page.get_by_role("listbox").is_hidden()
    assert unit.input_value() == "东县县委 › 东镇党委 › 南村党支部"
    assert page.locator("input[type=hidden][name=unit_code]").input_value() == "V2"

    person = page.locator("#id_responsible_name")
    person.type("villa", delay=30)
    page.get_by_role("option", name="village_clerk姓名").wait_for()
    person.press("Escape")
    assert page.get_by_role("listbox").last.is_hidden()
    person.press("ArrowDown")
    page.get_by_role("option", name="village_clerk姓名").click()
    assert person.input_value() == "village_clerk姓名（东村党支部）"

    page.fill("#id_title", "村务公开栏更新不及时")
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert page.is_visible("text=已录入问题")
    problem = Problem.objects.select_related("unit", "responsible").get(title="村务公开栏更新不及时")
    assert problem.unit.code == "V2" and problem.responsible.username == "village_clerk"
    assert errors == []


def test_a_list_is_filtered_by_a_unit_picked_by_name(page_as, live_world):
    from taizhang.research.tests.factories import make_topic
    from taizhang.testing import World

    w = World()
    make_topic(w, "V1", title="东村课题")
    make_topic(w, "K1", title="东县课题")
    page, errors = page_as("county_office")
    base = page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]
    page.goto(f"{base}/research/")
    unit = page.locator("#id_filter_unit")
    unit.type("东村", delay=30)
    page.get_by_role("option", name="东村党支部").wait_for()
    unit.press("Enter")  # choose
    shot(page, "picker-list-filter")
    unit.press("Enter")  # submit the filter
    page.wait_for_url("**unit=V1**")
    assert page.is_visible("text=东村课题") and not page.is_visible("text=东县课题")
    page.goto(f"{base}/research/?unit=不存在的村")
    assert page.is_visible("text=未找到名为「不存在的村」的单位") and not page.is_visible("text=东村课题")
    assert errors == []
