"""What a reader of official documents checks on paper, on LibreOffice's rendering: the 落款 never stands alone
on its page, and no line of a title holds a single character."""

import re

import pytest

from taizhang.documents.layout import OfficialDocument
from taizhang.documents.pdf import convert_to_pdf, find_soffice, pdf_pages_text
from taizhang.reports.builders import circular, rectification
from taizhang.reports.request import ReportRequest

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")]

_PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")
LONG_TITLE = "东县县委关于学习贯彻习近平新时代中国特色社会主义思想主题教育整改情况的报告"


def _pages(tmp_path, content: bytes, name: str) -> list[list[str]]:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(content)
    pdf = convert_to_pdf(path, tmp_path)
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pdf_pages_text(pdf)]


def _signature_has_company(pages: list[list[str]], signer: str) -> None:
    found = False
    for lines in pages:
        if signer in lines:
            found = True
            i = lines.index(signer)
            before = [line for line in lines[:i] if not _PAGE_NUMBER.match(line)]
            assert before, f"落款「{signer}」独占一页"
    assert found, signer


def _title_lines(pages: list[list[str]], title: str) -> list[str]:
    lines, joined = [], ""
    for line in pages[0]:
        if joined == title:
            break
        lines.append(line)
        joined += line
    assert joined == title, (joined, title)
    return lines


@pytest.mark.parametrize("paragraphs", [17, 18, 19, 20, 21])
def test_the_signature_never_stands_alone_whatever_the_length_of_the_body(tmp_path, paragraphs):
    # Bodies of growing length: one of them ends at the foot of a page, where a 落款 without its last paragraph
    # would be pushed alone onto the next.
    doc = OfficialDocument(LONG_TITLE)
    for i in range(paragraphs):
        doc.paragraph(f"第{i + 1}段：坚持问题导向，逐项明确整改目标、整改措施、责任人和完成时限，推动问题整改落到实处。")
    doc.signature("东县县委主题教育领导小组办公室", "2026年12月6日")
    pages = _pages(tmp_path, doc.to_bytes(), f"body{paragraphs}")
    _signature_has_company(pages, "东县县委主题教育领导小组办公室")
    for line in _title_lines(pages, LONG_TITLE):
        assert len(line) > 1, line


def test_the_rectification_report_and_the_circular_on_paper(world, data, tmp_path):
    for builder, kind in ((rectification, "rectification-report"), (circular, "circular")):
        req = ReportRequest(kind, world.unit("K1"), world.campaign())
        d = builder.draft(req)
        pages = _pages(tmp_path, builder.build(req).content, kind)
        _signature_has_company(pages, d.signature)
        for line in _title_lines(pages, d.title):
            assert len(line) > 1, line
