"""The one sheet layout every Excel export uses (xlsxwriter, constant memory), so that every list prints and
re-imports the same way:

    row 1   title, merged over all columns, large and bold
    row 2   a note: unit, campaign, export date, number of records
    row 3   the header: bold, centred, filled, wrapped; its names are ones the kind's importer recognises
    row 4…  the records: wrapped text with borders, dates as real date cells, numbers as numbers

with column widths, frozen panes below the header, an autofilter over header and rows, A4 landscape fitted to
the page width with the header repeated on every page, and the exporting user and time in the footer.

    layout = SheetLayout(path, sheet="调研课题", title="…", note="…", columns=[Col("课题名称", 28), …],
                         rows=total, user=user)
    for values in records:
        layout.write_row(values)
    layout.close()

Exporters that need speed on large sheets (the ledger) write with `layout.ws` and the layout's formats directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from django.db.models import Count
from django.utils import timezone

TITLE_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 0, 1, 2, 3
WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                    "strings_to_urls": False}

TEXT, DATE, NUMBER = "text", "date", "number"


@dataclass(frozen=True)
class Col:
    """One column of an exported sheet: its header, width (characters) and the type of its cells."""

    header: str
    width: float = 14
    type: str = TEXT


class SheetLayout:
    """An open workbook with one sheet laid out as described in the module docstring; rows are written in order
    (constant-memory mode), then `close()` writes the file."""

    def __init__(self, path: str | Path, *, sheet: str, title: str, note: str, columns: Sequence[Col], rows: int,
                 user, freeze_cols: int = 1, now: dt.datetime | None = None):
        self.columns = tuple(columns)
        self.types = tuple(c.type for c in self.columns)
        self.wb = wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
        self.ws = ws = wb.add_worksheet(sheet[:31])
        self.cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
        self.date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "border": 1})
        self.number = wb.add_format({"valign": "top", "border": 1})
        title_fmt = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
        note_fmt = wb.add_format({"font_size": 10})
        head_fmt = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1,
                                  "text_wrap": True, "bg_color": "#D9E1F2"})
        last = len(self.columns) - 1
        for row, text, fmt in ((TITLE_ROW, title, title_fmt), (NOTE_ROW, note, note_fmt)):
            if last > 0:
                ws.merge_range(row, 0, row, last, text, fmt)
            else:
                ws.write_string(row, 0, text, fmt)
        ws.set_row(TITLE_ROW, 28)
        for i, c in enumerate(self.columns):
            ws.set_column(i, i, c.width)
        ws.write_row(HEADER_ROW, 0, [c.header for c in self.columns], head_fmt)
        ws.freeze_panes(FIRST_ROW, freeze_cols)
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + max(rows, 1), last)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.repeat_rows(HEADER_ROW)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        now = now or timezone.localtime()
        ws.set_footer(f"&L导出人：{user_label(user)}  导出时间：{now:%Y-%m-%d %H:%M}&R第 &P 页，共 &N 页")
        self.row = FIRST_ROW

    def add_format(self, properties: dict):
        """A further cell format (bordered, top-aligned like the others unless `properties` say otherwise)."""
        return self.wb.add_format({"valign": "top", "border": 1, **properties})

    def write_row(self, values: Sequence) -> None:
        """Write one record in the columns' order: None and "" as blank cells, dates as date cells, numbers as
        numbers, everything else as text; the row is made as tall as its longest wrapped text."""
        ws, r = self.ws, self.row
        lines = max((text_lines(v, c.width) for v, c in zip(values, self.columns, strict=True)
                     if isinstance(v, str)), default=1)
        if lines > 1:
            # LibreOffice (and so a printout made from it) keeps the default height of rows a file leaves unset
            ws.set_row(r, row_height(lines))
        for col, (value, kind) in enumerate(zip(values, self.types, strict=True)):
            if value is None or value == "":
                ws.write_blank(r, col, None, self.cell)
            elif kind == DATE:
                ws.write_datetime(r, col, dt.datetime(value.year, value.month, value.day), self.date)
            elif kind == NUMBER:
                ws.write_number(r, col, float(value) if isinstance(value, Decimal) else value, self.number)
            else:
                ws.write_string(r, col, str(value), self.cell)
        self.row = r + 1

    def close(self) -> None:
        self.wb.close()


LINE_HEIGHT = 16.5  # points per line of 11-point text in a CJK font (their line spacing is wider than Latin)
MAX_ROW_HEIGHT = 409  # Excel's limit


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (a Chinese character is two).

    A character taking three or four bytes in UTF-8 (Chinese, full-width punctuation) is counted as wide: the
    encoded length gives that count without looking at each character (exports call this for every row).
    """
    per_line = max(int(width) - 1, 1)
    total = 0
    for part in text.split("\n"):
        wide = (len(part.encode()) - len(part)) // 2
        total += max(1, -(-(len(part) + wide) // per_line))
    return total


def row_height(lines: int) -> float:
    return min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)


def user_label(user) -> str:
    return getattr(user, "display_name", "") or getattr(user, "username", "")


def scope_label(user, unit=None) -> str:
    """The note row's 单位: the unit the export was narrowed to, else the units of the user's assignments."""
    from taizhang.orgs.scope import user_assignments

    if unit is not None:
        return unit.name
    return "、".join(sorted({a.unit.name for a in user_assignments(user)}))[:60]


def note_text(*, scope: str, count: int, noun: str, campaign=None, now: dt.datetime | None = None) -> str:
    now = now or timezone.localtime()
    parts = [f"单位：{scope}"]
    if campaign is not None:
        parts.append(f"专项工作：{campaign.name}")
    parts += [f"导出日期：{now:%Y-%m-%d}", f"共 {count} {noun}"]
    return "    ".join(parts)


def unit_labels(unit_ids) -> dict[int, str]:
    """How a sheet names each unit of `unit_ids` (ids or a values subquery): its full name, or its code where
    another unit has the same name — an import would refuse the ambiguous name and ask for the code."""
    from taizhang.orgs.models import Unit

    units = Unit.objects.filter(pk__in=unit_ids)
    shared = set(Unit.objects.filter(name__in=units.values("name")).values("name").annotate(n=Count("pk"))
                 .filter(n__gt=1).values_list("name", flat=True))
    rows = units.values_list("pk", "name", "code")
    return {pk: code if name in shared else name for pk, name, code in rows}
