"""Chinese number, date and figure formatting as used in official reports."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

# Shown in a table cell or a sentence when a figure is unknown.
EMPTY_VALUE = "—"

_DIGITS = "零一二三四五六七八九"
_UNITS = ("", "十", "百", "千")


def cn_number(n: int) -> str:
    """Write ``n`` (0–99 999 999) in Chinese numerals the way heading numbers and counts read:
    1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 101 → 一百零一, 110 → 一百一十, 10000 → 一万."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"cn_number() needs an int, got {n!r}")
    if n < 0 or n >= 10**8:
        raise ValueError(f"cn_number() supports 0–99999999, got {n}")
    if n == 0:
        return _DIGITS[0]
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        text = _drop_leading_one_ten(_below_10000(high), high) + "万"
        if low:
            text += ("零" if low < 1000 else "") + _below_10000(low)
        return text
    return _drop_leading_one_ten(_below_10000(n), n)


def _below_10000(n: int) -> str:
    parts: list[str] = []
    zero_pending = False
    for power in range(3, -1, -1):
        digit = n // 10**power % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append(_DIGITS[0])
            zero_pending = False
        parts.append(_DIGITS[digit] + _UNITS[power])
    return "".join(parts)


def _drop_leading_one_ten(text: str, n: int) -> str:
    # 10–19 read 十, 十一 … 十九, not 一十一; inside larger numbers the 一 stays (一百一十).
    if 10 <= n < 20:
        return text[1:]
    return text


def heading_prefix(level: int, n: int) -> str:
    """The GB/T 9704 structure number for the ``n``-th heading of ``level`` 1–4:
    一、 / （一） / 1. / （1）."""
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level must be 1–4, got {level}")


def cn_date(value: datetime.date | datetime.datetime) -> str:
    """2024-01-05 → ``2024年1月5日`` (full year, no zero padding, as GB/T 9704 writes 成文日期)."""
    return f"{value.year}年{value.month}月{value.day}日"


def _decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def cn_num(value: int | float | Decimal | None, digits: int = 2, *, thousands: bool = False) -> str:
    """Format a figure for a report: at most ``digits`` decimals, rounded half up, trailing zeros
    dropped (12.50 → 12.5, 3.0 → 3); ``None`` → ``—``.  ``thousands`` adds 1,234 separators."""
    if value is None:
        return EMPTY_VALUE
    if isinstance(value, bool):
        raise TypeError("cn_num() got a bool")
    quantum = Decimal(1).scaleb(-digits)
    number = _decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{number:,f}" if thousands else f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cn_percent(ratio: int | float | Decimal | None, digits: int = 1) -> str:
    """A ratio as a percentage: 0.935 → ``93.5%``, 1 → ``100%``, ``None`` → ``—``."""
    if ratio is None:
        return EMPTY_VALUE
    return cn_num(_decimal(ratio) * 100, digits) + "%"


def cn_rate(part: int | float | Decimal | None, whole: int | float | Decimal | None, digits: int = 1) -> str:
    """``part / whole`` as a percentage (整改率 = 已销号 / 问题数); ``—`` when either is unknown or
    ``whole`` is zero."""
    if part is None or whole is None or whole == 0:
        return EMPTY_VALUE
    return cn_percent(_decimal(part) / _decimal(whole), digits)


class Bold(str):
    """A text segment to be set in bold inside an otherwise plain paragraph."""

    __slots__ = ()


Segment = str | Bold
_MARKUP = re.compile(r"\*\*(.+?)\*\*", re.S)


def bold_markup(text: str) -> list[Segment]:
    """Split ``"**一是**加强学习"`` into ``[Bold("一是"), "加强学习"]``.

    Only templates written by developers should go through this; text typed by users is passed to
    ``paragraph()`` as a plain string, where ``**`` means nothing."""
    segments: list[Segment] = []
    pos = 0
    for match in _MARKUP.finditer(text):
        if match.start() > pos:
            segments.append(text[pos : match.start()])
        segments.append(Bold(match.group(1)))
        pos = match.end()
    if pos < len(text):
        segments.append(text[pos:])
    return segments


def to_segments(content: str | Iterable[Segment]) -> Sequence[Segment]:
    """Normalise paragraph content: a plain string is one segment."""
    if isinstance(content, str):
        return [content]
    return list(content)


def text_width(text: str) -> float:
    """Width of ``text`` in 三号 character cells: CJK and full-width forms are 1, the rest ½."""
    return sum(1 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)
