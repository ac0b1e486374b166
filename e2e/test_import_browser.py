"""A county office moves its own 整改台账 from Excel into taizhang through the import wizard."""

import datetime as dt

import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser


def office_ledger(path, *, fixed: bool, progress_of_2: str = "推进中"):
    """The sheet as the office keeps it: a merged title row, a two-row merged header (整改情况 over 完成时限 and
    进展), a column headed 具体举措 (which the wizard does not know), measures numbered inside one cell, dates as
    officials write them, a 合计 row — and, until `fixed`, an unknown unit and an unreadable date."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("检视问题清单")
    ws.merge_range("A1:G1", "东县主题教育检视问题整改台账")
    for col, head in zip("ABCD", ["序号", "存在问题", "具体举措", "责任单位"], strict=True):
        ws.merge_range(f"{col}2:{col}3", head)
    ws.merge_range("E2:F2", "整改情况")
    ws.write("E3", "完成时限")
    ws.write("F3", "进展")
    ws.merge_range("G2:G3", "责任领导")
    ws.write_row("A4", [1, "理论学习不够系统", "1.制定年度学习计划；2.每月开展一次集中研讨", "东县县委", "2026年12月底",
                        "已制定计划", "张书记"])
    ws.write_row("A5", [2, "调查研究浮于表面", "1、确定调研课题\n2、形成调研报告\n3、推动成果转化",
                        "东镇党委" if fixed else "东县水务局", "长期坚持", progress_of_2, "李镇长"])
    ws.write_row("A6", [3, "会议文件偏多偏长", "精简会议数量", "东县县委", "2026年11月底" if fixed else "年底看看",
                        "", "张书记"])
    ws.write_row("A7", ["合计", "", "", "", "", "3项", ""])
    wb.close()
    return path


def _upload(page, base, path):
    page.goto(f"{base}/excel/import/")
    page.select_option("#id_kind", "problems")
    page.select_option("#id_campaign", "test-campaign")
    page.fill("#id_unit_code", "K1")
    page.set_input_files("#id_file", str(path))
    page.click("text=上传并校验")
    page.wait_for_load_state("networkidle")


def _map_measures_column(page):
    column = page.locator("label", has_text="具体举措").get_attribute("for")
    page.select_option(f"#{column}", "measures")
    page.click("text=按此对应关系重新校验")
    page.wait_for_load_state("networkidle")


def test_an_office_imports_its_own_ledger_and_reimports_the_corrected_file(page_as, tmp_path):
    from taizhang.ledger.models import Problem

    page, errors = page_as("county_office")
    base = page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]

    _upload(page, base, office_ledger(tmp_path / "东县台账.xlsx", fixed=False))
    assert page.locator("label", has_text="具体举措").count() == 1  # the header came through from row 2
    _map_measures_column(page)
    report = page.locator("table").inner_text()
    assert "东县水务局" in report and "年底看看" in report  # the two rows to fix, named with their values
    rows = [int(t) for t in page.locator("table tbody tr td:first-child").all_inner_texts()]
    assert rows == [5, 6]  # Excel's own row numbers
    assert page.locator("button:has-text('确认导入')").count() == 0  # all-or-nothing: nothing to confirm yet
    shot(page, "import-report-with-errors")

    _upload(page, base, office_ledger(tmp_path / "东县台账（改）.xlsx", fixed=True))
    assert page.is_visible("text=更正的列对应关系")  # the same header again: last time's correction applies
    column = page.locator("label", has_text="具体举措").get_attribute("for")
    assert page.locator(f"#{column}").input_value() == "measures"
    assert "错误 0" in page.inner_text("body")
    page.click("button:has-text('确认导入')")
    page.wait_for_load_state("networkidle")
    assert page.is_visible("text=已导入：新增 3 条")
    shot(page, "import-done")

    problems = {p.title: p for p in Problem.objects.filter(title__in=[
        "理论学习不够系统", "调查研究浮于表面", "会议文件偏多偏长"])}
    assert [m.text for m in problems["调查研究浮于表面"].measures.order_by("sort_order")] == [
        "确定调研课题", "形成调研报告", "推动成果转化"]
    assert problems["理论学习不够系统"].deadline == dt.date(2026, 12, 31)
    assert problems["调查研究浮于表面"].kind == "long_term"
    assert problems["理论学习不够系统"].extra["整改情况/进展"] == "已制定计划"  # kept under the joined header
    assert "整改情况/进展" not in problems["会议文件偏多偏长"].extra  # an empty cell adds nothing

    page.goto(f"{base}/ledger/")  # the office finds its problems in the ledger
    page.wait_for_load_state("networkidle")
    assert all(page.is_visible(f"text={title}") for title in problems)
    page.click("text=调查研究浮于表面")
    page.wait_for_load_state("networkidle")
    assert all(page.is_visible(f"text={m}") for m in ("确定调研课题", "形成调研报告", "推动成果转化"))
    shot(page, "import-problem-page")

    # the next week the office updates one cell and imports the same sheet again
    _upload(page, base, office_ledger(tmp_path / "东县台账（第二周）.xlsx", fixed=True, progress_of_2="已形成报告"))
    assert "新增 0，更新 1" in page.inner_text("body")
    page.click("button:has-text('确认导入')")
    page.wait_for_load_state("networkidle")
    assert page.is_visible("text=已导入：新增 0 条，更新 1 条")
    assert Problem.objects.get(pk=problems["调查研究浮于表面"].pk).extra["整改情况/进展"] == "已形成报告"
    assert errors == []
