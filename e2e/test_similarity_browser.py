"""查重 as its users meet it: a clerk submits a material whose numbers and names were replaced by x/xx and whose
paragraphs were reordered; the county office finds it at the top of 材料查重, reported as a copy of its source with
the matching passages side by side, while an honest material on the same theme is not paired."""

import re

import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def materials(live_world):
    from taizhang.materials.tests.factories import make_material
    from taizhang.similarity.tests.samples import HONEST_A, SOURCE
    from taizhang.testing import World

    w = World()
    make_material(w, unit="V2", author="county_office", title="南村抓党建促基层治理经验", body=SOURCE)
    make_material(w, unit="V2", author="county_office", title="南村以党建引领乡村治理", body=HONEST_A)
    return w


def test_a_disguised_copy_is_reported_with_its_passages_and_an_honest_one_is_not(page_as, materials):
    from taizhang.similarity.tests import disguises
    from taizhang.similarity.tests.samples import SOURCE

    clerk, errors = page_as("village_clerk")
    base = "/".join(clerk.url.split("/", 3)[:3])
    clerk.goto(f"{base}/materials/new/")
    clerk.fill("input[name=title]", "东村抓党建促基层治理经验交流")
    clerk.select_option("select[name=genre]", "experience")
    clerk.fill("textarea[name=body]", disguises.paragraphs_reordered(disguises.names_to_placeholders(
        disguises.numbers_to_x(SOURCE))))
    clerk.click("main form button.btn-danger")
    clerk.wait_for_load_state("networkidle")
    assert "材料已提交" in clerk.content()
    assert clerk.locator("#similarity-summary").count() == 0  # the author does not see the check

    office, office_errors = page_as("county_office")
    office.goto(f"{base}/similarity/")
    rows = office.locator("table.table-tz tbody tr")
    first = rows.nth(0).inner_text()
    assert "东村抓党建促基层治理经验交流" in first or "南村抓党建促基层治理经验" in first
    honest = office.locator("tr", has_text="南村以党建引领乡村治理").inner_text()
    assert "0.0%" in honest
    office.click("text=东村抓党建促基层治理经验交流")
    office.wait_for_load_state("networkidle")
    score = float(office.locator("[data-testid=similarity-score]").inner_text().rstrip("%"))
    assert score >= 80
    assert "南村抓党建促基层治理经验" in office.locator("section").first.inner_text()
    marks = office.locator("section mark").all_inner_texts()
    assert any(re.match(r"三、议事协商.*每月15日", m) for m in marks)  # the source's own words …
    assert any(re.match(r"三、议事协商.*每月(xx|X|x|××|XX)日", m) for m in marks)  # … beside the copy's
    shot(office, "similarity-report")
    assert not errors and not office_errors
