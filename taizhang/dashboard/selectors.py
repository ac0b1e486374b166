"""Reads for the home page: the figures a leader or an office is judged by, each with its trend and its link."""

from __future__ import annotations

from taizhang.stats import rollup, snapshots
from taizhang.stats.catalogue import CATALOGUE
from taizhang.stats.links import records_url

# 红灯, 逾期, 待审核销号 and the 整改率 (set against the parent unit's).
JUDGED_KEYS = ["problems.red", "problems.overdue", "problems.review", "problems.close_rate"]
RATE_KEY = "problems.close_rate"
TREND_DAYS = 30
WEEK = 7


def _sparkline(series: list, width: int = 96, height: int = 24) -> str:
    """SVG polyline points of a series (None skipped), scaled to the box; empty with fewer than two points."""
    values = [v for v in series if v is not None]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = width / (len(values) - 1)
    return " ".join(f"{i * step:.1f},{height - (v - low) / span * height:.1f}" for i, v in enumerate(values))


def _delta(series: list):
    """Today's value less the value a week before (or the oldest snapshot), None when unknown."""
    if len(series) < 2 or series[-1] is None:
        return None
    earlier = series[max(0, len(series) - 1 - WEEK)]
    if earlier is None:
        return None
    delta = series[-1] - earlier
    return round(delta, 1) if isinstance(delta, float) else delta


def judged_figures(unit, campaign) -> list[dict]:
    """The home page's figures for `unit` in `campaign`: value, the change over the last week, a sparkline of the
    daily snapshots, the link to the records, and for the rate the parent unit's rate beside it."""
    values = rollup.stats_for(unit, campaign, keys=JUDGED_KEYS)
    trend = snapshots.trend(unit, campaign, JUDGED_KEYS, limit=TREND_DAYS)
    parent = type(unit).objects.get_parent(unit) if unit.depth > 1 else None
    parent_rate = rollup.stats_for(parent, campaign, keys=[RATE_KEY])[RATE_KEY] if parent is not None else None
    out = []
    for key in JUDGED_KEYS:
        series = trend["series"].get(key, [])
        m = CATALOGUE[key]
        item = {"key": key, "label": m.label, "unit": m.unit, "value": values[key], "delta": _delta(series),
                "spark": _sparkline(series), "url": records_url(key, unit, campaign),
                # More red lights, overdue or waiting reviews is worse; a higher rate is better.
                "worse": None}
        if item["delta"]:
            item["worse"] = (item["delta"] < 0) if key == RATE_KEY else (item["delta"] > 0)
        if key == RATE_KEY and parent is not None:
            item.update(parent_name=parent.name, parent_value=parent_rate)
        out.append(item)
    return out
