"""A narrative report as an editable draft: blocks in reading order whose sentences carry live figure fields.

The narrative kinds (阶段性工作总结, 整改情况报告, 通报) are built in two steps: the builder's ``draft(req)`` returns
a `Draft` — headings, paragraphs and tables, each with an id that stays the same from one generation to the next —
and `render` lays a draft out as an official document. In between, the office may edit the wording of a paragraph,
drop an optional one (a case) and regenerate; ``taizhang.reports.drafts`` merges the edits.

A paragraph's text holds figure fields written ``{key}`` (the catalogue value printed with its unit: "12个",
"93.5%", "5.1万人次") or ``{key:n}`` (the number alone). `fill` prints them from the figures of the moment, so a
sentence the office rewrote keeps its wording while its numbers follow the ledger.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from django.utils.functional import Promise

from taizhang.documents.layout import Bold, OfficialDocument, cn_date

FIELD = re.compile(r"\{([a-z][a-z0-9_.]*)(?::([a-z]+))?\}")


@dataclass
class Heading:
    """A numbered heading: level 1 is 一、, level 2 （一）; the renderer numbers them."""

    id: str
    text: str
    level: int = 1
    type: str = "heading"


@dataclass
class Para:
    """A body paragraph. ``lead`` is set in bold before the text ("一是抓好集中学习。"); ``optional`` marks a
    paragraph the office may drop without the report losing a figure it must state (a concrete case)."""

    id: str
    text: str
    lead: str = ""
    optional: bool = False
    indent: bool = True
    type: str = "para"


def _plain(value):
    return str(value) if isinstance(value, Promise) else value


@dataclass
class Table:
    """A table with its rows already printed as text; ``total`` is the 合计 row, printed last."""

    id: str
    headers: list[str]
    rows: list[list]
    total: list | None = None
    col_widths: list[float] | None = None
    font_size: str | None = None
    caption: str = ""
    type: str = "table"

    def __post_init__(self) -> None:
        # Cells are kept as JSON in a ReportDraft: a lazy label (a choice's display text) is printed here, once.
        self.headers = [_plain(h) for h in self.headers]
        self.rows = [[_plain(c) for c in row] for row in self.rows]
        if self.total is not None:
            self.total = [_plain(c) for c in self.total]


@dataclass
class Annex:
    """An annex after the signature, on landscape pages when ``landscape``."""

    title: str
    blocks: list = field(default_factory=list)
    landscape: bool = True


@dataclass
class Draft:
    kind: str
    title: str
    signature: str
    day: date
    addressee: str = ""  # 主送机关, printed under the title
    as_of: bool = True  # print "（数据统计截至……）" under the title
    blocks: list = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    figures: dict = field(default_factory=dict)  # every catalogue value the fields may print

    # --------------------------------------------------------------- building

    def heading(self, id: str, text: str, level: int = 1) -> Heading:
        block = Heading(id, text, level)
        self.blocks.append(block)
        return block

    def para(self, id: str, text: str, *, lead: str = "", optional: bool = False, indent: bool = True) -> Para:
        block = Para(id, text, lead, optional, indent)
        self.blocks.append(block)
        return block

    def table(self, id: str, headers, rows, **kw) -> Table:
        block = Table(id, list(headers), [list(r) for r in rows], **kw)
        self.blocks.append(block)
        return block

    def block(self, id: str):
        for b in self.blocks:
            if b.id == id:
                return b
        return None

    # ------------------------------------------------------------- persisting

    def to_dict(self) -> dict:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Draft:
        data = dict(data)
        data["day"] = date.fromisoformat(data["day"])
        data["blocks"] = [_block(b) for b in data.get("blocks", [])]
        data["annexes"] = [Annex(a["title"], [_block(b) for b in a.get("blocks", [])], a.get("landscape", True))
                           for a in data.get("annexes", [])]
        return cls(**data)


_TYPES = {"heading": Heading, "para": Para, "table": Table}


def _block(data: dict):
    return _TYPES[data["type"]](**data)


def fields_of(text: str) -> list[str]:
    """The catalogue keys a text's figure fields name, in order."""
    return [m.group(1) for m in FIELD.finditer(text)]


def fill(text: str, figures: dict) -> str:
    """The text with every figure field printed from ``figures``; a field whose key is not there is left as
    written so that a misspelt field shows instead of vanishing."""
    from taizhang.reports.figures import figure_text

    def one(m: re.Match) -> str:
        key, mode = m.group(1), m.group(2) or ""
        if key not in figures:
            return m.group(0)
        return figure_text(key, figures[key], plain=mode == "n")

    return FIELD.sub(one, text)


def render(draft: Draft) -> bytes:
    """The draft as a .docx in the official layout."""
    doc = OfficialDocument(draft.title)
    if draft.addressee:
        doc.paragraph(f"{draft.addressee}：", indent=False)
    if draft.as_of:
        doc.paragraph(f"（数据统计截至{cn_date(draft.day)}）", indent=False, align="center")
    _blocks(doc, draft.blocks, draft.figures)
    if draft.annexes:
        doc.annex_note([a.title for a in draft.annexes])
    doc.signature(draft.signature, draft.day)
    for i, annex in enumerate(draft.annexes, start=1):
        label = "附件" if len(draft.annexes) == 1 else f"附件{i}"
        if annex.landscape:
            with doc.landscape_section(annex.title, label=label):
                _blocks(doc, annex.blocks, draft.figures)
        else:
            doc.page_break()
            doc.paragraph(label, indent=False)
            doc.title(annex.title)
            _blocks(doc, annex.blocks, draft.figures)
    return doc.to_bytes()


def _blocks(doc: OfficialDocument, blocks, figures: dict) -> None:
    for b in blocks:
        if isinstance(b, Heading):
            doc.numbered_heading(b.level, b.text)
        elif isinstance(b, Para):
            text = fill(b.text, figures)
            doc.paragraph([Bold(fill(b.lead, figures)), text] if b.lead else text, indent=b.indent)
        elif isinstance(b, Table):
            rows = [list(r) for r in b.rows] + ([list(b.total)] if b.total else [])
            kw = {"col_widths": b.col_widths, "caption": b.caption or None}
            if b.font_size:
                kw["font_size"] = b.font_size
            doc.table(b.headers, rows or [["—"] * len(b.headers)], **kw)
