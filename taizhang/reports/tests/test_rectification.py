"""整改情况报告 read as an office reads it: a county with rich records, a township with few, a unit with none.

The structure an office expects (how problems were found, how they were rectified, results with cases, what
remains, next steps); every table's 合计 equals the figure the text states and the unit's own problems are a
本级 row; withdrawn problems are counted once, as found and nowhere else; overdue problems are summarised,
not listed; the annex ledger keeps rows whole, repeats its header and has room for its numbers."""

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from taizhang.ledger import lifecycle
from taizhang.ledger import services as ledger
from taizhang.ledger.tests import factories as lf
from taizhang.reports import prose
from taizhang.reports.builders import rectification
from taizhang.reports.draft import Heading, Para, Table, fields_of, fill
from taizhang.reports.figures import figure_text
from taizhang.reports.request import ReportRequest
from taizhang.reports.tests.test_stage_summary import _no_empty_heading, rich  # noqa: F401 - the shared fixture
from taizhang.stats.rollup import stats_for


def _req(world, code):
    return ReportRequest("rectification-report", world.unit(code), world.campaign())


def _texts(d) -> dict:
    return {b.id: fill((b.lead or "") + b.text, d.figures) for b in d.blocks if isinstance(b, Para)}


@pytest.fixture
def county(world, rich):  # noqa: F811 - rich is the fixture imported above
    """On top of the rich county: problems found through research and the public, a withdrawn one, a 督办单,
    and a 回头看 of a closed problem."""
    from taizhang.supervision import services as supervision

    for unit, title, source in (("T1", "惠企政策落实不到位", "research"), ("T1", "办事窗口排队时间长", "public"),
                                ("V1", "村内路灯损坏维修不及时", "public")):
        lf.accepted(world, unit, title=title, source=source)
    wrong = lf.problem(world, "T2", title="重复录入的问题")
    lifecycle.problem_transition(actor=world.county_office, problem=wrong, action="withdraw", reason="与已有问题重复")
    supervision.slip_issue(actor=world.county_office, kind="reminder", target_unit=world.unit("T2"),
                           content="请加快整改进度", campaign=world.campaign())
    ledger.lookback_record(actor=world.county_office, problem=rich["closed"], verdict="consolidated")
    return rich


def test_the_county_report_has_the_structure_of_a_rectification_report(world, county):
    d = rectification.draft(_req(world, "K1"))
    ids = [b.id for b in d.blocks]
    for id in ("opening", "found", "found.figures", "found.sources", "found.table", "measures",
               "measures.figures", "measures.slips", "measures.lookback", "results", "results.figures",
               "results.table", "results.case.1", "remain", "remain.open", "remain.overdue", "next",
               "next.overdue", "next.deepen"):
        assert id in ids, id
    headings = [b.text for b in d.blocks if isinstance(b, Heading)]
    assert headings == ["问题查摆情况", "整改措施落实情况", "整改成效", "存在的问题", "下一步工作"]
    assert d.addressee == "甲市委主题教育领导小组" and d.signature == "东县县委"
    text = _texts(d)
    # How problems were found: by their source, as the campaign's codes name them.
    assert "调研发现问题1个" in text["found.sources"] and "群众反映问题2个" in text["found.sources"]
    # Withdrawn problems are stated once, as found, and excluded from the list.
    live = stats_for(world.unit("K1"), world.campaign())
    assert live["problems.withdrawn"] == 1
    assert f"经核实撤销{figure_text('problems.withdrawn', 1)}" in text["found.figures"]
    assert "提示单1份" in text["measures.slips"]
    assert "共回头看问题1个" in text["measures.lookback"] and "未发现问题反弹" in text["measures.lookback"]
    # The one overdue problem is named with its unit, deadline and days.
    assert "即南村党支部“村务公开不及时”问题" in text["remain.overdue"] and "已超过10天" in text["remain.overdue"]
    assert all(b.optional for b in d.blocks if ".case." in b.id or ".rule." in b.id)


def _table_total_matches_text(d, table_id, column, key):
    table = d.block(table_id)
    assert table.total[0] == "合计"
    stated = d.figures[key]
    assert table.total[column] == stated, (table_id, key)
    assert sum(int(r[column]) for r in table.rows) == stated, (table_id, key)
    if stated:  # the text states the figure (a zero is said in words: "尚未整改销号")
        assert any("{" + key + "}" in b.text for b in d.blocks if isinstance(b, Para)), key


@pytest.mark.parametrize("code", ["K1", "T1", "T2"])
def test_every_table_adds_up_to_the_figure_the_text_states(world, county, code):
    d = rectification.draft(_req(world, code))
    if d.block("found.table"):
        _table_total_matches_text(d, "found.table", 1, "problems.listed")
    table = d.block("results.table")
    if table is not None:
        _table_total_matches_text(d, "results.table", 1, "problems.listed")
        _table_total_matches_text(d, "results.table", 2, "problems.closed")
        for column, key in ((4, "problems.open"), (5, "problems.overdue")):
            assert table.total[column] == d.figures[key]
            assert sum(int(r[column]) for r in table.rows) == d.figures[key]
        assert table.total[3] == figure_text("problems.close_rate", d.figures["problems.close_rate"])
    ledger_table = d.annexes[0].blocks[-1]
    assert len(ledger_table.rows) == d.figures["problems.listed"]  # the annex counts the list, like the text


def test_the_units_own_problems_are_a_row_of_their_own(world, county):
    d = rectification.draft(_req(world, "K1"))
    rows = {r[0]: r for r in d.block("results.table").rows}
    assert "本级" in rows and rows["本级"][1] == 1  # 学习制度执行不严, owned by 东县县委 itself
    # The withdrawn problem of 西镇 is in no row: 西镇 lists its own open problem and the three of 北村.
    assert rows["西镇党委"][1] == 4


@pytest.mark.parametrize("code", ["K1", "T1", "T2", "V1", "V3", "T3", "P"])
def test_every_figure_printed_equals_the_catalogue_and_no_paragraph_embarrasses(world, county, code):
    req = _req(world, code)
    rendered = rectification.build(req)
    doc = Document(io.BytesIO(rendered.content))
    paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
    for text in paragraphs:
        assert prose.problems(text) == [], (code, text)
    live = stats_for(world.unit(code), world.campaign())
    for key, value in rendered.figures.items():
        base, _, child = key.partition("@")
        if child:
            assert value == stats_for(world.unit(child), world.campaign(), keys=[base])[base], key
        else:
            assert value == live[key], key
            assert figure_text(key, value) in "\n".join(paragraphs), key
    d = rectification.draft(req)
    for b in d.blocks:
        for key in fields_of(getattr(b, "text", "") + getattr(b, "lead", "")):
            assert key in rendered.figures, key


def test_a_township_with_few_records_gets_no_zero_clause_and_no_empty_heading(world, data):
    d = rectification.draft(_req(world, "T2"))  # one open problem with two measures, nothing else
    _no_empty_heading(d.blocks)
    text = _texts(d)
    assert "results.case.1" not in text and "measures.slips" not in text and d.block("found.table") is None
    assert text["found.sources"] == "列入问题清单的问题均为自查问题。"  # one source: no table of one row
    assert "均在整改中，尚未整改销号" in text["results.figures"]
    assert "已完成1项" in text["measures.figures"]
    for t in text.values():
        assert prose.problems(t) == [], t


def test_a_unit_without_records_gets_a_short_correct_report(world, data):
    req = _req(world, "T3")
    d = rectification.draft(req)
    _no_empty_heading(d.blocks)
    assert [b.id for b in d.blocks] == ["opening", "next", "next.start"]
    assert not d.annexes
    doc = Document(io.BytesIO(rectification.build(req).content))
    body = [p.text for p in doc.paragraphs if p.text.strip()]
    assert len(body) < 10 and "中县县委主题教育领导小组：" in body


def test_overdue_problems_are_summarised_not_listed(world, data):
    for i in range(6):
        lf.accepted(world, "V1", title=f"逾期问题{i}", deadline=lf.overdue_by(3 + i))
    d = rectification.draft(_req(world, "K1"))
    overdue = _texts(d)["remain.overdue"]
    # Counted by unit, the longest overdue named (村务公开不及时, 10 days), the others not listed.
    assert "分布在东镇党委7个" in overdue and "逾期问题5" not in overdue
    assert "其中南村党支部“村务公开不及时”问题逾期时间最长" in overdue and "已超过10天" in overdue
    assert not any(isinstance(b, Table) and "逾期天数" in b.headers for b in d.blocks)


def test_the_annex_ledger_keeps_rows_whole_repeats_its_header_and_fits_its_numbers(world, county):
    doc = Document(io.BytesIO(rectification.build(_req(world, "K1")).content))
    ledger_table = doc.tables[-1]
    header, *rows = ledger_table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    number_cell = header.cells[1]
    assert number_cell.text == "编号"
    # The number column holds "ZG-0001" on one line at 小四 (12 pt): at least its width in points.
    longest = max(len(r.cells[1].text) for r in rows)
    assert number_cell.width.pt >= longest * 6 + 12


def test_a_past_day_prints_that_days_figures(world, data):
    from datetime import timedelta

    from django.utils import timezone

    from taizhang.stats.snapshots import snapshot_take

    day = timezone.localdate() - timedelta(days=2)
    snapshot_take(world.campaign(), day)
    req = ReportRequest("rectification-report", world.unit("K1"), world.campaign(), as_of=day)
    d = rectification.draft(req)
    table = d.block("results.table")
    assert table.total[1] == d.figures["problems.listed"] == sum(int(r[1]) for r in table.rows)
    assert re.search(r"\d+年\d+月\d+日", d.signature + "".join(_texts(d).values()))


@pytest.mark.parametrize("kind", ["stage-summary", "rectification-report", "circular"])
def test_each_narrative_report_is_stored_as_an_editable_draft_with_its_annex(world, county, kind):
    """The draft is kept as JSON: the annex's status column (a choice's lazy label) is stored as its text."""
    from taizhang.reports import drafts

    d = drafts.draft_generate(actor=world.county_office, kind=kind, unit=world.unit("K1"), campaign=world.campaign())
    d.refresh_from_db()
    assert d.generated["blocks"] and d.generated["title"]
    if kind == "rectification-report":
        statuses = {row[-1] for a in d.generated["annexes"] for b in a["blocks"] for row in b["rows"]}
        assert statuses & {"整改中", "已销号", "待审核", "待认领"}
    content, _name = drafts.draft_render(d)
    assert content[:2] == b"PK"
