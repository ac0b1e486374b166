"""整改时限 and 整改措施 cells as officials type them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from taizhang.imports.sheets import Deadline, ParseError, parse_deadline, split_measures

TODAY = dt.date(2023, 6, 1)
D = dt.date


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2023年12月31日", D(2023, 12, 31)),
        ("2023.12.31", D(2023, 12, 31)),
        ("2023/12/31", D(2023, 12, 31)),
        ("2023-12-31", D(2023, 12, 31)),
        ("２０２３年１２月３１日", D(2023, 12, 31)),  # full-width digits
        ("2023-12", D(2023, 12, 31)),
        ("2023年12月", D(2023, 12, 31)),
        ("2023年12月底", D(2023, 12, 31)),
        ("2024年2月底前", D(2024, 2, 29)),
        ("2023.10", D(2023, 10, 31)),
        ("2023年10月中旬", D(2023, 10, 20)),
        ("12月底", D(2023, 12, 31)),
        ("12月", D(2023, 12, 31)),
        ("十二月底", D(2023, 12, 31)),
        ("6月底前", D(2023, 6, 30)),
        ("2023年底", D(2023, 12, 31)),
        ("2023年年底", D(2023, 12, 31)),
        ("年底前", D(2023, 12, 31)),
        ("年内", D(2023, 12, 31)),
        ("上半年", D(2023, 6, 30)),
        ("2024年第一季度", D(2024, 3, 31)),
        ("2024年三季度末", D(2024, 9, 30)),
        ("2023年10月至12月", D(2023, 12, 31)),
        ("于2023年11月底前完成整改", D(2023, 11, 30)),
        ("二〇二三年十二月", D(2023, 12, 31)),
    ],
)
def test_dates_typed_as_text(typed, expected):
    assert parse_deadline(typed, today=TODAY) == Deadline("date", expected)


@pytest.mark.parametrize(
    "cell, expected",
    [
        (45291, D(2023, 12, 31)),  # Excel serial number
        (45291.0, D(2023, 12, 31)),
        (20231231, D(2023, 12, 31)),
        (2023.12, D(2023, 12, 31)),
        (dt.datetime(2023, 11, 30, 0, 0), D(2023, 11, 30)),
        (D(2023, 11, 30), D(2023, 11, 30)),
    ],
)
def test_real_date_and_number_cells(cell, expected):
    assert parse_deadline(cell) == Deadline("date", expected)


def test_year_comes_from_the_campaign_when_given():
    end = D(2024, 1, 31)
    assert parse_deadline("12月底", campaign_end=end).date == D(2023, 12, 31)
    assert parse_deadline("1月底", campaign_end=end).date == D(2024, 1, 31)


def test_immediate_and_long_term():
    assert parse_deadline("立行立改") == Deadline("immediate", None)
    assert parse_deadline("立行立改，2023年8月底前", today=TODAY) == Deadline("immediate", D(2023, 8, 31))
    for typed in ("长期坚持", "持续推进", "长期", "常态化开展"):
        assert parse_deadline(typed) == Deadline("long_term", None)


@pytest.mark.parametrize("typed", ["下个月看看", "年底看看", "尽快", "2023年13月", "2023.1x", True])
def test_anything_else_is_a_parse_error_quoting_the_value(typed):
    with pytest.raises(ParseError) as info:
        parse_deadline(typed, today=TODAY)
    assert f"「{typed}」" in info.value.message


def test_ambiguous_year_month_number_is_an_error_not_a_guess():
    with pytest.raises(ParseError, match="无法确定月份"):
        parse_deadline(2023.1)  # 2023.1 typed into a number cell: January or October?


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.dates(), st.none()))
def test_parse_deadline_returns_or_raises_parse_error_only(value):
    try:
        result = parse_deadline(value, today=TODAY)
    except ParseError:
        return
    assert result.kind in ("date", "immediate", "long_term")


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("1.建立学习制度；2.每月开展一次研讨", ["建立学习制度", "每月开展一次研讨"]),
        ("1、完善台账\n2、落实专人\n3、定期通报", ["完善台账", "落实专人", "定期通报"]),
        ("（1）梳理清单（2）逐项销号", ["梳理清单", "逐项销号"]),
        ("(1)梳理清单;(2)逐项销号", ["梳理清单", "逐项销号"]),
        ("①加强培训②完善考核③强化问责", ["加强培训", "完善考核", "强化问责"]),
        ("一、健全机制；二、压实责任", ["健全机制", "压实责任"]),
        ("第一，建章立制；第二，督促落实", ["建章立制", "督促落实"]),
        ("整改措施：1.投入1.5万元改造场地；2.落实2、3季度计划", ["投入1.5万元改造场地", "落实2、3季度计划"]),
        ("制定整改方案并抓好落实", ["制定整改方案并抓好落实"]),
        ("2023年完成3、4项", ["2023年完成3、4项"]),
        ("", []),
        (None, []),
    ],
)
def test_split_measures(cell, expected):
    assert split_measures(cell) == expected


@given(st.text(alphabet=st.sampled_from("1234一二（）()①②、.；\n 改进落实措施"), max_size=60))
def test_split_measures_never_raises_and_invents_nothing(text):
    items = split_measures(text)
    source = "".join(text.split())
    for item in items:
        for ch in item.replace(" ", ""):
            assert ch in source
