"""Demo statistics: the daily snapshots of the last six weeks, so the trend charts draw a line from the first day.

Each day's snapshot is what the daily job writes, computed for that day (the catalogue counts by the dates the
records carry); the larger data sets take one snapshot a week to keep generation short."""

from __future__ import annotations

from datetime import timedelta

DEMO_ORDER = 90
WEEKS = 6


def generate(ctx) -> None:
    from taizhang.stats.snapshots import snapshot_take

    step = 1 if ctx.size == "small" else 7
    days = [ctx.today - timedelta(days=n) for n in range(WEEKS * 7, -1, -step)]
    for day in days:
        if day >= ctx.campaign.start_date:
            snapshot_take(ctx.campaign, day)
    ctx.counts["snapshot_days"] = sum(1 for d in days if d >= ctx.campaign.start_date)
