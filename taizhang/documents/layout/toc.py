"""Exact page numbers for the pre-filled 目录: render with LibreOffice, find where each listed heading
lands, and write the printed page numbers into the TOC field's cached result."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from ..pdf import convert_to_pdf, pdf_pages_text
from .document import TOC_BOOKMARK_PREFIX

__all__ = ["find_heading_pages", "update_toc_page_numbers"]

_PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")
_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def find_heading_pages(pages: list[str], headings: list[str]) -> list[int | None]:
    """Printed page number of each heading, given the text of every PDF page.

    Headings are searched in document order after the page where the 目录 lists the last of them,
    so the 目录's own lines are not mistaken for the headings.  The printed number is read from the
    "— N —" footer of the page; ``None`` when a heading cannot be found."""
    squashed = [_squash(p) for p in pages]
    keys = [_squash(h) for h in headings]
    if not keys:
        return []
    start = next((i + 1 for i, text in enumerate(squashed) if keys[-1] in text), 0)
    result: list[int | None] = []
    cursor = start
    for key in keys:
        found = next((i for i in range(cursor, len(squashed)) if key in squashed[i]), None)
        if found is None:
            result.append(None)
            continue
        cursor = found
        numbers = _PAGE_NUMBER.findall(pages[found])
        result.append(int(numbers[-1]) if numbers else found + 1)
    return result


def update_toc_page_numbers(docx_path: str | Path, *,
                            pdf_dir: str | Path | None = None) -> list[tuple[str, int | None]]:
    """Rewrite the page numbers of the pre-filled 目录 of ``docx_path`` (made by ``OfficialDocument``)
    in place, from a LibreOffice rendering; return ``[(heading, page), …]`` in 目录 order (``None``
    for a heading not found in the rendering, whose estimate is then left alone).

    Needs LibreOffice and poppler-utils (raises ``SofficeNotFound``/``DocumentConversionError``
    otherwise).  Without them the document still carries estimated numbers and asks Word to update
    the field on opening.  ``pdf_dir`` keeps the rendering made on the way."""
    path = Path(docx_path)
    document = Document(str(path))
    body = document.element.body
    names = {
        b.get(qn("w:name")): b
        for b in body.iter(qn("w:bookmarkStart"))
        if (b.get(qn("w:name")) or "").startswith(TOC_BOOKMARK_PREFIX)
    }
    links = [h for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor")) in names]
    if not links:
        return []
    headings = ["".join(t.text or "" for t in names[h.get(qn("w:anchor"))].getparent().iter(qn("w:t")))
                for h in links]
    with tempfile.TemporaryDirectory(prefix="taizhang-toc-") as tmp:
        pdf = convert_to_pdf(path, pdf_dir or tmp)
        pages = find_heading_pages(pdf_pages_text(pdf), headings)
    for link, page in zip(links, pages, strict=True):
        if page is not None:
            _set_pageref_result(link, str(page))
    document.save(str(path))
    return list(zip(headings, pages, strict=True))


def _set_pageref_result(link, text: str) -> None:
    """Replace the cached result of the PAGEREF field inside a TOC entry."""
    state = "before"
    result_texts = []
    for r in link.iter(qn("w:r")):
        fld = r.find(qn("w:fldChar"))
        kind = fld.get(qn("w:fldCharType")) if fld is not None else None
        if kind == "separate":
            state = "result"
        elif kind == "end":
            state = "after"
        elif state == "result":
            result_texts.extend(r.iter(qn("w:t")))
    if result_texts:
        result_texts[0].text = text
        for extra in result_texts[1:]:
            extra.text = ""
