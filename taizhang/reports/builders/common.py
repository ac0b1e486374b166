"""Pieces every report shares: the as-of line, the signature and the file name."""

from __future__ import annotations

from taizhang.documents.layout import OfficialDocument
from taizhang.reports.figures import Figures


def as_of_line(doc: OfficialDocument, req) -> None:
    """The day the figures stand for, printed under the title in 楷体 like a subtitle."""
    doc.paragraph(f"（数据统计截至{req.day_text}）", indent=False, align="center")


def sign(doc: OfficialDocument, req) -> None:
    doc.signature(req.unit.name, req.day)


def file_name(req, label: str) -> str:
    return f"{req.unit.name}{label}（截至{req.day:%Y%m%d}）.docx"


def figures(req, keys) -> Figures:
    return Figures(req.unit, req.campaign, req.as_of, keys)


def short_name(unit) -> str:
    return getattr(unit, "short_name", "") or unit.name
