"""Fonts, sizes and page geometry of the GB/T 9704-2012 official-document layout.

Every figure the layout uses lives here, so a unit with a local variant of the standard changes one
table instead of hunting through the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.shared import Mm, Pt


@dataclass(frozen=True)
class FontSpec:
    """One font role: the font the standard names, a fallback every Chinese Windows/WPS has, and the
    font for Latin letters and digits in the same run."""

    east_asia: str
    fallback: str
    latin: str = "Times New Roman"

    def names(self, use_fallback: bool) -> tuple[str, str]:
        """Return ``(east_asia, latin)`` font names for a run."""
        return (self.fallback if use_fallback else self.east_asia), self.latin


# Font roles.  ``east_asia`` is what GB/T 9704-2012 names; machines without the 方正/GB2312 fonts
# (most Linux desktops, many new Windows installs) substitute ``fallback``: it is written as the
# ``w:altName`` of the font in fontTable.xml, and used directly in every run when the document is
# built with ``use_fallback_fonts=True``.
FONT: dict[str, FontSpec] = {
    "title": FontSpec("方正小标宋简体", "宋体"),  # 标题
    "body": FontSpec("仿宋_GB2312", "仿宋"),  # 正文, 三级/四级标题
    "heading1": FontSpec("黑体", "黑体"),  # 一级标题 一、
    "heading2": FontSpec("楷体_GB2312", "楷体"),  # 二级标题 （一）
    "page_number": FontSpec("宋体", "宋体", latin="宋体"),  # 页码: 4号半角宋体阿拉伯数字
}

# Chinese font sizes (字号) in points.
FONT_SIZE: dict[str, float] = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
}

TITLE_SIZE = Pt(FONT_SIZE["二号"])
BODY_SIZE = Pt(FONT_SIZE["三号"])
PAGE_NUMBER_SIZE = Pt(FONT_SIZE["四号"])
TABLE_SIZE = Pt(FONT_SIZE["四号"])
WIDE_TABLE_SIZE = Pt(FONT_SIZE["小四"])

# 版心 156 mm x 225 mm holds 22 lines of 28 characters at 三号: line pitch 225 mm / 22 = 28.9 pt.
LINE_SPACING = Pt(28.9)
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(37)
MARGIN_BOTTOM = Mm(35)
MARGIN_LEFT = Mm(28)
MARGIN_RIGHT = Mm(26)
# The page number sits 7 mm below the type area; with a 14 pt line the footer's bottom edge is
# about 23 mm above the page edge.
FOOTER_DISTANCE = Mm(23)
HEADER_DISTANCE = Mm(15)

# Landscape pages (annex tables): the portrait margins turned a quarter so the binding edge stays
# on the same side of the sheet, with the footer closer to the edge to fit the shorter bottom margin.
LANDSCAPE_MARGIN_TOP = Mm(28)
LANDSCAPE_MARGIN_BOTTOM = Mm(26)
LANDSCAPE_MARGIN_LEFT = Mm(37)
LANDSCAPE_MARGIN_RIGHT = Mm(35)
LANDSCAPE_FOOTER_DISTANCE = Mm(14)

# 28 三号 characters (28 x 16 pt = 158 mm) must fit the 156 mm line, so 三号 runs are condensed by
# 0.25 pt (in twentieths of a point).  Word's alternative, a docGrid of type linesAndChars, is
# rendered by LibreOffice with characters spread far apart, so no character grid is used; the fixed
# 28.9 pt line spacing alone gives 22 lines (the docGrid keeps the pitch for Word's line grid view).
BODY_CHAR_SPACING = -5
DOC_GRID_LINE_PITCH = 579  # twips
