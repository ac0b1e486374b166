"""Daily snapshots of the catalogue per unit: written once a day (huey periodic task, or
`taizhang stats snapshot`), read for "as of a past date" and for trend lines.

A snapshot records the ledger as it stands when it is taken; overdue, due soon and the lights are
evaluated on the snapshot's date. Taking it costs one GROUP BY per model over the campaign (grouped by
the owning unit's path); the per-unit sums are then added up the tree for every unit down to
`max_depth` — aggregated rows, never records, are handled in Python.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.core.exceptions import ValidationFailed
from taizhang.orgs.scope import subtree_q
from taizhang.stats.catalogue import ADDITIVE_KEYS, CATALOGUE
from taizhang.stats.models import MetricSnapshot, SnapshotDay
from taizhang.stats.rollup import _aggregates, _base, _expand, ctx_for, derive, stats_for


def snapshot_levels() -> int:
    """How many levels below the campaign's root unit get snapshot rows (the root is level 0)."""
    return int(getattr(settings, "TAIZHANG_STATS_SNAPSHOT_LEVELS", 3))


def _own_values(campaign, on: date) -> dict[str, dict[str, object]]:
    """{unit path: {key: value}} of the records each unit owns itself."""
    root = campaign.root_unit
    ctx = ctx_for(campaign, on)
    _, needed = _expand(ADDITIVE_KEYS)
    own: dict[str, dict] = defaultdict(dict)
    for source, keys in needed.items():
        from taizhang.stats.catalogue import SOURCES

        path_field = f"{SOURCES[source].unit_field}__path"
        rows = _base(source, root, campaign, None).annotate(p=F(path_field)).values("p").annotate(**_aggregates(keys, ctx))
        for row in rows:
            own[row["p"]].update({k: row[f"m{i}"] for i, k in enumerate(keys) if row[f"m{i}"]})
    return own


def snapshot_take(campaign, day: date | None = None, levels: int | None = None, own: dict | None = None) -> dict:
    """Write the snapshot of `campaign` for `day` (today by default), replacing one taken earlier that day.
    `own` gives the units' own values ({unit path: {key: value}}) where they were computed before — the demo
    data's reconstruction of a past day — instead of counting the records as they stand now."""
    from taizhang.orgs.models import Unit

    day = day or timezone.localdate()
    root = campaign.root_unit
    max_depth = root.depth + (snapshot_levels() if levels is None else levels)
    units = dict(Unit.objects.filter(subtree_q(root.path), depth__lte=max_depth).values_list("path", "pk"))
    step = root.steplen
    totals: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for path, values in (_own_values(campaign, day) if own is None else own).items():
        for depth in range(root.depth, min(len(path) // step, max_depth) + 1):
            bucket = totals[path[: depth * step]]
            for key, value in values.items():
                bucket[key] += value
    rows = [MetricSnapshot(unit_id=units[path], campaign_id=campaign.pk, date=day, key=key, value=value)
            for path, values in totals.items() if path in units for key, value in values.items() if value]
    with transaction.atomic():
        MetricSnapshot.objects.filter(campaign=campaign, date=day).delete()
        MetricSnapshot.objects.bulk_create(rows, batch_size=2000)
        taken, _ = SnapshotDay.objects.update_or_create(
            campaign=campaign, date=day, defaults={"max_depth": max_depth, "units": len(units), "rows": len(rows)})
        result = {"campaign": campaign.slug, "date": day, "units": len(units), "rows": len(rows),
                  "max_depth": max_depth}
        audit_record(actor=None, action="stats.snapshot", obj=taken, unit=root,
                     object_repr=f"{campaign.name} {day:%Y-%m-%d} 统计快照", changes=result)
    return result


def snapshot_all(day: date | None = None) -> list[dict]:
    """Snapshots of every active campaign (the daily job)."""
    from taizhang.campaigns.models import Campaign

    return [snapshot_take(c, day) for c in Campaign.objects.filter(active=True).select_related("root_unit")]


def _covered(unit, campaign, days):
    return [d for d in days if unit.depth <= d.max_depth and unit.path.startswith(campaign.root_unit.path)]


def snapshot_read(unit, campaign, day: date, keys=None) -> dict:
    """The catalogue for `unit` as of `day`, from that day's snapshot."""
    wanted, needed = _expand(keys)
    snap = SnapshotDay.objects.filter(campaign=campaign, date=day).first()
    if snap is None:
        raise ValidationFailed(f"{day:%Y-%m-%d} 没有统计快照（快照每日生成一次）", field="as_of")
    if not _covered(unit, campaign, [snap]):
        raise ValidationFailed(f"{day:%Y-%m-%d} 的统计快照不含「{unit.name}」这一层级", field="as_of")
    parts = [k for ks in needed.values() for k in ks]
    values = dict(MetricSnapshot.objects.filter(campaign=campaign, unit=unit, date=day, key__in=parts)
                  .values_list("key", "value"))
    return derive(values, wanted)


def trend(unit, campaign, keys: list[str], limit: int = 90) -> dict:
    """{"dates": [...], "series": {key: [...]}} from the last `limit` snapshots covering `unit`, plus today live."""
    today = timezone.localdate()
    wanted, needed = _expand(keys)
    parts = [k for ks in needed.values() for k in ks]
    days = list(SnapshotDay.objects.filter(campaign=campaign, date__lt=today).order_by("-date")[:limit])
    days = sorted(_covered(unit, campaign, days), key=lambda d: d.date)
    stored: dict[date, dict] = defaultdict(dict)
    for d, key, value in MetricSnapshot.objects.filter(campaign=campaign, unit=unit, key__in=parts,
                                                       date__in=[d.date for d in days]).values_list("date", "key", "value"):
        stored[d][key] = value
    points = [(d.date, derive(stored[d.date], wanted)) for d in days]
    points.append((today, stats_for(unit, campaign, keys=wanted)))
    return {"dates": [d.isoformat() for d, _ in points],
            "series": {k: [values[k] for _, values in points] for k in wanted},
            "labels": {k: CATALOGUE[k].label for k in wanted}}
