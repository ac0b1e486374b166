"""Sentence hygiene for every narrative report (阶段性工作总结, 整改情况报告, 通报): sentences that an office can
send without rewriting them.

The rules, and the helper that keeps each:

- **No zero clause.** A figure that is 0 is left out, not printed as "第一议题学习0次". Write each clause with
  its figure fields (``"举办读书班{study.sessions.reading_class}"``) and pass it through `when(figures, clause)`,
  which gives the clause back only when every figure it names is non-zero (or the keys you name are);
  `sentence(...)` and `clauses(...)` join what is left with "，" and end it with "。", and give "" when nothing
  is left, so a paragraph whose figures are all zero disappears instead of reading "。". State "尚未开展" only
  where that is a fact worth reporting (a shortcoming), never as filler: `if not figures[key]: …`.
- **No doubled punctuation.** `tidy(text)` is the final pass over every paragraph: it folds "。。", "，。", "；，",
  "、。" and the like into the one mark that belongs there, drops punctuation after an opening bracket or before
  a closing one, removes empty brackets and blanks between Chinese characters, and turns ASCII ",;:()" next to
  Chinese into their full-width forms. Figure fields (``{key}``, ``{key:n}``) are left untouched.
  `tidy_draft(draft)` runs it over every heading and paragraph of a `Draft`.
- **人 and 人次.** A sum over sessions or visits is 人次 (the catalogue's unit: 参学, 读书班参学, 惠及群众); the
  people of one record (a class's participants, the people one matter reached) are 人 — write those with
  `people(n)`.
- **Numbers as offices write them.** `amount(value, unit)`: counts in full digits without separators
  ("1234个"); people (人, 人次) from ten thousand on in 万 with one decimal ("5.1万人次"); money from 10,000万元
  on in 亿元; percentages with one decimal ("75.0%", "93.5%"), except a full "100%".
  `taizhang.reports.figures.figure_text` prints every figure field this way.
- **Nothing internal.** No catalogue key, no English word, no "—" where a number belongs: `problems(text)` lists
  what a paragraph still does wrong (ASCII letters, doubled punctuation, zero clauses, unfilled fields, a "—"
  value), and the reports' tests hold every paragraph to it.

Small helpers for connecting text: `series(["甲", "乙", "丙"])` → "甲、乙和丙"; `ordinal(2)` → "二是";
`book(title)` → "《title》" and `quote(title)` → "“title”" (not doubled when the title already has them);
`first_sentence(text)` for summarising a submitted material in one sentence.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from taizhang.documents.layout import cn_num, cn_number

FIELD = re.compile(r"\{([a-z][a-z0-9_.]*)(?::([a-z]+))?\}")

PEOPLE_UNITS = ("人", "人次")
ZERO_UNITS = ("人次", "万元", "个", "项", "次", "期", "人", "天", "份", "条", "家", "户", "名", "件", "场")
PUNCT = "。，；、：！？"


# ------------------------------------------------------------------------------------------------ numbers

def percent(value) -> str:
    """A rate in per cent with one decimal: 75 → "75.0", 93.46 → "93.5", 100 → "100"."""
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if number == 100:
        return "100"
    return f"{number:f}"


def wan(value) -> str:
    """A number of ten thousand or more in 万 with one decimal: 51234 → "5.1万", 10000 → "1万"."""
    return cn_num(Decimal(str(value)) / 10000, 1) + "万"


def amount(value, unit: str, *, decimals: int = 0, plain: bool = False) -> str:
    """A figure as a sentence prints it, with its unit of measure unless ``plain``."""
    if unit == "%":
        text = percent(value)
        return text if plain else text + "%"
    number = Decimal(str(value))
    if unit in PEOPLE_UNITS and number >= 10000:
        text = wan(number)
    elif unit == "万元" and number >= 10000:
        text, unit = cn_num(number / 10000, 2) + "亿", "元"
    else:
        text = cn_num(number, decimals)
    return text if plain else text + unit


def people(n) -> str:
    """The people of one record (heads, not 人次): "45人", "1.2万人"."""
    return amount(n, "人")


def nonzero(value) -> bool:
    return value is not None and value != 0


# ----------------------------------------------------------------------------------------------- clauses

def when(figures: dict, text: str, *keys: str) -> str:
    """``text`` when every figure it depends on is non-zero, else "". The keys are those named (or, when none
    are named, every figure field of the text); a key missing from ``figures`` counts as zero."""
    keys = keys or tuple(m.group(1) for m in FIELD.finditer(text))
    return text if all(nonzero(figures.get(k)) for k in keys) else ""


def clauses(*parts: str, sep: str = "，") -> str:
    """The non-empty parts joined with ``sep``."""
    return sep.join(p for p in (p.strip() if p else "" for p in parts) if p)


def sentence(*parts: str, sep: str = "，", end: str = "。") -> str:
    """The non-empty parts as one sentence ending with ``end``; "" when every part is empty."""
    body = clauses(*parts, sep=sep).rstrip(PUNCT)
    return body + end if body else ""


def series(items, last: str = "和") -> str:
    """"甲", "甲和乙", "甲、乙和丙"."""
    items = [str(i) for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + last + items[-1]


def ordinal(i: int) -> str:
    """The lead of the i-th point: 一是, 二是 …"""
    return f"{cn_number(i)}是"


def book(title: str) -> str:
    title = (title or "").strip()
    return title if title.startswith("《") else f"《{title}》"


def quote(title: str) -> str:
    """“title”, its own double quotes turned into single ones (‘’) as nested quotes are written; a title
    already wrapped in one pair of quotes is not wrapped again."""
    title = (title or "").strip()
    if len(title) > 1 and title[0] == "“" and title[-1] == "”" and "“" not in title[1:-1] and "”" not in title[1:-1]:
        title = title[1:-1]
    return "“" + title.replace("“", "‘").replace("”", "’") + "”"


def first_sentence(text: str, limit: int = 80) -> str:
    """The first sentence of a body of text that is not a heading line (一、… / （一）…), without its final mark;
    "" when there is none shorter than ``limit`` characters."""
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])", line) and len(line) <= 40:
            continue
        first = re.split(r"(?<=[。！？])", line, maxsplit=1)[0].rstrip(PUNCT)
        return first if 0 < len(first) <= limit else ""
    return ""


# ------------------------------------------------------------------------------------------------ cleanup

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》（）]"
_FOLD = [
    (re.compile(r"([。！？])[。，；、：]+"), r"\1"),
    (re.compile(r"[，；、：]+([。！？])"), r"\1"),
    (re.compile(r"[，、]+；|；[，、]+"), "；"),
    (re.compile(r"、+，|，+、"), "，"),
    (re.compile(r"([，；、：])\1+"), r"\1"),
    (re.compile(r"：[，；、]+"), "："),
    (re.compile(r"([（《“])[。，；、：]+"), r"\1"),
    (re.compile(r"[，；、：]+([）》])"), r"\1"),
    (re.compile(r"（\s*）|《\s*》|“\s*”"), ""),
    # No 顿号 between quoted or titled items (GB/T 15834): “甲”“乙”和“丙”, 《甲》《乙》.
    (re.compile(r"([”》])、(?=[“《])"), r"\1"),
]
_ASCII = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def tidy(text: str) -> str:
    """The final cleanup pass over a paragraph (see the module docstring); figure fields are kept as written."""
    if not text:
        return ""
    fields: list[str] = []

    def hide(m: re.Match) -> str:
        fields.append(m.group(0))
        return f"\ue000{len(fields) - 1}\ue001"

    out = FIELD.sub(hide, text).strip()
    out = re.sub(rf"(?<={_CJK})\s+|\s+(?={_CJK})", "", out)
    out = re.sub(rf"(?<={_CJK})([,;:?!])|([,;:?!])(?={_CJK})",
                 lambda m: _ASCII[m.group(1) or m.group(2)], out)
    out = re.sub(r"\(([^()]*[\u4e00-\u9fff][^()]*)\)", r"（\1）", out)
    previous = None
    while previous != out:
        previous = out
        for pattern, repl in _FOLD:
            out = pattern.sub(repl, out)
    out = out.lstrip(PUNCT)
    return re.sub(r"\ue000(\d+)\ue001", lambda m: fields[int(m.group(1))], out)


def tidy_draft(draft):
    """Run `tidy` over every heading and paragraph (text and lead) of a draft, in place; the draft back."""
    from taizhang.reports.draft import Heading, Para

    for block in [*draft.blocks, *(b for a in draft.annexes for b in a.blocks)]:
        if isinstance(block, Para):
            block.text = tidy(block.text)
            block.lead = tidy(block.lead)
        elif isinstance(block, Heading):
            block.text = tidy(block.text).rstrip("。")
    return draft


_DOUBLED = re.compile(r"[。，；、：！？][。，；、：！？]")
_ZERO = re.compile(r"(?<![\d.万])0(?:\.0+)?(?:" + "|".join(ZERO_UNITS) + ")")
_DASH_VALUE = re.compile(r"(?<!—)—(?!—)")


def problems(text: str) -> list[str]:
    """What a printed paragraph still does wrong, in Chinese; [] when it is clean."""
    found = []
    if m := _DOUBLED.search(text):
        found.append(f"标点重复：「{m.group(0)}」")
    if m := re.search(r"[A-Za-z]+", text):
        found.append(f"含英文或内部标识：「{m.group(0)}」")
    if m := _ZERO.search(text):
        found.append(f"含零值表述：「{m.group(0)}」")
    if "{" in text or "}" in text:
        found.append("含未填充的数据字段")
    if _DASH_VALUE.search(text):
        found.append("含无值的数据（—）")
    return found
