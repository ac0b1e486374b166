"""Split one 整改措施 cell into separate measures.

Recognised numbering: "1." "1、" "1．" "1)" "1）", "（1）" "(1)", "①②③", "一、" "（一）",
"第一，" — whichever style starts first. A marker only counts when it carries the next
expected number (1, 2, 3 …), so "落实2、3季度工作" or "1.5万元" never split a measure. Text
before the first marker is kept as its own item (unless it is a short label ending in a colon
such as "整改措施："), so nothing typed is lost.
"""

from __future__ import annotations

import re

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN = "一二三四五六七八九十"

# each style: (regex with group "n" for the number, converter, needs a boundary before it,
# characters of which at least one must occur for the style to be tried at all)
_STYLES: list[tuple[re.Pattern[str], str, bool, str]] = [
    (re.compile(r"[(（]\s*(?P<n>\d{1,2})\s*[)）]"), "int", False, "(（"),
    (re.compile(r"(?P<n>[" + _CIRCLED + r"])"), "circled", False, _CIRCLED[:2]),
    (re.compile(r"[(（]\s*(?P<n>[" + _CN + r"]{1,3})\s*[)）]"), "cn", False, "(（"),
    (re.compile(r"(?P<n>\d{1,2})\s*(?:[.．、,，)）](?!\d)|\s)"), "int", True, "1"),
    (re.compile(r"(?P<n>[" + _CN + r"]{1,3})\s*[、.．]"), "cn", True, "一"),
    (re.compile(r"第(?P<n>[" + _CN + r"]{1,3})[，,、:：是]"), "cn", True, "第"),
]
_INT_AFTER_BOUNDARY = 3  # index of the "1." / "1、" style above
_BOUNDARY = set("\n\r；;。!！?？，, \t:：")
_TRIM = " \t\r\n；;，,、"
# the characters str.splitlines() breaks at
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _cn_value(text: str) -> int:
    digits = {c: i + 1 for i, c in enumerate(_CN[:9])}
    if "十" not in text:
        return digits.get(text, 0) if len(text) == 1 else 0
    tens, _, units = text.partition("十")
    return (digits.get(tens, 0) if tens else 1) * 10 + (digits.get(units, 0) if units else 0)


def _value(kind: str, text: str) -> int:
    if kind == "int":
        return int(text)
    if kind == "circled":
        return _CIRCLED.index(text) + 1
    return _cn_value(text)


def _markers(text: str, pattern: re.Pattern[str], kind: str, boundary: bool) -> list[tuple[int, int]]:
    """(start, end) of markers numbered 1, 2, 3 … in order."""
    found: list[tuple[int, int]] = []
    expected = 1
    for m in pattern.finditer(text):
        start = m.start()
        if boundary and start > 0 and text[start - 1] not in _BOUNDARY:
            continue
        n = m.group("n")
        if (int(n) if kind == "int" else _value(kind, n)) != expected:
            continue
        found.append((start, m.end()))
        expected += 1
    return found


def split_measures(text: object) -> list[str]:
    """Measures in one cell, numbering stripped; an unnumbered text is one measure."""
    if text is None:
        return []
    text = str(text).strip()
    if not text:
        return []
    best: list[tuple[int, int]] = []
    if text[0].isdigit():
        # "1. …" at the very start: only the "1." style can begin at position 0 (every other style begins with
        # a bracket, a circled or Chinese numeral or 第), and the earliest start wins, so it is the answer
        pattern, kind, boundary, _needs = _STYLES[_INT_AFTER_BOUNDARY]
        found = _markers(text, pattern, kind, boundary)
        if found and found[0][0] == 0:
            best = found
    if not best:
        for pattern, kind, boundary, needs in _STYLES:
            if not any(c in text for c in needs):
                continue  # cheap check: numbering starts at 1, so "1"/"一"/"①"/a bracket must occur
            found = _markers(text, pattern, kind, boundary)
            if len(found) >= 2 or (found and found[0][0] == 0):
                if not best or found[0][0] < best[0][0] or (found[0][0] == best[0][0] and len(found) > len(best)):
                    best = found
    if not best:
        return [_clean(text)]
    items = []
    head = _clean(text[: best[0][0]])
    if head and not (head.endswith((":", "：")) and len(head) <= 12):  # "整改措施：" is only a label
        items.append(head)
    for i, (_start, end) in enumerate(best):
        stop = best[i + 1][0] if i + 1 < len(best) else len(text)
        item = _clean(text[end:stop])
        if item:
            items.append(item)
    return items


def _clean(part: str) -> str:
    """Trim separators; a part spread over several lines becomes one line (each line trimmed)."""
    trimmed = part.strip(_TRIM)
    if "\n" not in part and "\r" not in part:
        return trimmed
    if not _LINE_BREAK.search(trimmed):
        return trimmed.strip()  # the line break was only at an edge
    return " ".join(line.strip() for line in trimmed.splitlines() if line.strip())
