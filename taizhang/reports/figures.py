"""The figures a report prints, every one read from the metric catalogue (taizhang.stats).

A report never counts records itself: `Figures` asks `stats_for` once for the keys the report needs and
remembers which keys were printed, so the CLI's ``--json`` and the tests can hold the document to the
catalogue.
"""

from __future__ import annotations

from datetime import date

from taizhang.documents.layout import EMPTY_VALUE, cn_num
from taizhang.stats.catalogue import CATALOGUE, PERCENT
from taizhang.stats.rollup import stats_for


def fmt(key: str, value) -> str:
    """A catalogue value as printed: counts as digits, rates with a per-cent sign, unknown as —."""
    if value is None:
        return EMPTY_VALUE
    m = CATALOGUE[key]
    text = cn_num(value, m.decimals)
    return text + "%" if m.unit == PERCENT else text


def with_unit(key: str, value) -> str:
    """"12个", "93.5%", "1,200人次" — the value followed by the catalogue's unit of measure."""
    m = CATALOGUE[key]
    text = fmt(key, value)
    if m.unit == PERCENT or value is None:
        return text
    return text + m.unit


def figure_text(key: str, value, *, plain: bool = False) -> str:
    """A figure as a sentence prints it (`taizhang.reports.prose.amount`): with its unit of measure ("12个",
    "93.5%", "5.1万人次", "1.25亿元"), or the number alone ("12", "93.5", "5.1万"). Rates keep one decimal
    ("75.0%", but "100%"); counts of people and money of ten thousand and more are written in 万/亿 as offices
    write them; other counts are printed in full digits."""
    from taizhang.reports.prose import amount

    if value is None:
        return EMPTY_VALUE
    m = CATALOGUE[key]
    return amount(value, m.unit, decimals=m.decimals, plain=plain)


class Figures:
    """The catalogue figures of one unit's subtree in one campaign as of a day (today when None)."""

    def __init__(self, unit, campaign, as_of: date | None = None, keys=None):
        self.unit = unit
        self.campaign = campaign
        self.as_of = as_of
        self.values: dict = stats_for(unit, campaign, as_of=as_of, keys=list(keys) if keys else None)
        self.used: dict = {}

    def __getitem__(self, key: str):
        value = self.values[key]
        self.used[key] = value
        return value

    def text(self, key: str) -> str:
        return fmt(key, self[key])

    def unit_text(self, key: str) -> str:
        """The value with its unit of measure ("12个")."""
        return with_unit(key, self[key])

    def label(self, key: str) -> str:
        return CATALOGUE[key].label


def catalogue_rows(values: dict) -> list[dict]:
    """Rows for the key list page and the preview: key, label, unit, group, value and printed text."""
    from taizhang.stats.catalogue import GROUP_LABELS

    rows = []
    for key, value in values.items():
        m = CATALOGUE[key]
        rows.append({"key": key, "label": m.label, "unit": m.unit, "group": GROUP_LABELS.get(m.group, m.group),
                     "value": value, "text": fmt(key, value), "description": m.description})
    return rows
