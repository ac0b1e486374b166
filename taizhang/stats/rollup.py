"""Roll-ups of the catalogue over the unit tree, computed in the database.

Figures over problems are read from the maintained cells (stats.cells) when the unit has them — the campaign's
root and the levels below it — with the same conditions; the rest, and every figure for deeper units, are counted
from the records: `stats_for` runs one aggregate SELECT per model that holds a requested key (every problems.* figure in
one statement with conditional aggregates); `by_children` and `ranking` run one GROUP BY per model on the
child's path prefix. No record row is ever loaded into Python.

These are services over a unit the caller has already checked (see `selectors.stats_unit`): the subtree
of a unit is in scope as a whole or not at all.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import F
from django.db.models.functions import Substr
from django.utils import timezone

from taizhang.core.exceptions import ValidationFailed
from taizhang.orgs.scope import subtree_q
from taizhang.stats import cells
from taizhang.stats.catalogue import CATALOGUE, KEYS, SOURCES, Ctx, metric


def ctx_for(campaign, on: date | None = None) -> Ctx:
    return Ctx(on=on or timezone.localdate(), due_soon_days=campaign.due_soon_days)


def _expand(keys) -> tuple[list[str], dict[str, list[str]]]:
    """Requested keys → (keys to return, additive keys to compute grouped by source)."""
    wanted = list(keys) if keys else list(KEYS)
    needed: dict[str, list[str]] = {}
    for key in wanted:
        m = metric(key)
        parts = m.ratio if m.ratio else (key,)
        for part in parts:
            src = CATALOGUE[part].source
            if part not in needed.setdefault(src, []):
                needed[src].append(part)
    return wanted, needed


def _without(needed: dict[str, list[str]], kept: list[str]) -> dict[str, list[str]]:
    """`needed` less the keys read from the maintained cells."""
    rest = {source: [k for k in keys if k not in kept] for source, keys in needed.items()}
    return {source: keys for source, keys in rest.items() if keys}


def _base(source, unit, campaign, unit_kind: str | None):
    src = SOURCES[source]
    qs = src.model()._base_manager.filter(**{f"{src.campaign_field}_id": campaign.pk})
    qs = qs.filter(subtree_q(unit.path, src.unit_field))
    if unit_kind:
        qs = qs.filter(**{f"{src.unit_field}__kind": unit_kind})
    return qs.order_by()


def _aggregates(keys: list[str], ctx: Ctx) -> dict:
    return {f"m{i}": CATALOGUE[k].aggregate(ctx) for i, k in enumerate(keys)}


def _clean(key: str, value):
    m = CATALOGUE[key]
    if value is None:
        value = 0
    if m.decimals:
        return round(float(value), m.decimals)
    return int(value) if isinstance(value, (int, Decimal, float)) else value


def derive(values: dict, wanted: list[str]) -> dict:
    """Fill rates from their parts (None when the denominator is 0) and return the wanted keys in order."""
    out = {}
    for key in wanted:
        m = CATALOGUE[key]
        if m.ratio:
            num, den = (float(values.get(k) or 0) for k in m.ratio)
            out[key] = round(100.0 * num / den, m.decimals) if den else None
        else:
            out[key] = _clean(key, values.get(key))
    return out


def stats_for(unit, campaign, as_of: date | None = None, keys=None, unit_kind: str | None = None) -> dict:
    """{key: value} over the records owned by units in the subtree of `unit`, in `campaign`, as of `as_of`
    (today when None; a past day reads the daily snapshots). `unit_kind` keeps only units of that kind."""
    today = timezone.localdate()
    if as_of is not None and as_of > today:
        raise ValidationFailed(f"统计日期 {as_of:%Y-%m-%d} 晚于今天", field="as_of")
    if as_of is not None and as_of < today:
        if unit_kind:
            raise ValidationFailed("历史日期的统计不支持按单位类型筛选", field="unit_kind")
        from taizhang.stats.snapshots import snapshot_read

        return snapshot_read(unit, campaign, as_of, keys)
    wanted, needed = _expand(keys)
    ctx = ctx_for(campaign, today)
    values: dict = {}
    if unit_kind is None and cells.state_for(campaign, unit) is not None:
        kept = [k for ks in needed.values() for k in ks if cells.maintained(k)]
        values.update(cells.cell_values(unit, campaign, kept, ctx))
        needed = _without(needed, kept)
    for source, source_keys in needed.items():
        row = _base(source, unit, campaign, unit_kind).aggregate(**_aggregates(source_keys, ctx))
        values.update({k: row[f"m{i}"] for i, k in enumerate(source_keys)})
    return derive(values, wanted)


def by_children(unit, campaign, keys=None, unit_kind: str | None = None, on: date | None = None) -> dict:
    """{child path or unit.path (own records): {key: value}} for the direct children of `unit`, one GROUP BY
    per model on Substr(unit path, 1, len(child path)). Children without records are absent."""
    wanted, needed = _expand(keys)
    ctx = ctx_for(campaign, on)
    width = len(unit.path) + unit.steplen
    raw: dict[str, dict] = {}
    state = cells.state_for(campaign, unit) if unit_kind is None else None
    if state is not None and unit.depth < state.max_depth:
        kept = [k for ks in needed.values() for k in ks if cells.maintained(k)]
        for child, child_values in cells.children_values(unit, campaign, kept, ctx).items():
            raw.setdefault(child, {}).update(child_values)
        needed = _without(needed, kept)
    for source, source_keys in needed.items():
        path_field = f"{SOURCES[source].unit_field}__path"
        rows = (_base(source, unit, campaign, unit_kind).annotate(child=Substr(F(path_field), 1, width))
                .values("child").annotate(**_aggregates(source_keys, ctx)))
        for row in rows:
            bucket = raw.setdefault(row["child"], {})
            bucket.update({k: row[f"m{i}"] for i, k in enumerate(source_keys)})
    return {child: derive(values, wanted) for child, values in raw.items()}


def children_of(unit) -> list:
    """The direct children of `unit`, active or not (records may still be owned by inactive units)."""
    from taizhang.orgs.models import Unit

    return list(Unit.objects.filter(subtree_q(unit.path), depth=unit.depth + 1).order_by("sort_order", "path"))


def ranking(unit, campaign, key: str, unit_kind: str | None = None, descending: bool = True) -> list[dict]:
    """The direct children of `unit` ordered by `key` (rates with None last), with rank numbers (ties share)."""
    metric(key)
    values = by_children(unit, campaign, [key], unit_kind)
    rows = []
    for child in children_of(unit):
        value = values.get(child.path, {}).get(key)
        if value is None and CATALOGUE[key].additive:
            value = 0
        rows.append({"unit": child, "code": child.code, "name": child.name, "value": value})
    return ranked_rows(rows, descending)


def ranked_rows(rows: list[dict], descending: bool) -> list[dict]:
    """Sort rows of {"unit", "value", …} (None last, then by unit path) and number them; ties share a rank."""
    sign = -1 if descending else 1
    rows.sort(key=lambda r: (r["value"] is None, sign * (r["value"] or 0), r["unit"].path))
    rank, previous = 0, object()
    for i, row in enumerate(rows, start=1):
        if row["value"] != previous:
            rank, previous = i, row["value"]
        row["rank"] = rank
    return rows


def breakdown(unit, campaign, field: str, source: str = "problem", key: str | None = None) -> list[tuple[str, int]]:
    """Problems (or another source's records) in the subtree counted by `field` (category, source, status…),
    largest first: one GROUP BY. With `key` (an additive catalogue metric of that source, e.g.
    "problems.listed") each group holds that metric, so the groups add up to the metric's value."""
    from django.db.models import Count

    aggregate = Count("pk")
    if key is not None:
        m = metric(key)
        if not m.additive or m.source != source:
            raise ValidationFailed(f"统计指标「{key}」不能按「{field}」分组", field="key")
        aggregate = m.aggregate(ctx_for(campaign))
    if source == "problem" and cells.state_for(campaign, unit) is not None:
        kept = cells.breakdown(unit, campaign, field, key, ctx_for(campaign))
        if kept is not None:
            return kept
    rows = (_base(source, unit, campaign, None).values(field).annotate(n=aggregate).order_by("-n", field))
    return [(r[field], int(r["n"] or 0)) for r in rows if key is None or r["n"]]
