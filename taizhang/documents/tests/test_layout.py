"""Specification of the GB/T 9704-2012 document layout (no Django needed)."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from taizhang.documents.layout import (
    FONT,
    Bold,
    OfficialDocument,
    bold_markup,
    cn_date,
    cn_num,
    cn_number,
    cn_percent,
    cn_rate,
    find_heading_pages,
    update_toc_page_numbers,
)
from taizhang.documents.pdf import (
    SofficeNotFound,
    convert_to_pdf,
    find_soffice,
    pdf_pages_text,
)
from taizhang.documents.tests.pdfinfo import pdf_page_count

REPORT_TITLE = "关于检视整改工作进展情况的报告"
SIGNING_UNIT = "中共示例县委主题教育办公室"
SIGNING_DATE = datetime.date(2024, 1, 5)
MATERIALS = ["聚焦群众急难愁盼推动问题整改", "以调查研究破解基层治理难题", "健全制度机制巩固整改成效"]

# Sample prose for the documents below, written for these tests.
BODY_TEXT = (
    "按照县委统一部署，各级党组织坚持边学习、边对照、边检视、边整改，把问题清单作为推动工作的抓手，"
    "逐项明确责任领导、责任单位和完成时限，做到问题不解决不销号、群众不满意不放过。"
)


def build_report() -> OfficialDocument:
    """A stage report with every block a report generator uses."""
    doc = OfficialDocument(title=REPORT_TITLE)
    doc.paragraph("县委主题教育领导小组：")
    doc.paragraph(BODY_TEXT)
    doc.numbered_heading(1, "总体进展")
    doc.paragraph(["截至目前，共查摆问题128个，已销号", Bold("117个"), f"，整改率{cn_rate(117, 128)}。"])
    doc.numbered_heading(2, "坚持清单管理")
    doc.paragraph(BODY_TEXT * 3)
    doc.numbered_heading(3, "细化整改措施。", body="各单位对照问题逐条制定措施，共细化措施356项。")
    doc.numbered_heading(4, "强化跟踪问效。", body="办公室每周调度一次进展，对临期问题提前提醒。")
    doc.numbered_heading(2, "坚持开门整改")
    doc.paragraph(bold_markup("**一是**畅通群众反映渠道。") + ["在乡镇便民服务中心设立意见箱。"])
    doc.numbered_heading(1, "下一步工作")
    doc.paragraph(BODY_TEXT)
    doc.table(
        ["序号", "单位", "问题数", "已销号", "整改率"],
        [[1, "城关镇", 40, 38, cn_rate(38, 40)], [2, "河西乡", 25, 20, cn_rate(20, 25)], [3, "县直机关", 63, None, "—"]],
        col_widths=[1, 4, 2, 2, 2],
    )
    doc.annex_note(["问题整改台账"])
    doc.signature(SIGNING_UNIT, SIGNING_DATE)
    with doc.landscape_section("问题整改台账", label="附件1"):
        doc.table(
            ["序号", "问题表现", "整改措施", "责任单位", "时限", "进展"],
            [[i, f"第{i}项问题的表现描述，" + "涉及服务窗口办事效率" * 2, "制定措施并跟踪落实",
              "县政务服务中心", cn_date(datetime.date(2024, 3, i)), "整改中"] for i in range(1, 30)],
            col_widths=[1.3, 6, 5, 3, 3, 2],
            font_size="小四",
        )
    doc.paragraph("联系人：县委主题教育办公室 张三。")  # portrait again after the landscape annex
    return doc


def build_compilation() -> OfficialDocument:
    """A 汇编 volume: cover, 目录, one material per chapter."""
    doc = OfficialDocument()
    doc.cover("主题教育交流材料汇编", "（第一辑）", SIGNING_UNIT, SIGNING_DATE)
    doc.toc()
    for name in MATERIALS:
        doc.chapter(name, "示例县某单位")
        for _ in range(2):
            doc.numbered_heading(1, "主要做法")
            for _ in range(4):
                doc.paragraph(BODY_TEXT)
    return doc


@pytest.fixture(scope="module")
def report_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docs") / "report.docx"
    build_report().save(path)
    return path


@pytest.fixture(scope="module")
def report(report_path):
    return Document(str(report_path))


@pytest.fixture(scope="module")
def compilation_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docs") / "compilation.docx"
    build_compilation().save(path)
    return path


# ------------------------------------------------------------------ helpers


def same_length(a, b):
    """Lengths equal to the twip Word stores them in."""
    return abs(a - b) <= Pt(0.05)


def effective(paragraph, name):
    """A paragraph-format property as Word resolves it: direct formatting, then the style chain."""
    value = getattr(paragraph.paragraph_format, name)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, name)
        style = style.base_style
    return value


def first_line_chars(paragraph):
    for element in (paragraph._p.pPr, *_style_chain(paragraph)):
        ind = element.find(qn("w:ind")) if element is not None else None
        if ind is not None and ind.get(qn("w:firstLineChars")) is not None:
            return int(ind.get(qn("w:firstLineChars")))
    return None


def _style_chain(paragraph):
    style = paragraph.style
    while style is not None:
        yield style.element.pPr
        style = style.base_style


def run_fonts(run):
    fonts = run._r.rPr.rFonts
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii"))


def run_size(run):
    return run._r.rPr.sz_val


def paragraphs_with(document, text):
    return [p for p in document.paragraphs if text in p.text]


def all_runs(document):
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.footer._element, section.even_page_footer._element]
    return [r for part in parts for r in part.iter(qn("w:r"))]


# ------------------------------------------------------------------ the page


def test_pages_are_a4_portrait_with_standard_margins(report):
    section = report.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert same_length(section.page_width, Mm(210)) and same_length(section.page_height, Mm(297))
    assert same_length(section.top_margin, Mm(37))
    assert same_length(section.bottom_margin, Mm(35))
    assert same_length(section.left_margin, Mm(28))
    assert same_length(section.right_margin, Mm(26))


def test_body_characters_are_condensed_so_that_28_fit_a_line(report):
    body = next(p for p in report.paragraphs if p.text == BODY_TEXT)
    condensed = int(body.runs[0]._r.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    line_width = 28 * (16 + condensed)
    assert line_width <= Mm(156).pt < 29 * (16 + condensed)


def test_title_is_2hao_xiaobiaosong_centred(report):
    (title,) = paragraphs_with(report, REPORT_TITLE)
    assert effective(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert run_fonts(title.runs[0])[0] == "方正小标宋简体"
    assert run_size(title.runs[0]) == Pt(22)


def test_body_text_uses_fangsong_3hao(report):
    (body,) = [p for p in report.paragraphs if p.text == BODY_TEXT][:1]
    assert run_fonts(body.runs[0])[0] == "仿宋_GB2312"
    assert run_size(body.runs[0]) == Pt(16)


def test_body_text_has_fixed_28_9pt_lines_and_two_character_indent(report):
    body = next(p for p in report.paragraphs if p.text == BODY_TEXT)
    assert effective(body, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY
    assert effective(body, "line_spacing") == Pt(28.9)
    assert first_line_chars(body) == 200
    assert effective(body, "first_line_indent") == Pt(32)


def test_headings_use_heiti_kaiti_and_fangsong_by_level(report):
    expected = {"一、总体进展": "黑体", "（一）坚持清单管理": "楷体_GB2312", "1.细化整改措施": "仿宋_GB2312",
                "（1）强化跟踪问效": "仿宋_GB2312", "二、下一步工作": "黑体", "（二）坚持开门整改": "楷体_GB2312"}
    for heading, font in expected.items():
        paragraph = next(p for p in report.paragraphs if p.text.startswith(heading))
        assert run_fonts(paragraph.runs[0])[0] == font, heading
        assert run_size(paragraph.runs[0]) == Pt(16), heading
        assert first_line_chars(paragraph) == 200, heading


def test_run_in_heading_continues_with_body_text(report):
    paragraph = next(p for p in report.paragraphs if p.text.startswith("1.细化整改措施"))
    assert paragraph.runs[0].text == "1.细化整改措施。"
    assert run_fonts(paragraph.runs[1])[0] == "仿宋_GB2312"
    assert paragraph.runs[1].text.startswith("各单位")


def test_bold_segments_are_bold_and_the_rest_is_not(report):
    paragraph = next(p for p in report.paragraphs if p.text.startswith("截至目前"))
    assert [(r.text, bool(r.bold)) for r in paragraph.runs] == [
        ("截至目前，共查摆问题128个，已销号", False), ("117个", True), ("，整改率91.4%。", False)]
    markup = next(p for p in report.paragraphs if p.text.startswith("一是"))
    assert markup.runs[0].bold and not markup.runs[1].bold


def test_every_run_names_its_east_asian_font(report):
    runs = all_runs(report)
    assert len(runs) > 100
    layout_fonts = {spec.east_asia for spec in FONT.values()}
    for r in runs:
        fonts = r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) in layout_fonts
        assert fonts.get(qn("w:asciiTheme")) is None


def test_normal_style_and_document_defaults_carry_the_body_font(report):
    normal = report.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    defaults = report.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == "32"


def test_font_table_names_fallbacks_for_missing_fonts(report):
    font_table = report.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    xml = font_table.blob.decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in xml
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in xml


def test_fallback_fonts_can_be_written_into_every_run():
    document = Document(io.BytesIO(build_fallback_sample()))
    east_asian = {r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in all_runs(document)}
    assert east_asian == {"宋体", "仿宋", "黑体", "楷体"}


def build_fallback_sample() -> bytes:
    doc = OfficialDocument(title="示例标题", use_fallback_fonts=True)
    doc.numbered_heading(1, "一级")
    doc.numbered_heading(2, "二级")
    doc.paragraph("正文。")
    return doc.to_bytes()


# ------------------------------------------------------------- page numbers


def footer_paragraph(footer):
    (paragraph,) = footer.paragraphs
    return paragraph


def test_page_numbers_are_page_fields_between_dashes_in_4hao_songti(report):
    paragraph = footer_paragraph(report.sections[0].footer)
    assert paragraph.text == "— 1 —"
    instructions = [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    for r in paragraph._p.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
        assert rpr.find(qn("w:sz")).get(qn("w:val")) == "28"


def test_odd_page_numbers_sit_right_and_even_ones_left(report):
    assert report.settings.odd_and_even_pages_header_footer
    odd = footer_paragraph(report.sections[0].footer)
    even = footer_paragraph(report.sections[0].even_page_footer)
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert odd.paragraph_format.right_indent == Pt(14)
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert even.paragraph_format.left_indent == Pt(14)


def test_page_numbering_runs_on_through_later_sections(report):
    # Numbers run on (no restart); a landscape section carries its own footer (the number set sideways on the
    # left edge, GB/T 9704 10.1) and the portrait section after it the ordinary one again.
    for previous, section in zip(report.sections, report.sections[1:], strict=False):
        assert section._sectPr.find(qn("w:pgNumType")) is None
        landscape = section.page_width > section.page_height
        after_landscape = previous.page_width > previous.page_height
        assert section.footer.is_linked_to_previous == (not landscape and not after_landscape)
        if landscape:
            assert 'vert="vert270"' in section.footer._element.xml


def test_cover_and_contents_pages_carry_no_page_number_and_the_body_starts_at_one(compilation_path):
    document = Document(str(compilation_path))
    cover, contents, body = document.sections[:3]
    assert cover.footer.paragraphs[0].text == "" and contents.footer.paragraphs[0].text == ""
    assert body.footer.paragraphs[0].text == "— 1 —"
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


# ---------------------------------------------------------- sections, tables


def test_annex_table_sits_in_a_landscape_section_and_the_document_returns_to_portrait(report):
    orientations = [s.orientation for s in report.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = report.sections[1]
    assert same_length(landscape.page_width, Mm(297)) and same_length(landscape.page_height, Mm(210))


def test_tables_have_borders_a_repeated_header_row_and_smaller_text(report):
    table = report.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    header_run = table.cell(0, 1).paragraphs[0].runs[0]
    assert run_fonts(header_run)[0] == "黑体" and run_size(header_run) == Pt(14)
    cell_run = table.cell(1, 1).paragraphs[0].runs[0]
    assert run_fonts(cell_run)[0] == "仿宋_GB2312"
    assert [c.text for c in table.rows[3].cells] == ["3", "县直机关", "63", "—", "—"]
    wide = report.tables[1]
    assert run_size(wide.cell(1, 1).paragraphs[0].runs[0]) == Pt(12)


def test_table_columns_follow_relative_widths_within_the_text_width(report):
    widths = [c.width for c in report.tables[0].columns]
    assert abs(sum(widths) - Mm(156)) < Mm(1)
    assert widths[1] == 4 * widths[0] or abs(widths[1] - 4 * widths[0]) < 10


def test_a_ragged_table_row_is_refused_with_its_number():
    doc = OfficialDocument()
    with pytest.raises(ValueError, match="row 2 has 1 cells"):
        doc.table(["a", "b"], [["1", "2"], ["3"]])


def test_signature_puts_the_date_under_the_unit_two_characters_further_right(report):
    unit = next(p for p in report.paragraphs if p.text == SIGNING_UNIT)
    date = next(p for p in report.paragraphs if p.text == "2024年1月5日")
    assert unit.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    unit_right = int(unit._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")))
    date_right = int(date._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")))
    # The unit is 13 characters wide and 2024年1月5日 6 (digits are half width): the date starts two
    # characters to the right of the unit's first character.
    assert unit_right == 200
    assert date_right == 700


def test_page_break_leaves_no_empty_paragraph():
    doc = OfficialDocument()
    doc.paragraph("第一页")
    doc.page_break()
    doc.page_break()
    doc.paragraph("第二页")
    document = Document(io.BytesIO(doc.to_bytes()))
    assert [p.text for p in document.paragraphs] == ["第一页", "第二页"]
    assert document.paragraphs[1].paragraph_format.page_break_before


# --------------------------------------------------------------------- 目录


def test_contents_is_a_toc_field_pre_filled_with_the_materials(compilation_path):
    document = Document(str(compilation_path))
    body = document.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith('TOC \\o "1-2"') for i in instructions)
    entries = [p for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert [p.text.split("\t")[0] for p in entries if p.style.name == "toc 1"] == MATERIALS
    first_page = entries[0].text.split("\t")[-1]
    assert first_page == "1"
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_each_material_starts_on_a_new_page(compilation_path):
    document = Document(str(compilation_path))
    titles = [p for p in document.paragraphs if p.text in MATERIALS and p.style.name == "公文标题"]
    assert len(titles) == 3
    assert all(p.paragraph_format.page_break_before for p in titles[1:])


def test_heading_pages_are_read_from_the_footer_numbers_after_the_contents():
    pages = ["封面", "目录 甲……1 乙……2", "甲\n— 1 —", "正文\n— 2 —", "乙\n— 3 —"]
    assert find_heading_pages(pages, ["甲", "乙"]) == [1, 3]


# ------------------------------------------------------------------ helpers


def test_cn_number_writes_chinese_numerals():
    assert [cn_number(n) for n in (1, 2, 9, 10, 11, 19, 20, 21, 99)] == [
        "一", "二", "九", "十", "十一", "十九", "二十", "二十一", "九十九"]
    assert cn_number(100) == "一百"
    assert cn_number(101) == "一百零一"
    assert cn_number(110) == "一百一十"
    assert cn_number(1005) == "一千零五"
    assert cn_number(0) == "零"
    assert cn_number(120000) == "十二万"
    with pytest.raises(ValueError):
        cn_number(-1)


def test_cn_date_writes_full_year_and_unpadded_month_and_day():
    assert cn_date(datetime.date(2024, 1, 5)) == "2024年1月5日"
    assert cn_date(datetime.datetime(2023, 12, 31, 23, 59)) == "2023年12月31日"


def test_figures_are_formatted_the_chinese_report_way():
    assert cn_percent(0.935) == "93.5%"
    assert cn_percent(1) == "100%"
    assert cn_percent(None) == "—"
    assert cn_rate(117, 128) == "91.4%"
    assert cn_rate(3, 0) == "—"
    assert cn_num(12.50) == "12.5"
    assert cn_num(3.0) == "3"
    assert cn_num(1234567, thousands=True) == "1,234,567"
    assert cn_num(None) == "—"


def test_numbered_headings_restart_deeper_levels():
    doc = OfficialDocument()
    written = [doc.numbered_heading(1, "甲"), doc.numbered_heading(2, "乙"), doc.numbered_heading(2, "丙"),
               doc.numbered_heading(1, "丁"), doc.numbered_heading(2, "戊"), doc.numbered_heading(3, "己"),
               doc.numbered_heading(4, "庚")]
    assert written == ["一、甲", "（一）乙", "（二）丙", "二、丁", "（一）戊", "1.己", "（1）庚"]


# ------------------------------------------------------------- LibreOffice

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@needs_soffice
@needs_poppler
def test_report_renders_to_pdf_with_its_text_and_page_numbers(report_path, tmp_path):
    pdf = convert_to_pdf(report_path, tmp_path)
    pages = pdf_pages_text(pdf)
    assert 4 <= pdf_page_count(pdf) <= 12
    assert len(pages) == pdf_page_count(pdf)
    text = "".join(pages).replace(" ", "")
    for expected in (REPORT_TITLE, "一、总体进展", "（一）坚持清单管理", SIGNING_UNIT, "2024年1月5日", "附件1"):
        assert expected in text
    assert any(len(line.strip()) == 28 for line in pages[0].splitlines()), "a full line holds 28 characters"
    assert "—1—" in pages[0].replace(" ", "")
    assert "—2—" in pages[1].replace(" ", "")


@needs_soffice
@needs_poppler
def test_contents_page_numbers_are_rewritten_from_the_rendering(compilation_path, tmp_path):
    path = tmp_path / "volume.docx"
    shutil.copy(compilation_path, path)
    found = update_toc_page_numbers(path, pdf_dir=tmp_path)
    assert [heading for heading, _ in found] == [
        MATERIALS[0], "一、主要做法", "二、主要做法", MATERIALS[1], "一、主要做法", "二、主要做法",
        MATERIALS[2], "一、主要做法", "二、主要做法"]
    pages = [page for _, page in found]
    assert pages[0] == 1
    assert pages == sorted(pages) and pages[0] < pages[3] < pages[6]
    document = Document(str(path))
    entries = [p.text.split("\t") for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert entries == [[heading, str(page)] for heading, page in found]
    rendered = [page.replace(" ", "").replace("\n", "") for page in pdf_pages_text(tmp_path / "volume.pdf")]
    second_material_page = next(page for page in rendered if page.endswith(f"—{pages[3]}—"))
    assert MATERIALS[1] in second_material_page


def test_missing_soffice_is_reported_clearly(tmp_path, monkeypatch):
    monkeypatch.setenv("TAIZHANG_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(SofficeNotFound, match="LibreOffice is not installed"):
        convert_to_pdf(tmp_path / "x.docx", tmp_path)
