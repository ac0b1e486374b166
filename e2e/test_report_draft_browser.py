"""An office edits a paragraph of a report draft in the browser and downloads the .docx with its wording."""

from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from e2e.conftest import shot

pytestmark = pytest.mark.browser


def test_an_office_edits_a_paragraph_and_downloads_its_draft(page_as, live_world, monkeypatch):
    from taizhang.reports.tests.drafting import use_drafting_builder
    from taizhang.reports.tests.factories import ledger_data
    from taizhang.testing import World

    use_drafting_builder(monkeypatch)  # the live server runs in this process
    ledger_data(World())
    page, errors = page_as("county_office")
    page.goto(f"{live_world.url}{reverse('reports:index')}")
    page.select_option("#id_kind", "stage-summary")
    page.click("#tz-draft-create")
    page.wait_for_selector("#tz-draft")
    measures = page.locator('[data-block="rect.measures"]')
    measures.locator("summary").click()
    measures.locator("textarea").fill("全县细化整改措施")
    measures.locator("textarea").press("End")
    measures.locator("select[data-insert-into]").select_option(label="整改措施（2项）")
    measures.locator("textarea").press("End")
    measures.locator("textarea").type("，已完成过半。")
    assert measures.locator("textarea").input_value() == "全县细化整改措施【整改措施】，已完成过半。"
    measures.locator("button", has_text="保存修改").click()
    page.wait_for_selector("text=已保存段落的修改")
    measures = page.locator('[data-block="rect.measures"]')
    assert measures.locator("p").first.inner_text().replace("\n", "") == "全县细化整改措施整改措施 2项，已完成过半。"
    assert measures.locator(".tz-field").inner_text() == "整改措施 2项"
    shot(page, "report-draft-edited")
    with page.expect_download() as info:
        page.click("#tz-draft-download")
    text = "\n".join(p.text for p in Document(BytesIO(open(info.value.path(), "rb").read())).paragraphs)
    assert "全县细化整改措施2项，已完成过半。" in text
    assert errors == []
