"""Find the header row(s) of a sheet and map header texts to canonical field keys.

Officials' sheets start with a title row ("XX县主题教育检视问题整改台账"), note rows
("填报单位：… 填报时间：…"), then one or two header rows, sometimes a row of column numbers
(1 2 3 …), then data. `detect_header` returns a `HeaderMapping`: plain data (column index →
field key or None) the UI can show and let the user correct with `HeaderMapping.with_fields`.
Columns that match no field keep their header text and end up in a record's `extra`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from .reader import Row, Sheet

# Canonical field key → header texts (already in normalised form: half-width, no spaces).
PROBLEM_FIELDS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "问题编号", "序列号", "No.", "No"),
    "title": ("问题", "问题名称", "问题标题", "检视问题", "问题清单", "问题题目"),
    "description": ("问题描述", "存在问题", "问题表现", "主要问题", "具体问题", "问题具体表现", "具体表现",
                    "存在的问题", "问题内容", "问题详情"),
    "category": ("问题类别", "类别", "所属方面", "方面", "问题类型", "问题分类", "分类"),
    "source": ("问题来源", "来源", "发现渠道", "来源渠道"),
    "measures": ("整改措施", "具体措施", "整改举措", "措施", "主要措施", "工作措施", "整改措施及要求"),
    "responsible_leader": ("责任领导", "牵头领导", "分管领导", "责任领导同志", "包案领导"),
    "lead_unit": ("责任单位", "牵头单位", "责任部门", "责任处室", "牵头部门", "主责单位", "责任科室"),
    "co_units": ("配合单位", "协办单位", "配合部门", "协同单位", "协助单位"),
    "responsible_person": ("责任人", "具体责任人", "经办人", "直接责任人", "联系人"),
    "deadline": ("整改时限", "完成时限", "时限要求", "完成时间", "时限", "整改期限", "办结时限", "完成期限"),
    "progress": ("整改进展", "完成情况", "进展情况", "进展", "进度", "整改情况", "整改完成情况",
                 "推进情况", "整改落实情况"),
    "status": ("整改状态", "状态", "是否完成", "完成状态", "是否整改到位", "是否销号", "销号情况"),
    "target": ("整改目标", "预期目标", "目标", "目标要求", "整改要求"),
    "kind": ("整改类型", "整改方式", "整改类别"),
    "level": ("问题层级", "层级", "问题层面"),
    "remarks": ("备注", "说明", "备注说明"),
}

UNIT_FIELDS: dict[str, tuple[str, ...]] = {
    "number": ("序号",),
    "name": ("单位名称", "组织名称", "单位", "名称", "党组织名称"),
    "code": ("单位编码", "组织编码", "编码", "代码", "单位代码"),
    "parent": ("上级单位", "上级组织", "上级党组织", "隶属单位"),
    "kind": ("单位类型", "组织类型", "类型", "组织类别"),
    "remarks": ("备注",),
}

USER_FIELDS: dict[str, tuple[str, ...]] = {
    "number": ("序号",),
    "name": ("姓名", "名字"),
    "unit": ("单位", "所在单位", "所属单位", "单位名称", "所在党组织", "党组织"),
    "position": ("职务", "职位", "岗位"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "电话"),
    "role": ("角色", "系统角色"),
    "remarks": ("备注",),
}

_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|<[^<>]*>|【[^【】]*】|〔[^〔〕]*〕")
_STRIP_CHARS = "*※★☆●:：·.、 "


def normalise_header(value: Any) -> str:
    """Canonical form of a header text: half-width, no whitespace/line breaks, no '(必填)'."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(text.split())
    without = _PARENS.sub("", text)
    if without:
        text = without
    return text.strip(_STRIP_CHARS).casefold()


@dataclass(frozen=True, slots=True)
class Column:
    index: int  # 0-based column index in Sheet rows
    header: str  # header text as shown to the user ("整改情况/进展" for two-row headers)
    field: str | None  # canonical key, or None: the value goes to `extra` under `header`


@dataclass(frozen=True, slots=True)
class HeaderMapping:
    columns: tuple[Column, ...]
    header_rows: tuple[int, ...]  # Excel row numbers of the header rows
    data_start: int  # Excel row number of the first data row
    title: str | None = None
    notes: tuple[str, ...] = ()
    confident: bool = True  # False when no row looked like a header (mapping is a guess)
    raw_headers: tuple[str, ...] = ()  # header cell texts exactly as typed (stripped)

    @property
    def fields(self) -> dict[int, str | None]:
        """Column index → field key (None = extra column)."""
        return {c.index: c.field for c in self.columns}

    def index_of(self, key: str) -> int | None:
        for c in self.columns:
            if c.field == key:
                return c.index
        return None

    def with_fields(self, changes: dict[int, str | None]) -> HeaderMapping:
        """A copy with user corrections applied (a field given to a column is taken from others)."""
        taken = {f for f in changes.values() if f}
        columns = []
        for c in self.columns:
            if c.index in changes:
                columns.append(replace(c, field=changes[c.index]))
            elif c.field in taken:
                columns.append(replace(c, field=None))
            else:
                columns.append(c)
        return replace(self, columns=tuple(columns))

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form for the UI."""
        return {
            "columns": [{"index": c.index, "header": c.header, "field": c.field} for c in self.columns],
            "header_rows": list(self.header_rows),
            "data_start": self.data_start,
            "title": self.title,
            "notes": list(self.notes),
            "confident": self.confident,
        }


@lru_cache(maxsize=16)
def _index(synonyms_items: tuple[tuple[str, tuple[str, ...]], ...]):
    exact: dict[str, str] = {}
    partial: list[tuple[str, str]] = []
    for key, words in synonyms_items:
        for word in words:
            norm = normalise_header(word)
            exact.setdefault(norm, key)
            if len(norm) >= 3:
                partial.append((norm, key))
    # a header ending with a synonym beats one merely containing it; longer beats shorter
    partial.sort(key=lambda item: -len(item[0]))
    return exact, tuple(partial)


def _freeze(synonyms: dict[str, tuple[str, ...]]):
    return tuple((k, tuple(v)) for k, v in synonyms.items())


def match_field(text: Any, synonyms: dict[str, tuple[str, ...]] = PROBLEM_FIELDS) -> str | None:
    """Field key for one header text, or None."""
    norm = normalise_header(text)
    if not norm or len(norm) > 40:
        return None
    exact, partial = _index(_freeze(synonyms))
    if norm in exact:
        return exact[norm]
    best: tuple[int, int, str] | None = None
    for word, key in partial:
        if word in norm:
            score = (1 if norm.endswith(word) else 0, len(word), key)
            if best is None or score[:2] > best[:2]:
                best = score
    return best[2] if best else None


# ----------------------------------------------------------------------------- detection

_NOTE_WORDS = ("填报单位", "填报时间", "填报日期", "填表", "报送单位", "单位(盖章)", "单位:", "日期", "制表")


def _text(v: Any) -> str:
    if v is None:
        return ""
    return v.strip() if isinstance(v, str) else str(v)


def _distinct_texts(row: Row) -> list[str]:
    seen: list[str] = []
    for v in row.cells:
        t = _text(v)
        if t and t not in seen:
            seen.append(t)
    return seen


def _score(row: Row, synonyms) -> int:
    keys = set()
    for v in row.cells:
        if isinstance(v, str):
            key = match_field(v, synonyms)
            if key:
                keys.add(key)
    return len(keys)


def _is_number_row(row: Row) -> bool:
    """A row of column numbers 1 2 3 … printed under the header of official forms."""
    values = [v for v in row.cells if v is not None]
    if len(values) < 3:
        return False
    expected = 1
    for v in values:
        t = _text(v)
        if t != str(expected):
            return False
        expected += 1
    return True


def _looks_like_subheader(header: Row, sub: Row, sheet: Sheet, synonyms) -> bool:
    texts = []
    for v in sub.cells:
        if v is None:
            continue
        if not isinstance(v, str):
            return False
        t = normalise_header(v)
        if not t or len(t) > 20 or t[0].isdigit():
            return False
        texts.append(t)
    if not texts:
        return False
    new_cells = 0
    for c, v in enumerate(sub.cells):
        if v is None:
            continue
        above = header.get(c)
        if above is None:
            return True  # something under an empty header cell: a group header above it
        if v != above:
            new_cells += 1
            rng = sheet.merge_at(header.number, c)
            if rng and rng[1] != rng[3]:
                return True  # under a horizontally merged group header
    return new_cells > 0 and _score(sub, synonyms) >= 1 and all(match_field(t, synonyms) for t in texts)


def detect_header(
    sheet: Sheet, synonyms: dict[str, tuple[str, ...]] = PROBLEM_FIELDS, max_scan: int = 30
) -> HeaderMapping:
    """Find title/note rows, the (one- or two-row) header and the column → field mapping."""
    rows = sheet.rows
    scan = [i for i in range(min(len(rows), max_scan)) if not rows[i].is_blank()]
    best_i, best_score = None, 0
    for i in scan:
        if len(_distinct_texts(rows[i])) < 2:
            continue  # title rows and single notes
        s = _score(rows[i], synonyms)
        if s > best_score:
            best_i, best_score = i, s
    confident = best_score >= 2
    if best_i is None:
        # no header at all: the first row with several values is used, every column an "extra"
        multi = [i for i in scan if len(_distinct_texts(rows[i])) >= 2]
        best_i = multi[0] if multi else (scan[0] if scan else None)
        confident = False
    if best_i is None:
        return HeaderMapping(columns=(), header_rows=(), data_start=1, confident=False)

    header = rows[best_i]
    header_idx = [best_i]
    above = rows[best_i - 1] if best_i > 0 else None
    sub = rows[best_i + 1] if best_i + 1 < len(rows) else None
    if (above is not None and above.number == header.number - 1 and len(_distinct_texts(above)) >= 2
            and _looks_like_subheader(above, header, sheet, synonyms)):
        # the best-scoring row is the lower half of a two-row header
        header, sub = above, header
        best_i -= 1
        header_idx = [best_i, best_i + 1]
    elif sub is None or sub.number != header.number + 1 or not _looks_like_subheader(header, sub, sheet, synonyms):
        sub = None
    else:
        header_idx.append(best_i + 1)
    after = header_idx[-1] + 1
    if after < len(rows) and _is_number_row(rows[after]):
        header_idx.append(after)
        after += 1

    columns = _build_columns(header, sub, synonyms)
    title, notes = None, []
    for i in scan:
        if i >= best_i:
            break
        texts = _distinct_texts(rows[i])
        joined = " ".join(texts)
        if title is None and len(texts) == 1 and not any(w in joined for w in _NOTE_WORDS):
            title = joined
        else:
            notes.append(joined)
    data_start = rows[after].number if after < len(rows) else rows[header_idx[-1]].number + 1
    return HeaderMapping(
        columns=tuple(columns),
        header_rows=tuple(rows[i].number for i in header_idx),
        data_start=data_start,
        title=title,
        notes=tuple(notes),
        confident=confident,
        raw_headers=tuple(sorted({_text(v) for i in header_idx for v in rows[i].cells if isinstance(v, str)} - {""})),
    )


_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def _tidy(text: str) -> str:
    """Header text for display: line breaks and padding spaces between Chinese characters removed."""
    return " ".join(_CJK_GAP.sub("", text).split())


def _build_columns(header: Row, sub: Row | None, synonyms) -> list[Column]:
    width = max(len(header.cells), len(sub.cells) if sub else 0)
    parents = [_text(header.get(c)) for c in range(width)]
    children = [_text(sub.get(c)) for c in range(width)] if sub else [""] * width
    if sub:
        # unmerged group header (csv/ods): "整改情况" | "" over "完成时限" | "进展"
        for c in range(1, width):
            if not parents[c] and children[c] and parents[c - 1] and children[c - 1]:
                parents[c] = parents[c - 1]
    columns: list[Column] = []
    used: set[str] = set()
    for c in range(width):
        parent, child = parents[c], children[c]
        if not parent and not child:
            continue
        if child and normalise_header(child) != normalise_header(parent):
            display = f"{parent}/{child}" if parent else child
            key = match_field(child, synonyms) or match_field(parent + child, synonyms)
        else:
            display = parent or child
            key = match_field(display, synonyms)
        display = _tidy(display)
        if key in used:
            key = None
        if key:
            used.add(key)
        columns.append(Column(index=c, header=display, field=key))
    return columns
