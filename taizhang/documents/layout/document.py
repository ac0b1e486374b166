"""``OfficialDocument``: a .docx builder for the GB/T 9704-2012 official-document layout.

The builder writes every run with explicit fonts (including ``w:eastAsia``, which WPS needs) and
sizes, and puts paragraph layout (line pitch, indents, outline levels) into named styles so a user
who edits the generated file in Word or WPS keeps the layout.
"""

from __future__ import annotations

import copy
import datetime
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Length, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from . import fonts as F
from .estimate import PageEstimator
from .fonts import FONT, FONT_SIZE, FontSpec
from .ooxml import (
    AFTER_PGNUMTYPE,
    AFTER_UPDATEFIELDS,
    bookmark,
    child,
    field_runs,
    new_run,
    ppr_child,
    run_rpr,
    set_attrs,
    set_cell_borders,
    set_char_indent,
    set_rpr_font,
    twips,
)
from .text import Bold, Segment, cn_date, cn_num, heading_prefix, text_width, to_segments
from .titles import title_lines

__all__ = ["OfficialDocument", "TOC_BOOKMARK_PREFIX"]

# Bookmarks around headings listed in the 目录; ``update_toc_page_numbers`` looks for this prefix.
TOC_BOOKMARK_PREFIX = "_TocTZ"

STYLE_TITLE = "公文标题"
STYLE_SUBTITLE = "公文副标题"
STYLE_HEADING = {1: "公文一级标题", 2: "公文二级标题", 3: "公文三级标题", 4: "公文四级标题"}
STYLE_TOC = {1: "toc 1", 2: "toc 2"}  # Word's built-in names, so "update field" keeps our look
STYLE_TABLE = "公文表格"
STYLE_ANNEX = "公文附件标签"
STYLE_COVER = "公文封面"

# Heading levels of the layout and their font roles.  Outline levels: chapter titles are 0 (目录
# level 1), 一、 headings are 1 (目录 level 2), and so on; the document's own title is body text.
_HEADING_FONT = {1: "heading1", 2: "heading2", 3: "body", 4: "body"}
_BODY_TEXT_OUTLINE = 9

# The set-up package of each font choice (see OfficialDocument._base_document).
_BASE_DOCUMENTS: dict[bool, bytes] = {}

@dataclass
class _TocEntry:
    level: int
    text: str
    bookmark: str
    estimated_page: int


class OfficialDocument:
    """A Word document in the GB/T 9704-2012 layout.

    ``use_fallback_fonts=True`` writes 宋体/仿宋/楷体 instead of 方正小标宋简体/仿宋_GB2312/楷体_GB2312 into
    every run, for readers on machines without the GB2312 fonts; otherwise the fallbacks are only
    announced as alternative names in the font table.
    """

    def __init__(self, title: str | None = None, subtitle: str | None = None, *,
                 use_fallback_fonts: bool = False) -> None:
        self.use_fallback_fonts = use_fallback_fonts
        self._counters = [0, 0, 0, 0, 0]
        self._pending_page_break = False
        self._pending_portrait = False
        self._at_page_start = True
        self._has_body = False
        self._frontmatter: set[int] = set()
        self._landscape: set[int] = set()
        self._toc_entries: list[_TocEntry] = []
        self._toc_anchor = None
        self._toc_levels = 2
        self._toc_elements: list = []
        self._next_bookmark_id = 100
        self._pages = PageEstimator()
        self._last_text: Paragraph | None = None  # the last body paragraph: the 落款 keeps it company
        self._rpr_cache: dict = {}
        self._doc = self._base_document()
        # Paragraph styles by name → styleId: python-docx resolves a style object by scanning every style
        # of the package on each paragraph, which dominated the time of a long document.
        self._style_ids = {s.name: s.style_id for s in self._doc.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
        if title:
            self.title(title, subtitle)

    # ----------------------------------------------------------------- set-up

    def _base_document(self):
        """A fresh package with the layout's styles, fonts and first section.  Setting the styles up
        costs far more than reading the result back, so it is done once per process and font choice
        and every later document starts from those bytes."""
        cached = _BASE_DOCUMENTS.get(self.use_fallback_fonts)
        if cached is not None:
            return Document(io.BytesIO(cached))
        self._doc = Document()
        self._setup_package()
        self._setup_styles()
        self._setup_section(self._doc.sections[0], landscape=False)
        buffer = io.BytesIO()
        self._doc.save(buffer)
        _BASE_DOCUMENTS[self.use_fallback_fonts] = buffer.getvalue()
        return self._doc

    def _add_styled_paragraph(self, container, style: str):
        p = container.add_paragraph()
        if style != "Normal":  # the default style is written as no w:pStyle, as python-docx does
            p._p.style = self._style_ids[style]
        return p

    def _setup_package(self) -> None:
        package = self._doc.part.package
        # python-docx's template carries a thumbnail of a Word logo; file managers would show it.
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[rel_id]
        settings = self._doc.settings
        settings.odd_and_even_pages_header_footer = True
        # Ask Word/WPS to refresh fields (the 目录) when the file is opened.
        update = child(settings.element, "w:updateFields", before=AFTER_UPDATEFIELDS)
        set_attrs(update, val="true")
        self._declare_fallback_fonts()
        core = self._doc.core_properties
        core.author = core.last_modified_by = "taizhang"
        core.comments = ""

    def _declare_fallback_fonts(self) -> None:
        """Add each layout font to fontTable.xml with its fallback as ``w:altName`` and the GB2312
        charset, so Word/WPS substitute a Chinese font of the same family when it is missing."""
        font_part = self._doc.part.part_related_by(RT.FONT_TABLE)
        root = parse_xml(font_part.blob)
        present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
        for spec in FONT.values():
            for name, alt in ((spec.east_asia, spec.fallback), (spec.fallback, None)):
                if name in present:
                    continue
                present.add(name)
                font = parse_xml(
                    f'<w:font {nsdecls("w")} w:name="{name}">'
                    + (f'<w:altName w:val="{alt}"/>' if alt and alt != name else "")
                    + '<w:charset w:val="86"/><w:family w:val="'
                    + ("modern" if "黑" in name else "roman")
                    + '"/><w:pitch w:val="variable"/></w:font>'
                )
                root.append(font)
        font_part._blob = _serialize(root)

    def _font(self, role: str) -> FontSpec:
        return FONT[role]

    def _set_font(self, rpr, role: str, size: Length, bold: bool | None = None, *,
                  east_asia_hint: bool = False) -> None:
        # Only 三号 text is condensed: it is what must fit 28 characters to the line.
        spacing = F.BODY_CHAR_SPACING if size == F.BODY_SIZE else None
        set_rpr_font(rpr, self._font(role), self.use_fallback_fonts, size, bold, east_asia_hint, spacing)

    def _setup_styles(self) -> None:
        styles = self._doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        self._set_font(rpr, "body", F.BODY_SIZE)
        lang = child(rpr, "w:lang")
        set_attrs(lang, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
        ppr_default = child(child(defaults, "w:pPrDefault"), "w:pPr")
        set_attrs(ppr_child(ppr_default, "w:spacing"), after=0, before=0)

        normal = styles["Normal"]
        self._style_font(normal, "body", F.BODY_SIZE)
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = F.LINE_SPACING
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.widow_control = False
        set_char_indent(normal.element.get_or_add_pPr(), F.BODY_SIZE, first=2)

        title = self._add_style(STYLE_TITLE, "TZTitle", "title", F.TITLE_SIZE, outline=0)
        title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.keep_with_next = True
        subtitle = self._add_style(STYLE_SUBTITLE, "TZSubtitle", "heading2", F.BODY_SIZE)
        subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subtitle.paragraph_format.keep_with_next = True
        for level, name in STYLE_HEADING.items():
            style = self._add_style(name, f"TZHeading{level}", _HEADING_FONT[level], F.BODY_SIZE,
                                    outline=level, indent=2)
            style.paragraph_format.keep_with_next = True
        for level, name in STYLE_TOC.items():
            style = self._add_style(name, f"TOC{level}", "body", F.BODY_SIZE, indent=0)
            set_char_indent(style.element.get_or_add_pPr(), F.BODY_SIZE, left=2 * (level - 1))
            tab = child(ppr_child(style.element.get_or_add_pPr(), "w:tabs"), "w:tab")
            text_width_twips = twips(F.PAGE_WIDTH - F.MARGIN_LEFT - F.MARGIN_RIGHT)
            set_attrs(tab, val="right", leader="dot", pos=text_width_twips)
        table = self._add_style(STYLE_TABLE, "TZTable", "body", F.TABLE_SIZE)
        table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_attrs(ppr_child(table.element.get_or_add_pPr(), "w:snapToGrid"), val=0)
        annex = self._add_style(STYLE_ANNEX, "TZAnnexLabel", "heading1", F.BODY_SIZE)
        annex.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        cover = self._add_style(STYLE_COVER, "TZCover", "title", Pt(FONT_SIZE["一号"]))
        cover.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cover.paragraph_format.line_spacing = Pt(40)

    def _add_style(self, name: str, style_id: str, role: str, size: Length, *, outline: int | None = None,
                   indent: float = 0):
        style = self._doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.styleId = style_id
        style.base_style = self._doc.styles["Normal"]
        style.next_paragraph_style = self._doc.styles["Normal"]
        style.quick_style = True
        self._style_font(style, role, size)
        ppr = style.element.get_or_add_pPr()
        set_char_indent(ppr, size, first=indent)
        if outline is not None:
            set_attrs(ppr_child(ppr, "w:outlineLvl"), val=outline)
        return style

    def _style_font(self, style, role: str, size: Length) -> None:
        self._set_font(style.element.get_or_add_rPr(), role, size, bold=False)

    def _setup_section(self, section, *, landscape: bool) -> None:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = F.PAGE_HEIGHT, F.PAGE_WIDTH
            section.top_margin, section.bottom_margin = F.LANDSCAPE_MARGIN_TOP, F.LANDSCAPE_MARGIN_BOTTOM
            section.left_margin, section.right_margin = F.LANDSCAPE_MARGIN_LEFT, F.LANDSCAPE_MARGIN_RIGHT
            section.footer_distance = F.LANDSCAPE_FOOTER_DISTANCE
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = F.PAGE_WIDTH, F.PAGE_HEIGHT
            section.top_margin, section.bottom_margin = F.MARGIN_TOP, F.MARGIN_BOTTOM
            section.left_margin, section.right_margin = F.MARGIN_LEFT, F.MARGIN_RIGHT
            section.footer_distance = F.FOOTER_DISTANCE
        section.header_distance = F.HEADER_DISTANCE
        section.gutter = Emu(0)
        grid = child(section._sectPr, "w:docGrid", before=("w:printerSettings",))
        grid.attrib.clear()
        set_attrs(grid, linePitch=F.DOC_GRID_LINE_PITCH)

    # ----------------------------------------------------------- block plumbing

    @property
    def docx(self):
        """The underlying python-docx ``Document``, for what this builder does not cover."""
        return self._doc

    def _start_section(self, *, landscape: bool, frontmatter: bool = False) -> None:
        """End the current section with a next-page break and start a new one."""
        body = self._doc.element.body
        section = self._doc.add_section(WD_SECTION.NEW_PAGE)
        # python-docx ends the old section with an empty paragraph holding its w:sectPr.  Move the
        # w:sectPr into the previous paragraph when there is one, so no stray empty line can spill
        # onto an extra page.
        break_p = body[-2]
        previous = break_p.getprevious()
        if previous is not None and previous.tag == qn("w:p") and previous.find(
                f'{qn("w:pPr")}/{qn("w:sectPr")}') is None:
            previous.get_or_add_pPr().append(break_p.pPr.sectPr)
            body.remove(break_p)
        else:
            self._shrink_paragraph(break_p)
        index = len(self._doc.sections) - 1
        if frontmatter:
            self._frontmatter.add(index)
        if landscape:
            self._landscape.add(index)
        self._setup_section(section, landscape=landscape)
        self._pages.start_section(landscape=landscape, body=not frontmatter)
        self._pending_page_break = False
        self._at_page_start = True

    def _shrink_paragraph(self, p) -> None:
        ppr = p.get_or_add_pPr()
        spacing = ppr_child(ppr, "w:spacing")
        set_attrs(spacing, line=20, lineRule="exact", before=0, after=0)
        rpr = ppr_child(ppr, "w:rPr")
        self._set_font(rpr, "body", Pt(1))

    def _before_block(self, *, body: bool = True) -> bool:
        """Apply pending section/page breaks; return True when the next block must begin a page."""
        if self._pending_portrait:
            self._pending_portrait = False
            self._start_section(landscape=False)
        if body and not self._has_body:
            self._has_body = True
            self._pages.started = True
        breaking = self._pending_page_break and not self._at_page_start
        self._pending_page_break = False
        if breaking:
            self._pages.new_page()
        self._at_page_start = False
        return breaking

    def _paragraph(self, style: str, *, body: bool = True) -> Paragraph:
        breaking = self._before_block(body=body)
        p = self._add_styled_paragraph(self._doc, style)
        if breaking:
            p.paragraph_format.page_break_before = True
        return p

    def _run(self, p: Paragraph | object, text: str, role: str, size: Length, *, bold: bool = False):
        r = new_run(text)
        # Every run carries its fonts explicitly; the w:rPr of one (role, size, bold) is built once and
        # copied, which keeps a table of thousands of cells fast.
        key = (role, size, bold)
        rpr = self._rpr_cache.get(key)
        if rpr is None:
            rpr = self._rpr_cache[key] = copy.deepcopy(run_rpr(new_run()))
            self._set_font(rpr, role, size, bold)
        r.replace(run_rpr(r), copy.deepcopy(rpr))
        (p._p if isinstance(p, Paragraph) else p).append(r)
        return r

    def _no_outline(self, p: Paragraph) -> None:
        set_attrs(ppr_child(p._p.get_or_add_pPr(), "w:outlineLvl"), val=_BODY_TEXT_OUTLINE)

    def _bookmark_for_toc(self, p: Paragraph, level: int, text: str, page: int) -> None:
        name = f"{TOC_BOOKMARK_PREFIX}{len(self._toc_entries) + 1:04d}"
        start, end = bookmark(self._next_bookmark_id, name)
        self._next_bookmark_id += 1
        ppr = p._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            p._p.insert(0, start)
        p._p.append(end)
        self._toc_entries.append(_TocEntry(level, text, name, page))

    # ------------------------------------------------------------- the blocks

    def title(self, text: str, subtitle: str | None = None) -> Paragraph:
        """The document title: 2号 方正小标宋简体, centred, followed by an optional subtitle in 楷体 and a
        blank line.  Not listed in the 目录 (use ``chapter`` for that)."""
        p = self._paragraph(STYLE_TITLE)
        self._no_outline(p)
        lines = title_lines(text)
        self._run(p, "\n".join(lines), "title", F.TITLE_SIZE)
        self._pages.add(len(lines) * 22 / 16)
        if subtitle:
            self._subtitle(subtitle)
        self.blank_line()
        return p

    def _subtitle(self, text: str) -> None:
        p = self._paragraph(STYLE_SUBTITLE)
        self._run(p, text, "heading2", F.BODY_SIZE)
        self._pages.add(self._pages.text_lines(text, indent=0))

    def chapter(self, title: str, subtitle: str | None = None, *, toc_text: str | None = None) -> Paragraph:
        """Start a compiled material (汇编 item) on a new page: its title is centred like a document
        title and becomes a level-1 entry of the 目录; heading numbering restarts.  ``toc_text`` is
        what the 目录 lists instead of the bare title (e.g. the title followed by the unit)."""
        self.page_break()
        p = self._paragraph(STYLE_TITLE)
        lines = title_lines(title)
        self._run(p, "\n".join(lines), "title", F.TITLE_SIZE)
        page = self._pages.add(len(lines) * 22 / 16, keep_with_next=True)
        self._bookmark_for_toc(p, 1, toc_text or title, page)
        self._counters = [0, 0, 0, 0, 0]
        if subtitle:
            self._subtitle(subtitle)
        self.blank_line()
        return p

    def blank_line(self) -> Paragraph:
        """An empty body line (GB/T 9704 leaves one after the title and before the 落款)."""
        p = self._paragraph("Normal")
        self._pages.add(1)
        return p

    def heading(self, text: str, level: int = 1, *, body: str | Iterable[Segment] | None = None) -> Paragraph:
        """A heading at ``level`` 1–4 with its number already in ``text``: 1 一、 in 黑体, 2 （一） in
        楷体_GB2312, 3 1. and 4 （1） in 仿宋_GB2312, all 3号 and indented two characters.

        With ``body`` the heading is run in: the paragraph continues with body text, as in
        "（一）强化理论武装。本单位……".  Run-in headings are not listed in the 目录."""
        if level not in STYLE_HEADING:
            raise ValueError(f"heading level must be 1–4, got {level}")
        role = _HEADING_FONT[level]
        if body is None:
            p = self._paragraph(STYLE_HEADING[level])
            self._run(p, text, role, F.BODY_SIZE)
            page = self._pages.add(self._pages.text_lines(text), keep_with_next=True)
            if level + 1 <= self._toc_levels:
                self._bookmark_for_toc(p, level + 1, text, page)
            return p
        p = self._paragraph("Normal")
        self._run(p, text, role, F.BODY_SIZE)
        segments = to_segments(body)
        self._segments(p, segments)
        self._pages.add(self._pages.text_lines(text + "".join(segments)))
        return p

    def numbered_heading(self, level: int, text: str, *, body: str | Iterable[Segment] | None = None) -> str:
        """A heading numbered automatically 一、二、… / （一）（二）… / 1. 2. … / （1）（2）…; the counters of
        deeper levels restart.  Returns the heading as written, number included."""
        if level not in STYLE_HEADING:
            raise ValueError(f"heading level must be 1–4, got {level}")
        self._counters[level] += 1
        for deeper in range(level + 1, len(self._counters)):
            self._counters[deeper] = 0
        full = heading_prefix(level, self._counters[level]) + text
        self.heading(full, level, body=body)
        return full

    def paragraph(self, content: str | Iterable[Segment], *, indent: bool = True,
                  align: str | None = None) -> Paragraph:
        """A body paragraph in 3号 仿宋_GB2312, first line indented two characters.  ``content`` is a
        string or a list of segments where ``Bold("…")`` segments are set in bold.  ``align`` is
        ``"left"``, ``"center"`` or ``"right"`` (default: justified)."""
        p = self._paragraph("Normal")
        self._last_text = p
        segments = to_segments(content)
        self._segments(p, segments)
        if not indent:
            set_char_indent(p._p.get_or_add_pPr(), F.BODY_SIZE, first=0)
        if align:
            p.alignment = _ALIGN[align]
        self._pages.add(self._pages.text_lines("".join(segments), indent=2 if indent else 0))
        return p

    def _segments(self, p: Paragraph, segments: Sequence[Segment]) -> None:
        for segment in segments:
            if segment:
                self._run(p, str(segment), "body", F.BODY_SIZE, bold=isinstance(segment, Bold))

    def page_break(self) -> None:
        """Make the next block start a new page (no empty paragraph is left behind, and nothing
        happens at the top of a page)."""
        self._pending_page_break = True

    def signature(self, unit_name: str, date: datetime.date | str) -> None:
        """落款 without a seal (GB/T 9704 7.3.5.2): after a blank line the unit name right-aligned two
        characters from the margin, the date below it starting two characters further right."""
        date_text = cn_date(date) if isinstance(date, datetime.date) else date
        name_width, date_width = text_width(unit_name), text_width(date_text)
        date_right = name_width - date_width
        name_right = 2.0
        if date_right < 2:  # a date longer than the name keeps two characters and pushes the name
            date_right = 2.0
            name_right = date_width + 4 - name_width
        self._keep_last_text()
        self.blank_line().paragraph_format.keep_with_next = True
        for text, right in ((unit_name, name_right), (date_text, date_right)):
            p = self._paragraph("Normal")
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            ppr = p._p.get_or_add_pPr()
            set_char_indent(ppr, F.BODY_SIZE, first=0, right=right)
            # No extra space between digits and 汉字, so the widths computed above hold.
            for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
                set_attrs(ppr_child(ppr, tag), val=0)
            p.paragraph_format.keep_with_next = text is unit_name
            self._run(p, text, "body", F.BODY_SIZE)
            self._pages.add(1)

    def _keep_last_text(self) -> None:
        """Keep the last body paragraph on the page of what follows (the 附件说明 and the 落款), so that the
        signature never stands alone on a page: its last lines move over with it."""
        if self._last_text is not None:
            fmt = self._last_text.paragraph_format
            fmt.keep_with_next = True
            fmt.widow_control = True

    def annex_note(self, names: Sequence[str]) -> None:
        """附件说明 after the body: "附件：1. 名称" with later items aligned under the first name."""
        self._keep_last_text()
        self.blank_line().paragraph_format.keep_with_next = True
        for i, name in enumerate(names, start=1):
            number = f"{i}. " if len(names) > 1 else ""
            lead = "附件：" if i == 1 else ""
            p = self._paragraph("Normal")
            p.paragraph_format.keep_with_next = True
            self._last_text = p
            if i > 1:
                set_char_indent(p._p.get_or_add_pPr(), F.BODY_SIZE, first=0, left=5)
            self._run(p, lead + number + name, "body", F.BODY_SIZE)
            self._pages.add(self._pages.text_lines(name, indent=5))

    @contextmanager
    def landscape_section(self, title: str | None = None, *, label: str | None = None) -> Iterator[None]:
        """Put what is written inside the ``with`` block on landscape A4 pages (wide annex tables),
        optionally headed by an annex ``label`` and a ``title``.  The document returns to portrait
        when the next block after the ``with`` is written; page numbering continues."""
        self._before_block()  # flush a pending return to portrait first
        self._start_section(landscape=True)
        if label:
            p = self._paragraph(STYLE_ANNEX)
            self._run(p, label, "heading1", F.BODY_SIZE)
            self._pages.add(1)
        if title:
            p = self._paragraph(STYLE_TITLE)
            self._no_outline(p)
            self._run(p, title, "title", F.TITLE_SIZE)
            self._pages.add(1)
            self.blank_line()
        try:
            yield
        finally:
            self._pending_portrait = True

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[object]],
              col_widths: Sequence[float] | None = None, font_size: float | str | Length = F.TABLE_SIZE, *,
              caption: str | None = None, align: Sequence[str] | None = None) -> Table:
        """A bordered table filling the text width: header row in 黑体 repeated on every page, cells
        in 仿宋_GB2312 at ``font_size`` (4号 by default; pass "小四" for wide tables).

        ``col_widths`` are relative weights (``[1, 4, 2]``).  Cell values may be text or numbers
        (formatted with ``cn_num``; ``None`` shows as "—").  ``align`` gives "left", "center" or
        "right" per column; by default short or numeric columns are centred and long text is left.
        """
        size = _size(font_size)
        headers = list(headers)
        body_rows = [[_cell_text(v) for v in row] for row in rows]
        ncols = len(headers)
        for number, row in enumerate(body_rows, start=1):
            if len(row) != ncols:
                raise ValueError(f"table row {number} has {len(row)} cells, the header has {ncols}")
        if caption:
            p = self._paragraph(STYLE_TITLE)
            self._no_outline(p)
            p.paragraph_format.keep_with_next = True
            self._run(p, caption, "heading1", F.BODY_SIZE)
            self._pages.add(1)
        breaking = self._before_block()
        if breaking:
            spacer = self._doc.add_paragraph()
            spacer.paragraph_format.page_break_before = True
            self._shrink_paragraph(spacer._p)
        section = self._doc.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        weights = list(col_widths) if col_widths else [1.0] * ncols
        if len(weights) != ncols:
            raise ValueError(f"col_widths has {len(weights)} entries for {ncols} columns")
        widths = [Emu(int(usable * w / sum(weights))) for w in weights]
        aligns = list(align) if align else _default_alignments(body_rows, ncols, widths, size)

        table = self._doc.add_table(rows=1 + len(body_rows), cols=ncols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        set_cell_borders(tbl_pr)
        set_attrs(child(tbl_pr, "w:tblW"), w=twips(Emu(sum(widths))), type="dxa")
        for i, column in enumerate(table.columns):
            column.width = widths[i]
        header_row = table.rows[0]
        tr_pr = header_row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        tr_pr.append(OxmlElement("w:tblHeader"))  # repeat on each page
        line = Pt(round(size.pt * 1.5, 1))
        # Cells are reached row by row: ``table.cell(r, c)`` rebuilds the whole grid on every call.
        for r, (row, values) in enumerate(zip(table.rows, [headers, *body_rows], strict=True)):
            if r:  # a row is never split across pages
                row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            cells = row.cells
            for c, value in enumerate(values):
                cell = cells[c]
                cell.width = widths[c]
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                p = cell.paragraphs[0]
                p._p.style = self._style_ids[STYLE_TABLE]
                p.paragraph_format.line_spacing = line
                p.alignment = _ALIGN["center" if r == 0 else aligns[c]]
                for i, piece in enumerate(str(value).split("\n")):
                    if i:
                        p = self._add_styled_paragraph(cell, STYLE_TABLE)
                        p.paragraph_format.line_spacing = line
                        p.alignment = _ALIGN["center" if r == 0 else aligns[c]]
                    if piece:
                        self._run(p, piece, "heading1" if r == 0 else "body", size)
                    else:
                        self._set_font(ppr_child(p._p.get_or_add_pPr(), "w:rPr"), "body", size)
        self._estimate_table([headers, *body_rows], widths, size, line)
        self._at_page_start = False
        # A table that ends the body keeps its last row with the 落款 (keep-with-next of its paragraphs).
        self._last_text = table.rows[-1].cells[0].paragraphs[-1]
        return table

    def _estimate_table(self, rows: list[list[str]], widths: list[Emu], size: Length, line: Length) -> None:
        total = 0.0
        for row in rows:
            lines = max(math.ceil(text_width(str(v)) / max(1.0, Emu(w).pt / size.pt - 0.5) or 1)
                        for v, w in zip(row, widths, strict=True))
            total += max(1, lines) * (line.pt + 4) / F.LINE_SPACING.pt
        self._pages.add(total)

    # ---------------------------------------------------------- front matter

    def cover(self, title: str, subtitle: str | None = None, unit: str | None = None,
              date: datetime.date | str | None = None) -> None:
        """The cover of a 汇编 volume on its own unnumbered page: title in 一号 小标宋, subtitle in 楷体,
        compiling unit and date near the foot.  Must come first."""
        if self._has_body or self._toc_anchor is not None or len(self._doc.element.body) > 1:
            raise ValueError("cover() must be the first thing written to the document")
        self._frontmatter.add(0)
        p = self._paragraph(STYLE_COVER, body=False)
        p.paragraph_format.space_before = Pt(150)
        self._run(p, title, "title", Pt(FONT_SIZE["一号"]))
        if subtitle:
            p = self._paragraph(STYLE_SUBTITLE, body=False)
            p.paragraph_format.space_before = Pt(24)
            self._run(p, subtitle, "heading2", Pt(FONT_SIZE["小二"]))
        for i, text in enumerate(t for t in (unit, date) if t):
            if isinstance(text, datetime.date):
                text = cn_date(text)
            p = self._paragraph(STYLE_SUBTITLE, body=False)
            if i == 0:
                p.paragraph_format.space_before = Pt(200)
            self._run(p, text, "heading2", F.BODY_SIZE)
        self._start_section(landscape=False)

    def toc(self, title: str = "目　录", levels: int = 2) -> None:
        """A 目录 on its own unnumbered page(s): a real ``TOC`` field (Word/LibreOffice can update it)
        whose cached result is pre-filled with the chapter titles (level 1) and, with ``levels=2``,
        the 一、 headings, with estimated page numbers.  ``update_toc_page_numbers`` replaces the
        estimates with the page numbers of a LibreOffice rendering.  Must come before the body."""
        if self._has_body:
            raise ValueError("toc() must come before the body of the document")
        if levels not in (1, 2):
            raise ValueError("toc levels must be 1 or 2")
        self._toc_levels = levels
        first_section = len(self._doc.sections) - 1
        self._frontmatter.add(first_section)
        p = self._paragraph(STYLE_TITLE, body=False)
        self._no_outline(p)
        self._run(p, title, "title", F.TITLE_SIZE)
        self._paragraph("Normal", body=False)  # blank line under the heading
        self._toc_anchor = self._paragraph("Normal", body=False)._p
        self._start_section(landscape=False)

    def _render_toc(self) -> None:
        if self._toc_anchor is None:
            return
        for element in self._toc_elements:
            element.getparent().remove(element)
        self._toc_elements = []
        entries = [e for e in self._toc_entries if e.level <= self._toc_levels]
        instruction = f'TOC \\o "1-{self._toc_levels}" \\h \\z \\u'
        begin, instr, separate, _result, end = field_runs(instruction, "")
        for r in (begin, instr, separate, end):
            self._set_font(run_rpr(r), "body", F.BODY_SIZE)
        paragraphs = []
        for entry in entries or [None]:
            p = OxmlElement("w:p")
            if entry is None:
                paragraphs.append(p)
                break
            ppr = p.get_or_add_pPr()
            set_attrs(ppr_child(ppr, "w:pStyle"), val=f"TOC{entry.level}")
            link = OxmlElement("w:hyperlink")
            set_attrs(link, anchor=entry.bookmark, history=1)
            self._run(link, entry.text, "body", F.BODY_SIZE)
            self._run(link, "\t", "body", F.BODY_SIZE)
            for r in field_runs(f"PAGEREF {entry.bookmark} \\h", str(entry.estimated_page)):
                self._set_font(run_rpr(r), "body", F.BODY_SIZE)
                link.append(r)
            p.append(link)
            paragraphs.append(p)
        first = paragraphs[0]
        for r in reversed((begin, instr, separate)):
            ppr = first.find(qn("w:pPr"))
            if ppr is not None:
                ppr.addnext(r)
            else:
                first.insert(0, r)
        paragraphs[-1].append(end)
        anchor = self._toc_anchor
        for p in paragraphs:
            anchor.addprevious(p)
        self._toc_elements = paragraphs

    # ------------------------------------------------------------ page numbers

    def _render_footers(self) -> None:
        first_body = True
        for index, section in enumerate(self._doc.sections):
            pg_num = section._sectPr.find(qn("w:pgNumType"))
            if pg_num is not None:
                section._sectPr.remove(pg_num)
            if index in self._frontmatter:
                for footer in (section.footer, section.even_page_footer):
                    footer.is_linked_to_previous = False
                    _clear(footer._element)
                    footer._element.append(OxmlElement("w:p"))
                continue
            if index in self._landscape:
                # GB/T 9704 10.1: on a landscape table page the page number stands where it stands on the
                # portrait pages once the sheet is turned back: on the left edge, set sideways, near the foot on
                # odd pages and near the head on even ones.
                if first_body:
                    first_body = False
                for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
                    footer.is_linked_to_previous = False
                    _clear(footer._element)
                    footer._element.append(self._sideways_page_number(odd=odd, height=section.page_height))
                continue
            if not first_body:
                linked = index - 1 not in self._landscape
                section.footer.is_linked_to_previous = linked
                section.even_page_footer.is_linked_to_previous = linked
                if not linked:
                    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
                        _clear(footer._element)
                        footer._element.append(self._page_number_paragraph(odd=odd))
                continue
            first_body = False
            if index:
                pg_num = child(section._sectPr, "w:pgNumType", before=AFTER_PGNUMTYPE)
                set_attrs(pg_num, start=1)
            for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
                footer.is_linked_to_previous = False
                _clear(footer._element)
                footer._element.append(self._page_number_paragraph(odd=odd))

    def _sideways_page_number(self, *, odd: bool, height: Length):
        """A footer paragraph anchoring a text box on the left edge of a landscape page, its text turned to
        read from the foot of the portrait page: "— N —" where the portrait pages print it."""
        inner = self._page_number_paragraph(odd=odd)
        ppr = inner.find(qn("w:pPr"))
        for tag in ("w:ind", "w:jc"):
            found = ppr.find(qn(tag))
            if found is not None:
                ppr.remove(found)
        set_attrs(ppr_child(ppr, "w:jc"), val="center")
        width, length = Emu(Mm(10)), Emu(Mm(32))
        inset = Emu(Mm(5.6))  # one character of 4号 in from the text block, as on portrait pages
        x = F.LANDSCAPE_MARGIN_LEFT - Emu(Mm(7)) - width
        y = (height - F.LANDSCAPE_MARGIN_BOTTOM - inset - length) if odd else (F.LANDSCAPE_MARGIN_TOP + inset)
        self._next_bookmark_id += 1
        xml = (
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:drawing>'
            '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="page"><wp:posOffset>{int(x)}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="page"><wp:posOffset>{int(y)}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{int(width)}" cy="{int(length)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:wrapNone/><wp:docPr id="{self._next_bookmark_id}" name="页码"/><wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{int(width)}" cy="{int(length)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            '<a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent/></wps:txbx>'
            '<wps:bodyPr rot="0" vert="vert270" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr">'
            '<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')
        run = parse_xml(xml)
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)  # the anchoring run names its fonts like every other run
        self._set_font(rpr, "page_number", F.PAGE_NUMBER_SIZE)
        run.find(".//" + qn("w:txbxContent")).append(inner)
        p = OxmlElement("w:p")
        p.append(run)
        return p

    def _page_number_paragraph(self, *, odd: bool):
        """"— N —" in 4号 宋体: odd pages right, even pages left, one character in from the margin."""
        p = OxmlElement("w:p")
        ppr = p.get_or_add_pPr()
        set_attrs(ppr_child(ppr, "w:snapToGrid"), val=0)
        set_attrs(ppr_child(ppr, "w:spacing"), before=0, after=0, line=240, lineRule="auto")
        ind = {"right": 1.0} if odd else {"left": 1.0}
        set_char_indent(ppr, F.PAGE_NUMBER_SIZE, first=0, **ind)
        set_attrs(ppr_child(ppr, "w:jc"), val="right" if odd else "left")
        self._set_font(ppr_child(ppr, "w:rPr"), "page_number", F.PAGE_NUMBER_SIZE)
        runs = [new_run("— "), *field_runs("PAGE", "1"), new_run(" —")]
        for r in runs:
            self._set_font(run_rpr(r), "page_number", F.PAGE_NUMBER_SIZE, east_asia_hint=True)
            p.append(r)
        return p

    # ------------------------------------------------------------------ output

    def _finalize(self) -> None:
        self._render_footers()
        self._render_toc()

    def save(self, target: str | Path | IO[bytes]) -> None:
        """Write the .docx to a path or a binary stream."""
        self._finalize()
        self._doc.save(str(target) if isinstance(target, Path) else target)

    def to_bytes(self) -> bytes:
        """The .docx as bytes."""
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _size(value: float | str | Length) -> Length:
    if isinstance(value, Length):
        return value
    if isinstance(value, str):
        try:
            return Pt(FONT_SIZE[value])
        except KeyError:
            raise ValueError(f"unknown font size {value!r}; use one of {', '.join(FONT_SIZE)}")
    return Pt(value)


def _cell_text(value: object) -> str:
    if value is None or isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return cn_num(value)  # type: ignore[arg-type]
    return str(value)


def _default_alignments(rows: list[list[str]], ncols: int, widths: list[Emu], size: Length) -> list[str]:
    result = []
    for c in range(ncols):
        capacity = Emu(widths[c]).pt / size.pt
        longest = max((text_width(row[c]) for row in rows), default=0)
        result.append("left" if longest > capacity - 1 else "center")
    return result


def _clear(element) -> None:
    for sub in list(element):
        element.remove(sub)


def _serialize(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
