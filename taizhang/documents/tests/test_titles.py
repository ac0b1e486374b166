"""Titles break between words into balanced lines, never leaving one character on a line."""

import io

import pytest
from docx import Document

from taizhang.documents.layout import OfficialDocument
from taizhang.documents.layout.text import text_width
from taizhang.documents.layout.titles import TITLE_CAPACITY, title_lines

LONG = [
    "东县县委关于学习贯彻习近平新时代中国特色社会主义思想主题教育整改进展情况的报告",
    "关于学习贯彻习近平新时代中国特色社会主义思想主题教育工作推进情况的通报",
    "东县县委关于学习贯彻习近平新时代中国特色社会主义思想主题教育阶段性工作情况的报告",
    "关于“支部+网格”推动问题就地解决工作的通报",
    "中共东县县委组织部关于开展主题教育检视整改“回头看”情况的报告",
    "东镇党委关于主题教育的报告",
]


def test_a_short_title_stays_on_one_line():
    assert title_lines("东县县委关于测试专项整改情况的报告") == ["东县县委关于测试专项整改情况的报告"]


@pytest.mark.parametrize("title", LONG)
def test_a_long_title_breaks_between_words_into_balanced_lines(title):
    lines = title_lines(title)
    assert "".join(lines) == title
    assert all(text_width(line) <= TITLE_CAPACITY for line in lines)
    assert all(len(line) >= 2 for line in lines)
    if len(lines) > 1:
        widths = [text_width(line) for line in lines]
        assert max(widths) - min(widths) <= 8, lines


def test_the_theme_education_is_never_cut_inside_a_word():
    lines = title_lines("东县县委关于学习贯彻习近平新时代中国特色社会主义思想主题教育整改进展情况的报告")
    joints = [a[-1] + b[0] for a, b in zip(lines, lines[1:], strict=False)]
    assert "主题" not in joints and "题教" not in joints
    for a, b in zip(lines, lines[1:], strict=False):
        assert not (a.endswith("主") and b.startswith("题"))
        assert not (a.endswith("习近") or b.startswith("平"))


def test_quotes_stay_whole_and_marks_do_not_open_a_line():
    lines = title_lines("关于“支部+网格”推动问题就地解决工作的通报")
    assert any("“支部+网格”" in line for line in lines)
    assert not any(line[0] in "》”），。、" for line in lines)


def test_the_document_title_is_set_with_line_breaks():
    doc = OfficialDocument(LONG[0])
    doc.paragraph("正文。")
    title = Document(io.BytesIO(doc.to_bytes())).paragraphs[0]
    assert title.text.split("\n") == title_lines(LONG[0])


def test_landscape_pages_carry_their_page_number_sideways_on_the_left_edge():
    from docx.oxml.ns import qn

    doc = OfficialDocument("东县县委关于测试主题教育整改情况的报告")
    doc.paragraph("正文。")
    doc.signature("东县县委", "2026年12月7日")
    with doc.landscape_section("问题整改台账", label="附件"):
        doc.table(["序号", "问题"], [[1, "问题"]])
    read = Document(io.BytesIO(doc.to_bytes()))
    landscape = [s for s in read.sections if s.page_width > s.page_height][0]
    for footer in (landscape.footer, landscape.even_page_footer):
        assert not footer.is_linked_to_previous
        xml = footer._element.xml
        assert 'vert="vert270"' in xml and 'relativeFrom="page"' in xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
