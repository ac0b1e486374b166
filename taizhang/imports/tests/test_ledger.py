"""From a messy 整改台账 sheet to problem records, row errors and skipped rows."""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taizhang.imports.sheets import (
    PROBLEM_FIELDS,
    UNIT_FIELDS,
    Deadline,
    Row,
    Sheet,
    detect_header,
    match_field,
    parse_deadline,
    parse_ledger,
    parse_records,
    read_workbook,
)
from taizhang.imports.tests.builders import make_ods


def sheet_of(*rows: list, merged=None) -> Sheet:
    return Sheet(name="表1", rows=[Row(i + 1, list(r)) for i, r in enumerate(rows)], merged=merged or [])


# ---------------------------------------------------------------- header detection


def test_header_below_title_and_notes_with_two_row_merged_header(ledger_xlsx):
    (sheet,) = read_workbook(ledger_xlsx)
    mapping = detect_header(sheet)
    assert mapping.title == "滨河县主题教育检视问题整改台账"
    assert mapping.notes == ("填报单位：县委办公室（盖章） 填报时间：2023年9月1日",)
    assert mapping.header_rows == (3, 4)
    assert mapping.data_start == 5
    assert [(c.header, c.field) for c in mapping.columns] == [
        ("序号", "number"),
        ("问题描述", "description"),
        ("整改措施", "measures"),
        ("责任领导", "responsible_leader"),
        ("牵头单位", "lead_unit"),
        ("整改情况/完成时限", "deadline"),
        ("整改情况/进展", "progress"),
        ("督导组意见", None),  # kept as an extra column
        ("备注", "remarks"),
    ]


def test_unmerged_group_header_from_csv_or_ods():
    sheet = sheet_of(
        ["序号", "存在问题", "整改情况", None, "备注"],
        [None, None, "完成时限", "进展", None],
        [1, "学习走过场", "2023年底", "推进中", None],
    )
    mapping = detect_header(sheet)
    assert mapping.header_rows == (1, 2)
    assert mapping.fields == {0: "number", 1: "description", 2: "deadline", 3: "progress", 4: "remarks"}


@pytest.mark.parametrize(
    "text, key",
    [
        ("序 号", "number"),
        ("问题\n表现", "description"),
        ("整改时限（年月日）", "deadline"),
        ("*责任单位", "lead_unit"),
        ("具体责任人", "responsible_person"),
        ("配合单位", "co_units"),
        ("整改措施完成情况", "progress"),
        ("所属方面", "category"),
        ("ＮＯ．", "number"),
        ("督导组意见", None),
    ],
)
def test_header_synonyms(text, key):
    assert match_field(text) == key


def test_column_numbers_row_under_header_is_not_data():
    sheet = sheet_of(["序号", "问题", "整改措施"], [1, 2, 3], [1, "档案管理不规范", "补齐档案"])
    mapping = detect_header(sheet)
    assert mapping.header_rows == (1, 2) and mapping.data_start == 3


def test_user_corrects_the_mapping():
    sheet = sheet_of(["序号", "问题描述", "督办意见"], [1, "台账不全", "限期补齐"])
    mapping = detect_header(sheet).with_fields({2: "measures"})
    result = parse_ledger(sheet, mapping)
    assert result.records[0].measures == ["限期补齐"] and result.records[0].extra == {}


def test_sheet_without_any_header_gives_a_guess_not_an_exception():
    mapping = detect_header(sheet_of(["甲", "乙"], ["丙", "丁"]))
    assert not mapping.confident and all(c.field is None for c in mapping.columns)


# ---------------------------------------------------------------- the ledger


@pytest.fixture
def result(ledger_xlsx):
    (sheet,) = read_workbook(ledger_xlsx)
    return parse_ledger(sheet, today=dt.date(2023, 9, 1))


def test_problem_rows_become_records_with_excel_row_numbers(result):
    assert [(r.row, r.number) for r in result.records] == [(6, "1"), (7, "2"), (10, "3"), (12, "4")]
    first = result.records[0]
    assert first.values["description"] == "理论学习不够系统，学用结合不紧"
    assert first.values["responsible_leader"] == "张某某"
    assert first.measures == ["制定年度学习计划", "每月开展一次集中研讨"]
    assert first.deadline == Deadline("date", dt.date(2023, 12, 31))
    assert first.extra == {"督导组意见": "抓得较实"}


def test_section_rows_set_the_category_of_rows_below(result):
    assert [(s.row, s.category) for s in result.sections] == [(5, "理论学习"), (9, "工作作风")]
    assert [r.category for r in result.records] == ["理论学习", "理论学习", "工作作风", "工作作风"]
    assert result.records[2].section == "二、工作作风方面"


def test_long_term_deadline(result):
    assert result.records[1].deadline == Deadline("long_term", None)
    assert result.records[1].measures == ["确定调研课题", "形成调研报告"]


def test_problem_merged_over_two_rows_is_one_problem_with_two_measures(result):
    merged = result.records[2]
    assert merged.measures == ["精简会议数量", "严控发文篇幅"]
    assert merged.rows == [10, 11]


def test_numbered_sub_item_is_a_measure_of_the_problem_above(result):
    assert result.records[3].measures == ["优化审批流程", "压缩办理时限"]
    assert result.records[3].rows == [12, 13]


def test_bad_date_is_a_row_error_and_the_problem_is_still_imported(result):
    assert [str(e) for e in result.errors] == ["第12行「整改情况/完成时限」: 无法识别的日期「年底看看」"]
    assert result.records[3].deadline is None and result.records[3].values["deadline"] == "年底看看"


def test_blank_and_total_rows_are_reported_as_skipped(result):
    assert [(s.row, s.reason) for s in result.skipped] == [(8, "空行"), (14, "合计/小计行")]


def test_measure_rows_without_a_number_belong_to_the_problem_above():
    sheet = sheet_of(
        ["序号", "问题", "整改措施", "责任人", "整改时限"],
        [1, "办文效率不高", "梳理办文流程", "陈某", "2023年10月"],
        [None, None, "压缩审签环节", "陈某", "立行立改"],
        ["（一）", "联系群众方面", None, None, None],
        ["2", "走访群众不够", "1、建立联系点\n2、定期走访", "周某", "2023年底"],
        ["小计", None, None, None, None],
    )
    result = parse_ledger(sheet, today=dt.date(2023, 6, 1))
    assert [r.measures for r in result.records] == [["梳理办文流程", "压缩审签环节"], ["建立联系点", "定期走访"]]
    assert result.records[1].category == "联系群众"
    assert result.skipped[0].reason == "合计/小计行"
    assert not result.errors


def test_explicit_category_column_wins_over_section():
    sheet = sheet_of(
        ["序号", "问题类别", "问题描述"],
        ["一、思想认识方面"],
        [1, "廉洁自律", "公车使用登记不全"],
        [2, None, "学习记录缺项"],
    )
    result = parse_ledger(sheet)
    assert [r.category for r in result.records] == ["廉洁自律", "思想认识"]


def test_measures_without_a_problem_are_a_row_error():
    sheet = sheet_of(["序号", "问题描述", "整改措施"], [None, None, "孤立的一条措施"])
    result = parse_ledger(sheet)
    assert not result.records
    assert result.errors[0].row == 2 and "没有对应的问题" in result.errors[0].message


def test_repeated_header_row_on_a_printed_page_is_skipped():
    sheet = sheet_of(["序号", "问题描述", "整改措施"], [1, "甲问题", "甲措施"], ["序号", "问题描述", "整改措施"],
                     [2, "乙问题", "乙措施"])
    result = parse_ledger(sheet)
    assert [r.number for r in result.records] == ["1", "2"]
    assert result.skipped[0].reason == "重复的表头行"


def test_ods_ledger_end_to_end(tmp_path):
    path = make_ods(tmp_path / "台账.ods", [["序号", "问题描述", "整改时限"], [1, "会风不实", "2023年12月底"]])
    (sheet,) = read_workbook(path)
    (record,) = parse_ledger(sheet).records
    assert record.deadline == Deadline("date", dt.date(2023, 12, 31))


# ---------------------------------------------------------------- simple sheets


def test_parse_records_for_a_unit_list_with_required_fields_and_parsers():
    sheet = sheet_of(
        ["单位名称", "单位编码", "上级单位", "成立时间", "联系人"],
        ["县财政局", "CZJ", "县政府", "2001年3月", "孙某"],
        [None, "JYJ", "县政府", "2002年", None],
        ["县审计局", "SJJ", "县政府", "那年夏天", None],
        ["合计", None, None, None, None],
    )
    result = parse_records(sheet, synonyms={**UNIT_FIELDS, "founded": ("成立时间",)}, required=("name",),
                           parsers={"founded": parse_deadline})
    assert [r.values["name"] for r in result.records] == ["县财政局"]
    assert result.records[0].extra == {"联系人": "孙某"}
    assert result.records[0].parsed["founded"].date == dt.date(2001, 3, 31)
    assert [str(e) for e in result.errors] == ["第3行「单位名称」: 「单位名称」不能为空", "第4行「成立时间」: 无法识别的日期「那年夏天」"]
    assert result.skipped[0].row == 5


# ---------------------------------------------------------------- never raises


SYNONYMS = [word for words in PROBLEM_FIELDS.values() for word in words] + ["督导意见", "其他", ""]
CELLS = st.one_of(
    st.none(),
    st.integers(-5, 100_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.timedeltas(),
    st.sampled_from(["合计", "小计", "一、学习方面", "1.1", "（2）", "①", "二", "长期坚持", "年底看看", "2023年12月",
                     "1.措施甲；2.措施乙", "", "  ", "\n"]),
    st.text(max_size=12),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(st.sampled_from(SYNONYMS), min_size=1, max_size=8),
    pre=st.lists(st.lists(CELLS, max_size=4), max_size=3),
    body=st.lists(st.lists(CELLS, max_size=9), max_size=25),
    merges=st.lists(st.tuples(st.integers(1, 30), st.integers(0, 8), st.integers(0, 3), st.integers(0, 3)), max_size=4),
)
def test_random_sheets_give_records_or_row_errors_never_exceptions(header, pre, body, merges):
    rows = [*pre, header, *body]
    sheet = sheet_of(*rows, merged=[(r, c, r + dr, c + dc) for r, c, dr, dc in merges])
    mapping = detect_header(sheet)
    result = parse_ledger(sheet, mapping, today=dt.date(2023, 6, 1))
    accounted = {s.row for s in result.skipped} | {e.row for e in result.errors} | {s.row for s in result.sections}
    for record in result.records:
        accounted.update(record.rows)
    data_rows = {r.number for r in sheet.rows if r.number >= mapping.data_start}
    assert data_rows <= accounted, "every data row is a record, a sub-item, a section, an error or skipped"
    parse_records(sheet, mapping, required=("title",), parsers={"deadline": parse_deadline})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=st.lists(st.lists(st.one_of(st.none(), st.integers(0, 50_000), st.text(max_size=8), st.dates()), max_size=6),
                     max_size=12))
def test_random_xlsx_round_trip_never_raises(tmp_path, body):
    path = tmp_path / "fuzz.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["序号", "问题描述", "整改措施", "整改时限"])
    for r, values in enumerate(body, start=1):
        for c, v in enumerate(values):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()))
            elif v is not None:
                ws.write(r, c, v)
    wb.close()
    for sheet in read_workbook(path):
        parse_ledger(sheet)


# ---------------------------------------------------------------- volume
# Speed is measured by bench/excel.py against baselines in the same run, never asserted here.


def test_a_large_ledger_parses_every_row(tmp_path):
    path = tmp_path / "大台账.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["序号", "问题描述", "整改措施", "责任单位", "责任人", "整改时限", "整改进展", "备注"])
    for i in range(1, 5_001):
        ws.write_row(i, 0, [i, f"问题{i}学用脱节", "1.完善制度；2.加强督导", "县直某局", "某某", "2023年12月底",
                            "推进中", None])
    wb.close()
    (sheet,) = read_workbook(path)
    result = parse_ledger(sheet, today=dt.date(2023, 6, 1))
    assert len(result.records) == 5_000 and not result.errors
    assert result.records[-1].measures == ["完善制度", "加强督导"]


def test_note_and_signature_rows_below_the_data_are_skipped_like_totals():
    sheet = sheet_of(
        ["序号", "问题", "整改措施", "责任人", "整改时限"],
        [1, "办文效率不高", "梳理办文流程", "陈某", "2023年10月"],
        ["合计", None, None, None, None],
        ["注：1.整改时限填写具体日期；2.长期坚持的写“长期”。", None, None, None, None],
        ["填表说明", None, None, None, None],
        ["制表人：王某", None, "审核人：李某", None, "填报日期：2023年6月1日"],
        ["联系电话：12345678", None, None, None, None],
    )
    result = parse_ledger(sheet, today=dt.date(2023, 6, 1))
    assert [r.values["title"] for r in result.records] == ["办文效率不高"]
    assert not result.errors
    assert [(s.row, s.reason) for s in result.skipped] == [
        (3, "合计/小计行"), (4, "表格说明或签名行"), (5, "表格说明或签名行"), (6, "表格说明或签名行"),
        (7, "表格说明或签名行")]


def test_a_problem_that_merely_starts_like_a_note_word_is_kept():
    sheet = sheet_of(
        ["序号", "问题", "整改措施", "责任人", "整改时限"],
        [None, "统计单位口径不一", "统一口径", "陈某", "2023年10月"],
        [None, "审核时间过长", "压缩时限", "陈某", "2023年10月"],
    )
    result = parse_ledger(sheet, today=dt.date(2023, 6, 1))
    assert [r.values["title"] for r in result.records] == ["统计单位口径不一", "审核时间过长"]
