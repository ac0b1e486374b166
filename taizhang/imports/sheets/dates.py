"""Parse the free-form deadlines (整改时限) officials type into a `Deadline`."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from .errors import ParseError, show_value

DeadlineKind = Literal["date", "immediate", "long_term"]

EXCEL_EPOCH = dt.date(1899, 12, 30)
# serial numbers accepted as dates: 1982-10-14 … 2109-10-26
SERIAL_MIN, SERIAL_MAX = 30000, 76000

IMMEDIATE_WORDS = ("立行立改", "立即整改", "即知即改", "立查立改", "即查即改", "马上就改", "立改")
LONG_TERM_WORDS = ("长期坚持", "持续推进", "常态化", "长期", "持续整改", "久久为功", "持续开展", "持续深化")


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: DeadlineKind
    date: dt.date | None = None

    def __str__(self) -> str:
        label = {"date": "", "immediate": "立行立改", "long_term": "长期坚持"}[self.kind]
        if self.date:
            return f"{label} {self.date.isoformat()}".strip()
        return label


_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_NUM = re.compile(r"[一二三四五六七八九十]{1,3}(?=[月日号季])|[〇零一二三四五六七八九]{4}(?=年)")


def _cn_to_int(text: str) -> int:
    if "十" not in text:
        return int(text.translate(_CN_DIGITS))
    tens, _, units = text.partition("十")
    return (int(tens.translate(_CN_DIGITS)) if tens else 1) * 10 + (
        int(units.translate(_CN_DIGITS)) if units else 0
    )


def _replace_cn_numbers(text: str) -> str:
    return _CN_NUM.sub(lambda m: str(_cn_to_int(m.group(0))), text)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_Y = r"(?P<y>\d{4}|\d{2}(?=年))"
_SEP = r"\s*[年./\-]\s*"
_FULL = re.compile(_Y + _SEP + r"(?P<m>\d{1,2})" + r"\s*[月./\-]\s*(?P<d>\d{1,2})\s*[日号]?")
_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")
_YM = re.compile(_Y + _SEP + r"(?P<m>\d{1,2})\s*(?:月份|月)?\s*(?P<part>底|末|份|上旬|中旬|下旬|初)?(?![\d])")
_QUARTER = re.compile(r"(?:" + _Y + r"\s*年?\s*(?:度)?)?第?(?P<q>[1-4])季度")
_HALF = re.compile(r"(?:" + _Y + r"\s*年?\s*(?:度)?)?(?P<h>上|下)半年")
_YEAR_END = re.compile(r"(?:" + _Y + r"\s*年?|(?P<rel>今年|本年度|本年|年度|当年|明年|年))\s*(?:年底|年末|底|末|内|年内|全年|12月底)")
_MD = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*[日号]|(?P<part>底|末|份|上旬|中旬|下旬|初))?")
_YEAR_ONLY = re.compile(r"^" + _Y + r"\s*年?度?$")
_RANGE_SPLIT = re.compile(r"至|到|—|~|～|–|－－|--")

_PART_DAY = {"上旬": 10, "中旬": 20, "初": 10}


def _year_for(month: int, day: int | None, today: dt.date | None, campaign_end: dt.date | None) -> int:
    """Year for a date typed without one: latest such date not after the campaign end, else this year."""
    if campaign_end is not None:
        year = campaign_end.year
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate > campaign_end:
            year -= 1
        return year
    return (today or dt.date.today()).year


def _safe_date(year: int, month: int, day: int | None) -> dt.date | None:
    try:
        if day is None:
            return _month_end(year, month)
        return dt.date(year, month, day)
    except ValueError:
        return None


def _fix_year(y: str) -> int:
    year = int(y)
    return year + 2000 if year < 100 else year


def _from_serial(value: float) -> dt.date | None:
    if SERIAL_MIN <= value <= SERIAL_MAX:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    return None


def _fail(value: Any, why: str = "") -> ParseError:
    msg = f"无法识别的日期「{show_value(value)}」"
    if why:
        msg += f"，{why}"
    return ParseError(msg, value)


def parse_deadline(value: Any, today: dt.date | None = None, campaign_end: dt.date | None = None) -> Deadline:
    """Turn one 整改时限 cell into a Deadline; raise ParseError (Chinese message) if unrecognised."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ParseError("整改时限为空", value)
    if isinstance(value, dt.date):
        return _date_deadline(value.date() if isinstance(value, dt.datetime) else value)
    if isinstance(value, bool):
        raise _fail(value)
    if isinstance(value, int | float):
        return _parse_number(value)
    if not isinstance(value, str):
        raise _fail(value)
    return _parse_text_cached(value, today, campaign_end)


@lru_cache(maxsize=4096)
def _date_deadline(date: dt.date) -> Deadline:
    # date cells repeat too (a few deadlines per ledger); one frozen Deadline per day
    return Deadline("date", date)


@lru_cache(maxsize=4096)
def _parse_text_cached(text: str, today: dt.date | None, campaign_end: dt.date | None) -> Deadline:
    # ledgers repeat the same few deadlines ("2023年12月底") thousands of times; Deadline is frozen
    return _parse_text(text, text, today, campaign_end)


def _parse_number(value: float) -> Deadline:
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail(value)
    if isinstance(value, float) and not value.is_integer():
        whole = int(value)
        if 1990 <= whole <= 2100:
            # 2023.12 typed into a number cell; 2023.1 is ambiguous (January or October?)
            text = repr(value)
            decimals = text.split(".", 1)[1]
            if len(decimals) == 2 and 1 <= int(decimals) <= 12:
                return Deadline("date", _month_end(whole, int(decimals)))
            raise _fail(value, "可能是年月但无法确定月份，请填写为“2023年10月”这样的文字")
        date = _from_serial(value)
        if date:
            return Deadline("date", date)
        raise _fail(value)
    number = int(value)
    if 19000101 <= number <= 21001231:
        match = _COMPACT.fullmatch(str(number))
        if match:
            date = _safe_date(int(match["y"]), int(match["m"]), int(match["d"]))
            if date:
                return Deadline("date", date)
    if 1990 <= number <= 2100:
        return Deadline("date", dt.date(number, 12, 31))
    date = _from_serial(number)
    if date:
        return Deadline("date", date)
    raise _fail(value)


def _parse_text(raw: Any, text: str, today: dt.date | None, campaign_end: dt.date | None) -> Deadline:
    norm = unicodedata.normalize("NFKC", text)
    norm = "".join(norm.split())
    if not norm:
        raise ParseError("整改时限为空", raw)
    kind: DeadlineKind = "date"
    if any(w in norm for w in IMMEDIATE_WORDS):
        kind = "immediate"
    elif any(w in norm for w in LONG_TERM_WORDS):
        return Deadline("long_term", None)
    if norm.replace(".", "", 1).isdigit():
        # a number typed as text: "45291", "20231231", or "2023.1" (as text the month is certain)
        y, dot, m = norm.partition(".")
        if dot and y and m and 1990 <= int(y) <= 2100 and 1 <= int(m) <= 12:
            return Deadline(kind, _month_end(int(y), int(m)))
        try:
            return Deadline(kind, _parse_number(float(norm) if dot else int(norm)).date)
        except (ParseError, ValueError):
            raise _fail(raw)
    date = _find_date(norm, today, campaign_end, strict=kind == "date")
    if date is None:
        if kind == "immediate":
            return Deadline("immediate", None)
        raise _fail(raw)
    return Deadline(kind, date)


# words allowed around a date: "于2023年12月底前完成整改" is a date, "年底看看" is not
_FILLER = re.compile(
    r"^(?:[前以之内止为底末,，;；。、()（）\[\]【】:：]|于|在|截至|截止|力争|确保|计划|预计|完成|整改|全部|基本|到位|"
    r"销号|并|见效|落实|时限|时间|日期|期限|左右|以内|阶段性)*$"
)


def _find_date(
    norm: str, today: dt.date | None, campaign_end: dt.date | None, strict: bool = True
) -> dt.date | None:
    norm = _replace_cn_numbers(norm)
    date, span = _find_date_span(norm, today, campaign_end)
    if date is None:
        return None
    if strict and not _FILLER.match(norm[: span[0]] + norm[span[1] :]):
        return None
    return date


def _find_date_span(
    norm: str, today: dt.date | None, campaign_end: dt.date | None
) -> tuple[dt.date | None, tuple[int, int]]:
    # "2023年10月至12月": the deadline is the end of the range
    parts = [p for p in _RANGE_SPLIT.split(norm) if p]
    if len(parts) > 1:
        end = _find_date(parts[-1], today, campaign_end, strict=False)
        if end is not None:
            if not re.search(r"\d{4}", parts[-1]):
                start_year = re.search(r"(\d{4})年", parts[0])
                if start_year:
                    end = _safe_date(int(start_year.group(1)), end.month, end.day) or end
            return end, (0, len(norm))
    m = _FULL.search(norm)
    if m:
        return _safe_date(_fix_year(m["y"]), int(m["m"]), int(m["d"])), m.span()
    m = _COMPACT.search(norm)
    if m:
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"])), m.span()
    m = _QUARTER.search(norm)
    if m:
        q = int(m["q"])
        year = _fix_year(m["y"]) if m["y"] else _year_for(q * 3, None, today, campaign_end)
        return _month_end(year, q * 3), m.span()
    m = _HALF.search(norm)
    if m:
        month = 6 if m["h"] == "上" else 12
        year = _fix_year(m["y"]) if m["y"] else _year_for(month, None, today, campaign_end)
        return _month_end(year, month), m.span()
    m = _YM.search(norm)
    if m and 1 <= int(m["m"]) <= 12:
        year, month = _fix_year(m["y"]), int(m["m"])
        day = _PART_DAY.get(m["part"] or "")
        return _safe_date(year, month, day), m.span()
    m = _YEAR_END.search(norm)
    if m:
        if m["y"]:
            year = _fix_year(m["y"])
        else:
            year = _year_for(12, 31, today, campaign_end)
            if m["rel"] == "明年":
                year += 1
        return dt.date(year, 12, 31), m.span()
    m = _MD.search(norm)
    if m and 1 <= int(m["m"]) <= 12:
        month = int(m["m"])
        day = int(m["d"]) if m["d"] else _PART_DAY.get(m["part"] or "")
        return _safe_date(_year_for(month, day, today, campaign_end), month, day), m.span()
    m = _YEAR_ONLY.match(norm)
    if m:
        return dt.date(_fix_year(m["y"]), 12, 31), m.span()
    return None, (0, 0)
