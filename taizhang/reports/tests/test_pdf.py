"""Every kind rendered by LibreOffice: a sane page count and the catalogue figures in the text; the 交流材料
汇编 of twelve materials from twelve units with its cover, 目录 page numbers and one material per page."""

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from taizhang.documents.layout import TOC_BOOKMARK_PREFIX
from taizhang.documents.pdf import convert_to_pdf, find_soffice, pdf_pages_text
from taizhang.documents.tests.pdfinfo import pdf_page_count
from taizhang.reports.figures import figure_text, fmt
from taizhang.reports.request import ReportRequest
from taizhang.reports.services import report_render

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")]

_SPACE = re.compile(r"\s+")


def _pdf(tmp_path, content: bytes, name: str):
    path = tmp_path / f"{name}.docx"
    path.write_bytes(content)
    pdf = convert_to_pdf(path, tmp_path)
    return pdf_page_count(pdf), pdf_pages_text(pdf)


@pytest.mark.parametrize(("kind", "pages"), [
    ("stage-summary", (2, 8)), ("rectification-report", (3, 10)), ("research-compilation", (3, 8)),
    ("circular", (2, 8)),
])
def test_each_kind_converts_to_a_sane_pdf_with_its_figures(world, data, tmp_path, kind, pages):
    rendered = report_render(ReportRequest(kind, world.unit("K1"), world.campaign()))
    count, texts = _pdf(tmp_path, rendered.content, kind)
    assert pages[0] <= count <= pages[1]
    text = _SPACE.sub("", "".join(texts))
    for key, value in rendered.figures.items():
        if "@" not in key:
            assert fmt(key, value) in text or _SPACE.sub("", figure_text(key, value)) in text, key
    assert "—1—" in text  # the page-number footer


UNITS = ["P", "C1", "K1", "T1", "V1", "V2", "T2", "V3", "K2", "T3", "V4", "C2"]


def _compilation(world):
    from taizhang.materials import services
    from taizhang.materials.tests.factories import make_material

    comp = services.compilation_create(actor=None, campaign=world.campaign(), unit=world.unit("K1"),
                                       title="主题教育交流材料汇编")
    for i, code in enumerate(UNITS, start=1):
        body = "\n".join([f"一、第{i}篇的主要做法"] + [f"材料{i:02d}正文第{n}段，" + "围绕学习贯彻抓落实。" * 8
                                                      for n in range(1, 4 + (i % 4) * 4)])
        material = make_material(world, code, author=None, title=f"第{i:02d}篇交流材料：{world.unit(code).name}的做法",
                                 body=body)
        services.compilation_add(actor=None, compilation=comp, material=material)
    return comp


def test_a_compilation_of_twelve_materials_has_cover_toc_and_one_material_per_page(world, tmp_path):
    comp = _compilation(world)
    rendered = report_render(ReportRequest("materials-compilation", world.unit("K1"), world.campaign(),
                                           compilation=comp))
    assert not rendered.notes  # the 目录 page numbers were taken from a LibreOffice rendering
    doc = Document(io.BytesIO(rendered.content))
    entries = []
    for link in doc.element.body.iter(qn("w:hyperlink")):
        if (link.get(qn("w:anchor")) or "").startswith(TOC_BOOKMARK_PREFIX):
            texts = [t.text for t in link.iter(qn("w:t")) if t.text and t.text.strip()]
            entries.append((texts[0], int(texts[-1])))
    assert len(entries) == 12
    for i, (code, (title, _page)) in enumerate(zip(UNITS, entries, strict=True), start=1):
        assert title == f"第{i:02d}篇交流材料：{world.unit(code).name}的做法（{world.unit(code).name}）"

    count, pages = _pdf(tmp_path, rendered.content, "volume")
    squashed = [_SPACE.sub("", p) for p in pages]
    assert "主题教育交流材料汇编" in squashed[0] and "—" not in squashed[0]  # cover, no page number
    assert "目录" in squashed[1]
    numbers = [int(n) for n in re.findall(r"—(\d+)—", "".join(squashed))]
    assert numbers == list(range(1, len(numbers) + 1))  # continuous numbering over the whole body
    previous_page = 0
    for i, (_title, listed) in enumerate(entries, start=1):
        key = f"第{i:02d}篇交流材料："
        page = next(n for n, text in enumerate(squashed) if n > 1 and key in text)
        assert f"—{listed}—" in squashed[page], f"目录 lists material {i} on page {listed}"
        assert page > previous_page
        if i > 1:  # a new page: nothing of the previous material on it
            assert f"材料{i - 1:02d}正文" not in squashed[page]
        previous_page = page
    assert count >= 14
