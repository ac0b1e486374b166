"""Turn a problem ledger sheet (整改台账) into records; and simple sheets into plain records.

Row rules for `parse_ledger`, top to bottom from the first data row:

* blank rows, 合计/小计/总计 rows, note rows below the data (注：…, 填表说明, 制表人/审核人 lines) and repeated
  header rows are skipped and reported;
* a section row ("一、理论学习方面", or 序号 "一" with a heading) sets `category` for the rows
  below it (an explicit 问题类别 column wins);
* a row with 序号 1, 2 … (or any row with a problem title/description) starts a problem;
* a sub-item row (序号 1.1/1-1 under 1, (1)/① under a problem numbered 1, 2 …, an empty 序号 with
  no problem text, or a row whose problem cells are merged with the row above) adds its measures
  to the problem above;
* anything wrong in a row becomes a `RowError`; nothing here raises for bad cell content.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .dates import Deadline, parse_deadline
from .errors import ParseError, RowError, show_value
from .headers import PROBLEM_FIELDS, HeaderMapping, detect_header
from .measures import split_measures
from .reader import Row, Sheet

TOTAL_WORDS = ("合计", "小计", "总计", "共计")
# A note or signature line under a table: 注：… / 注1. … / 备注：… / 填表说明 / 制表人：… 审核人：… / 填报日期：…
NOTE_ROW = re.compile(
    r"^(?:(?:注|备注|说明)\s*[0-9０-９一二三四五六七八九十]*\s*[:：.．、]"
    r"|填表说明|填报说明|填写说明"
    r"|(?:制表|审核|填表|填报|统计|复核|校对|分管|主要|单位)?(?:人|领导|负责人)\s*[:：]"
    r"|(?:制表|审核|填表|填报|报送|统计)(?:人|日期|时间|单位)(?:\s*[:：]|\s|$)"
    r"|联系(?:人|电话|方式)\s*[:：])")
_TOTAL_FIRST = frozenset(w[0] for w in TOTAL_WORDS)
PROBLEM_TEXT_FIELDS = ("title", "description")
_CN = "一二三四五六七八九十"
_SECTION_HEAD = re.compile(r"^\s*(?:第[" + _CN + r"]+(?:部分|类|章)|[(（]?[" + _CN + r"]{1,3}[)）、.．]|[" + _CN + r"]{1,3}\s)")
_SECTION_TAIL = re.compile(r"(?:方面|方面问题|方面存在的问题|方面的问题|类问题|问题清单)$")
_CATEGORY_CLEAN = re.compile(
    r"^\s*(?:第[" + _CN + r"]+(?:部分|类|章)[、.．:：\s]*|[(（]?[" + _CN + r"]{1,3}[)）、.．\s]\s*)?(?:在)?"
)
_CATEGORY_TAIL = re.compile(r"(?:方面.*|存在的问题|的问题|类问题|问题清单|问题)$")
_NUM_TOP = re.compile(r"^\d{1,5}$")
_NUM_DOTTED = re.compile(r"^(\d{1,5})[.\-_](\d{1,3})(?:[.\-_]\d{1,3})*$")
_NUM_PAREN = re.compile(r"^[(（]\d{1,3}[)）]$|^[①-⑳]$")
_NUM_CN = re.compile(r"^[(（]?[" + _CN + r"]{1,3}[)）、.．]?$")


@dataclass(slots=True)
class SkippedRow:
    row: int
    reason: str


@dataclass(slots=True)
class Section:
    """A section heading row ("一、理论学习方面") and the category it sets."""

    row: int
    text: str
    category: str


@dataclass(slots=True)
class SubItem:
    """A sub-item / continuation row folded into the problem above it."""

    row: int
    values: dict[str, Any]
    measures: list[str]


@dataclass(slots=True)
class LedgerRecord:
    row: int  # Excel row number of the problem's first row
    number: str | None  # 序号 as text ("3"), None when the sheet has none
    values: dict[str, Any]  # field key → raw (stripped) cell value, only non-empty ones
    measures: list[str]
    deadline: Deadline | None
    category: str | None  # from the 类别 column, else from the section row above
    section: str | None  # text of the section row above, as typed
    extra: dict[str, Any]  # header text → value for columns without a field
    sub_items: list[SubItem] = field(default_factory=list)

    @property
    def rows(self) -> list[int]:
        """Every Excel row that contributed to this record."""
        return [self.row] + [s.row for s in self.sub_items]


@dataclass(slots=True)
class LedgerResult:
    records: list[LedgerRecord]
    errors: list[RowError]
    skipped: list[SkippedRow]
    header: HeaderMapping
    sections: list[Section]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class Record:
    row: int
    values: dict[str, Any]
    extra: dict[str, Any]
    parsed: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class RecordsResult:
    records: list[Record]
    errors: list[RowError]
    skipped: list[SkippedRow]
    header: HeaderMapping

    @property
    def ok(self) -> bool:
        return not self.errors


# ----------------------------------------------------------------------------- helpers


def _number_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return str(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = "".join(text.split())
    text = text.rstrip("、.．")
    return text or None


def _number_style(number: str | None) -> str | None:
    if number is None:
        return None
    if _NUM_TOP.match(number):
        return "int"
    if _NUM_DOTTED.match(number):
        return "dotted"
    if _NUM_PAREN.match(number):
        return "paren"
    if _NUM_CN.match(number):
        return "cn"
    return "other"


class _Layout:
    """Column positions resolved once per sheet."""

    def __init__(self, mapping: HeaderMapping):
        self.data_start = mapping.data_start
        self.fields: list[tuple[int, str]] = [(c.index, c.field) for c in mapping.columns if c.field]
        self.extras: list[tuple[int, str]] = [(c.index, c.header) for c in mapping.columns if not c.field]
        self.index = {key: i for i, key in self.fields}
        self.headers = {c.index: c.header for c in mapping.columns}
        # header cell texts as typed, to recognise a header repeated on every printed page
        self.raw_headers = frozenset(mapping.raw_headers) | {c.header for c in mapping.columns}
        # per column index: (field key, True) or (extra header, False); None for unmapped columns
        width = max((c.index for c in mapping.columns), default=-1) + 1
        self.slots: list[tuple[str, bool] | None] = [None] * width
        for i, header in self.extras:
            self.slots[i] = (header, False)
        for i, key in self.fields:
            self.slots[i] = (key, True)

    def data_rows(self, sheet, skipped: list[SkippedRow]):
        """(row, values, extra) of every row below the header that holds data; the others go to `skipped`
        with the reason."""
        for row in sheet.rows:
            if row.number < self.data_start:
                continue
            reason, values, extra = self.scan(row.cells)
            if reason:
                skipped.append(SkippedRow(row.number, reason))
                continue
            yield row, values, extra

    def header_of(self, key: str) -> str | None:
        i = self.index.get(key)
        return self.headers.get(i) if i is not None else None

    def scan(self, cells: list[Any]) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
        """One pass over a row: why it is not data (or None), then its stripped, non-empty cells of the mapped
        columns as (field → value, extra header → value).

        A row is skipped when it is blank, a 合计/小计 row (one of its first three texts), a note or signature
        line (its first text opens with 注：, 填表说明, 制表人： …), or the header repeated on a printed page (at
        least half of its cells are header texts).
        """
        slots = self.slots
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        texts = 0
        firsts: list[str] = []
        headers = 0
        raw_headers = self.raw_headers
        for i, v in enumerate(cells):
            if v is None:
                continue
            if type(v) is str:
                v = v.strip()
                if not v:
                    continue
                if len(firsts) < 3:
                    firsts.append(v)
                if v in raw_headers:
                    headers += 1
            texts += 1
            slot = slots[i] if i < len(slots) else None
            if slot is not None:
                (values if slot[1] else extra)[slot[0]] = v
        if not texts:
            return "空行", values, extra
        for v in firsts:
            if v[0] in _TOTAL_FIRST or v[-1] == "计":
                t = "".join(v.split())
                if t.startswith(TOTAL_WORDS) or t.endswith(("合计", "小计")):
                    return "合计/小计行", values, extra
        if firsts and NOTE_ROW.match(firsts[0]):
            return "表格说明或签名行", values, extra
        if texts >= 2 and headers * 2 >= texts:
            return "重复的表头行", values, extra
        return None, values, extra


def _section_text(row: Row, values: dict[str, Any], extra: dict[str, Any], number: str | None) -> str | None:
    """The heading text if the row is a section row, else None."""
    distinct: list[str] = []
    for v in row.cells:
        if v is None:
            continue
        t = v.strip() if isinstance(v, str) else str(v)
        if t and t not in distinct:
            distinct.append(t)
            if len(distinct) > 2:
                return None
    if not distinct:
        return None
    if any(k in values for k in ("measures", "deadline", "lead_unit", "responsible_leader", "progress")):
        # those cells are filled: only a horizontally merged heading repeats into them
        if len(distinct) != 1:
            return None
    heading = distinct[-1]
    if len(heading) > 60:
        return None
    style = _number_style(number)
    if style == "cn" and len(distinct) == 2:
        return f"{distinct[0]}、{heading}" if not distinct[0].endswith(("、", ".", "．")) else distinct[0] + heading
    if _SECTION_HEAD.match(heading) or _SECTION_TAIL.search(heading.rstrip("：:")):
        return distinct[0] + heading if len(distinct) == 2 and style in ("cn", None) else heading
    return None


def category_from_section(text: str) -> str:
    """"一、理论学习方面" → "理论学习"; the heading itself when nothing is left."""
    norm = unicodedata.normalize("NFKC", text).strip().rstrip(":：")
    core = _CATEGORY_CLEAN.sub("", norm, count=1)
    core = _CATEGORY_TAIL.sub("", core).strip(" 、.:：")
    return core or norm


# ----------------------------------------------------------------------------- ledger


def parse_ledger(
    sheet: Sheet,
    mapping: HeaderMapping | None = None,
    *,
    today: dt.date | None = None,
    campaign_end: dt.date | None = None,
) -> LedgerResult:
    """Problem records from a 问题清单/整改台账 sheet; never raises for cell content."""
    if mapping is None:
        mapping = detect_header(sheet, PROBLEM_FIELDS)
    errors: list[RowError] = []
    skipped: list[SkippedRow] = []
    sections: list[Section] = []
    records = list(iter_ledger(sheet, mapping, today=today, campaign_end=campaign_end, errors=errors,
                               skipped=skipped, sections=sections))
    return LedgerResult(records=records, errors=errors, skipped=skipped, header=mapping, sections=sections)


def iter_ledger(
    sheet: Sheet,
    mapping: HeaderMapping,
    *,
    today: dt.date | None = None,
    campaign_end: dt.date | None = None,
    errors: list[RowError],
    skipped: list[SkippedRow],
    sections: list[Section],
) -> Iterator[LedgerRecord]:
    """`parse_ledger` one record at a time: each is yielded once the rows below it can no longer add to it;
    errors, skipped rows and sections are appended to the lists given as they are met."""
    layout = _Layout(mapping)
    section: str | None = None
    section_category: str | None = None
    current: LedgerRecord | None = None
    current_style: str | None = None
    number_col = layout.index.get("number")
    text_cols = [layout.index[k] for k in PROBLEM_TEXT_FIELDS if k in layout.index]

    for row, values, extra in layout.data_rows(sheet, skipped):
        number = _number_text(values.get("number"))
        style = _number_style(number)

        heading = _section_text(row, values, extra, number)
        if heading is not None and not (style == "int" and any(k in values for k in PROBLEM_TEXT_FIELDS)
                                        and len(values) > 2):
            section = heading
            section_category = category_from_section(heading)
            sections.append(Section(row.number, heading, section_category))
            if current is not None:
                yield current
            current, current_style = None, None
            continue

        has_text = any(k in values for k in PROBLEM_TEXT_FIELDS)
        merged_above = current is not None and bool(sheet.merged) and any(
            sheet.is_merge_continuation(row.number, c) for c in ([number_col] if number_col is not None else [])
            + text_cols
        )
        is_sub = False
        if current is not None:
            if merged_above:
                is_sub = True
            elif style == "dotted":
                parent = _NUM_DOTTED.match(number or "")
                is_sub = bool(parent) and parent.group(1) == current.number
            elif style == "paren" and current_style in ("int", "cn"):
                is_sub = True
            elif number is None and not has_text:
                is_sub = True
            elif (number is not None and number == current.number and
                  all(values.get(k) == current.values.get(k) for k in PROBLEM_TEXT_FIELDS)):
                is_sub = True  # problem cells repeated by hand (or merged in a csv/ods export)

        if is_sub:
            _add_sub_item(current, row, values, sheet, layout, errors, today, campaign_end)
            continue

        if not has_text:
            header = layout.header_of("title") or layout.header_of("description")
            if current is None and number is None and "measures" in values:
                msg = "整改措施没有对应的问题（上方没有问题行），请补充问题描述"
            else:
                msg = "缺少问题描述，无法作为一条问题导入"
            errors.append(RowError(row.number, header, None, msg))
            continue

        if current is not None:
            yield current
        current = _new_record(row, number, values, extra, section, section_category, layout, errors,
                              today, campaign_end)
        current_style = style
    if current is not None:
        yield current


def _parse_deadline_cell(row: int, value: Any, layout: _Layout, errors: list[RowError],
                         today: dt.date | None, campaign_end: dt.date | None) -> Deadline | None:
    if value is None:
        return None
    try:
        return parse_deadline(value, today=today, campaign_end=campaign_end)
    except ParseError as exc:
        errors.append(RowError(row, layout.header_of("deadline"), value, exc.message))
    except Exception:  # noqa: BLE001 - a row error, never a crash
        errors.append(RowError(row, layout.header_of("deadline"), value, f"无法识别的日期「{show_value(value)}」"))
    return None


def _measures_of(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, str):
        value = str(value)
    return split_measures(value)


def _new_record(row: Row, number: str | None, values: dict[str, Any], extra: dict[str, Any],
                section: str | None, section_category: str | None, layout: _Layout,
                errors: list[RowError], today: dt.date | None, campaign_end: dt.date | None) -> LedgerRecord:
    category = values.get("category")
    if category is not None and not isinstance(category, str):
        category = str(category)
    return LedgerRecord(
        row=row.number,
        number=number,
        values=values,
        measures=_measures_of(values.get("measures")),
        deadline=_parse_deadline_cell(row.number, values.get("deadline"), layout, errors, today, campaign_end),
        category=category or section_category,
        section=section,
        extra=extra,
    )


def _add_sub_item(record: LedgerRecord, row: Row, values: dict[str, Any], sheet: Sheet, layout: _Layout,
                  errors: list[RowError], today: dt.date | None, campaign_end: dt.date | None) -> None:
    # cells merged down from the problem row repeat its text: they are not new measures
    own = {k: v for k, v in values.items()
           if k in layout.index and not sheet.is_merge_continuation(row.number, layout.index[k])}
    text = own.get("measures")
    if text is None and "number" in own:
        text = own.get("title") or own.get("description")
    measures = _measures_of(text)
    record.measures.extend(measures)
    if "deadline" in own:
        deadline = _parse_deadline_cell(row.number, own["deadline"], layout, errors, today, campaign_end)
        if record.deadline is None and deadline is not None and "deadline" not in record.values:
            record.deadline = deadline
    record.sub_items.append(SubItem(row=row.number, values=values, measures=measures))


# ----------------------------------------------------------------------------- simple sheets


def parse_records(
    sheet: Sheet,
    mapping: HeaderMapping | None = None,
    *,
    synonyms: dict[str, tuple[str, ...]] = PROBLEM_FIELDS,
    required: tuple[str, ...] = (),
    parsers: dict[str, Callable[[Any], Any]] | None = None,
) -> RecordsResult:
    """One record per data row (units, users, study activities, matters, institutions).

    `required` fields missing in a row give a RowError; `parsers` (field → function raising
    ParseError/ValueError) fill `Record.parsed` or give a RowError quoting the value.
    """
    if mapping is None:
        mapping = detect_header(sheet, synonyms)
    layout = _Layout(mapping)
    records: list[Record] = []
    errors: list[RowError] = []
    skipped: list[SkippedRow] = []
    parsers = parsers or {}
    for row, values, extra in layout.data_rows(sheet, skipped):
        bad = False
        for key in required:
            if key not in values:
                header = layout.header_of(key) or key
                errors.append(RowError(row.number, header, None, f"「{header}」不能为空"))
                bad = True
        record = Record(row=row.number, values=values, extra=extra)
        for key, parse in parsers.items():
            if key not in values:
                continue
            try:
                record.parsed[key] = parse(values[key])
            except ParseError as exc:
                errors.append(RowError(row.number, layout.header_of(key), values[key], exc.message))
                bad = True
            except Exception:  # noqa: BLE001 - a row error, never a crash
                errors.append(RowError(row.number, layout.header_of(key), values[key],
                                       f"无法识别的内容「{show_value(values[key])}」"))
                bad = True
        if not bad:
            records.append(record)
    return RecordsResult(records=records, errors=errors, skipped=skipped, header=mapping)
