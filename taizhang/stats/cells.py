"""Maintained aggregate cells: the problem figures of a large subtree without counting its records.

A cell (stats.models.ProblemCell) holds how many problems of a campaign in the subtree of a unit share the
dimensions of one family, plus their measures. Families keep the cells few: the time-dependent figures (overdue,
due soon, the lights) need the exact deadline of open problems, but not their category or source, so they have a
family of their own. Cells exist for the campaign's root unit and the units down to `levels()` below it (province,
cities, counties); deeper units are counted from their records, which are few.

Reading. A catalogue figure over problems whose condition looks only at fields of one family is evaluated on that
family's cells with the catalogue's own condition: `Count(filter=Q)` becomes `Sum("n", filter=Q)` (the cell fields
carry the Problem field names). The figures counted over other tables that are kept per problem (measures, a
returned closure request, a 回头看, evidence files) are listed in DERIVED. Everything else is still computed from
the records, so `stats_for` and friends give the same figures either way (tests/test_cells_consistency.py).

Keeping them exact. Every write to a problem, its measures, closure requests, 回头看 or files inserts a CellMark in
its own transaction (ORM signals, the versioned save, and the bulk paths: Excel import, carry-over). Before reading
cells, `fold()` takes the marks, recounts what they touch from the records — for a unit at the deepest level with
cells (or below it), that level's whole subtree; for a unit above it, its own records — compares with what the cells
hold and adds the difference to the unit and every ancestor with cells. Writers never touch the cells, so writes in
different units never wait on the province's row; folds take one lock row (CellLock) so they never interleave.
Counting the canonical dimensions:

- `deadline` is kept for open problems; a closed problem keeps only whether it was closed on time
  (deadline 1970-01-01, closed_on 1970-01-01 on time / 1970-01-02 late; both empty without a deadline), a
  withdrawn one neither — the catalogue's conditions only compare deadlines of open problems with the day and
  those of closed problems with their closing day;
- `returned_pending` is kept for problems 整改中 (the yellow light's condition), false otherwise.

A unit move that touches a campaign's tree drops that campaign's cells (figures are counted from the records
meanwhile) and queues `rebuild`.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

log = logging.getLogger("taizhang.stats")

FAMILIES: dict[str, tuple[str, ...]] = {
    "source": ("source",),
    "category": ("category",),
    "deadline": ("status", "deadline", "closed_on", "returned_pending"),
    "status": ("status", "kind", "evidence", "returned", "rebound", "looked_back"),
}
DIMENSIONS = ("status", "kind", "source", "category", "deadline", "closed_on", "returned_pending", "evidence",
              "returned", "rebound", "looked_back")
BOOLEAN = frozenset({"returned_pending", "evidence", "returned", "rebound", "looked_back"})
SUMS = ("n", "measures", "measures_done")
ON_TIME, LATE = date(1970, 1, 1), date(1970, 1, 2)
MARK_BATCH = 5000


def levels() -> int:
    """How many levels below a campaign's root unit have cells (the root is level 0)."""
    return int(getattr(settings, "TAIZHANG_STATS_CELL_LEVELS", 2))


def _steplen() -> int:
    from taizhang.orgs.models import Unit

    return Unit.steplen


# --- translation of catalogue figures ----------------------------------------------------------------

def _derived():
    from taizhang.ledger.models import ClosureRequest, LookBack, MeasureStatus, ProblemStatus  # noqa: F401

    return {
        # problems counted over closure requests / 回头看 (distinct problems) → a flag of the problem
        "problems.returned": ("n", Q(returned=True)),
        "problems.reopened": ("n", Q(rebound=True)),
        "problems.looked_back": ("n", Q(looked_back=True)),
        # closed without a file of evidence: the catalogue's Exists over attachments → the evidence flag
        "problems.closed_no_evidence": ("n", Q(status=ProblemStatus.CLOSED, evidence=False)),
        # measures counted over the measure table → the problem's measure counts
        "measures.total": ("measures", Q()),
        "measures.done": ("measures_done", Q()),
    }


def _q_fields(q) -> set[str] | None:
    """The Problem fields a condition looks at, or None when it holds anything but field lookups."""
    fields: set[str] = set()
    if q is None:
        return fields
    for child in q.children:
        if isinstance(child, Q):
            sub = _q_fields(child)
            if sub is None:
                return None
            fields |= sub
        elif isinstance(child, tuple):
            lookup, value = child
            fields.add(lookup.split("__")[0])
            if isinstance(value, F):
                fields.add(value.name.split("__")[0])
            elif hasattr(value, "resolve_expression"):
                return None
        else:
            return None
    return fields


def _family_for(fields: set[str]) -> str | None:
    fitting = [f for f, dims in FAMILIES.items() if fields <= set(dims)]
    return min(fitting, key=lambda f: len(FAMILIES[f])) if fitting else None


def cell_form(key: str, ctx, extra: tuple[str, ...] = ()) -> tuple[str, str, Q] | None:
    """(family, summed field, condition) that gives figure `key` over cells, or None when it is not kept there.
    `extra` names dimensions the family must also have (a breakdown's field)."""
    from taizhang.stats.catalogue import CATALOGUE

    derived = _derived()
    if key in derived:
        field, q = derived[key]
    else:
        m = CATALOGUE[key]
        if m.source != "problem" or m.aggregate is None:
            return None
        agg = m.aggregate(ctx)
        if not isinstance(agg, Count) or agg.distinct:
            return None
        src = agg.get_source_expressions()[0]
        if not (isinstance(src, F) and src.name == "pk"):
            return None
        field, q = "n", agg.filter or Q()
    fields = _q_fields(q)
    if fields is None:
        return None
    family = _family_for(fields | set(extra))
    if field != "n" and family is not None:
        # measures are counted in the "status" family only
        family = "status" if fields | set(extra) <= set(FAMILIES["status"]) else None
    return (family, field, q) if family else None


_MAINTAINED: dict[str, bool] = {}


def maintained(key: str) -> bool:
    """Whether figure `key` is read from cells (whatever the day: only the values in conditions depend on it)."""
    if key not in _MAINTAINED:
        from taizhang.stats.catalogue import Ctx

        _MAINTAINED[key] = cell_form(key, Ctx(on=timezone.localdate(), due_soon_days=7)) is not None
    return _MAINTAINED[key]


def _aggregate(key: str, ctx, extra=()):
    family, field, q = cell_form(key, ctx, extra)
    return Sum(field, filter=Q(family=family) & q)


# --- reading -----------------------------------------------------------------------------------------

_local = threading.local()


@contextmanager
def recounting():
    """Within this block every figure is counted from the records (the comparison of tests and benchmarks)."""
    before = getattr(_local, "off", False)
    _local.off = True
    try:
        yield
    finally:
        _local.off = before


def state_for(campaign, unit):
    """The campaign's CellState when `unit` has cells (after folding pending marks), else None."""
    from taizhang.stats.models import CellState

    if getattr(_local, "off", False):
        return None
    state = CellState.objects.filter(campaign_id=campaign.pk).first()
    if state is None or not unit.path.startswith(state.root_path) or unit.depth > state.max_depth:
        return None
    try:
        fold()
    except DatabaseError as exc:
        # The database takes no writes (a full disk, a read-only replica): the pending marks stay, and the figures
        # are counted from the records, as exact as ever, only slower.
        log.warning("stats cells: pending changes not folded (%s); counting from the records", exc)
        return None
    return state


def cell_values(unit, campaign, keys: list[str], ctx) -> dict:
    """{key: raw value} of maintained figures for the subtree of `unit` (one query)."""
    from taizhang.stats.models import ProblemCell

    if not keys:
        return {}
    row = (ProblemCell.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk)
           .aggregate(**{f"m{i}": _aggregate(k, ctx) for i, k in enumerate(keys)}))
    return {k: row[f"m{i}"] or 0 for i, k in enumerate(keys)}


def children_values(unit, campaign, keys: list[str], ctx) -> dict[str, dict]:
    """{child path: {key: raw}} for the direct children of `unit` that have problems, and {unit.path: …} for the
    problems `unit` owns itself (its subtree minus its children's), when it has any."""
    from taizhang.orgs.scope import subtree_q
    from taizhang.stats.models import ProblemCell

    aggs = {f"m{i}": _aggregate(k, ctx) for i, k in enumerate(keys)}
    aggs["found"] = Sum("n", filter=Q(family="source"))
    base = ProblemCell.objects.filter(campaign_id=campaign.pk)
    out: dict[str, dict] = {}
    for row in (base.filter(subtree_q(unit.path, "unit"), unit__depth=unit.depth + 1)
                .values("unit__path").annotate(**aggs).order_by()):
        out[row["unit__path"]] = row
    total = base.filter(unit_id=unit.pk).aggregate(**aggs)
    own = {name: (total[name] or 0) - sum((r[name] or 0) for r in out.values()) for name in aggs}
    result = {path: {k: r[f"m{i}"] or 0 for i, k in enumerate(keys)} for path, r in out.items()}
    if own["found"]:
        result[unit.path] = {k: own[f"m{i}"] for i, k in enumerate(keys)}
    return result


def breakdown(unit, campaign, field: str, key: str | None, ctx) -> list[tuple[str, int]] | None:
    """Problems of the subtree by `field` from cells (as rollup.breakdown), or None when cells cannot say."""
    from taizhang.stats.models import ProblemCell

    form = cell_form(key or "problems.found", ctx, (field,))
    if form is None:
        return None
    rows = (ProblemCell.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk).values(field)
            .annotate(n=_aggregate(key or "problems.found", ctx, (field,))).order_by("-n", field))
    return [(r[field], int(r["n"] or 0)) for r in rows if r["n"]]


# --- counting from the records -----------------------------------------------------------------------

def _dimension_expressions() -> dict:
    from taizhang.ledger.models import (
        OPEN_STATUSES,
        Attachment,
        ClosureDecision,
        ClosureRequest,
        LookBack,
        LookBackVerdict,
        ProblemStatus,
    )

    closed_with_deadline = Q(status=ProblemStatus.CLOSED, deadline__isnull=False)
    return {
        "status": F("status"), "kind": F("kind"), "source": F("source"), "category": F("category"),
        "deadline": Case(When(status__in=OPEN_STATUSES, then=F("deadline")),
                         When(closed_with_deadline, then=Value(ON_TIME)), default=Value(None),
                         output_field=DateField()),
        "closed_on": Case(When(closed_with_deadline & Q(closed_on__lte=F("deadline")), then=Value(ON_TIME)),
                          When(closed_with_deadline, then=Value(LATE)), default=Value(None),
                          output_field=DateField()),
        "returned_pending": Case(When(status=ProblemStatus.IN_PROGRESS, returned_pending=True, then=Value(True)),
                                 default=Value(False), output_field=BooleanField()),
        "evidence": Exists(Attachment.objects.filter(problem=OuterRef("pk"))),
        "returned": Exists(ClosureRequest.objects.filter(problem=OuterRef("pk"), decision=ClosureDecision.RETURNED)),
        "rebound": Exists(LookBack.objects.filter(problem=OuterRef("pk"), verdict=LookBackVerdict.REBOUND)),
        "looked_back": Exists(LookBack.objects.filter(problem=OuterRef("pk"))),
    }


def _measure_count(**filters):
    from django.db.models import IntegerField

    from taizhang.ledger.models import Measure

    counted = (Measure.objects.filter(problem=OuterRef("pk"), **filters).order_by().values("problem")
               .annotate(c=Count("pk")).values("c"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _normal(dim: str, value):
    if dim in BOOLEAN:
        return bool(value)
    if dim in ("deadline", "closed_on"):
        # MySQL/MariaDB give a CASE over dates as text
        if isinstance(value, str):
            return date.fromisoformat(value[:10])
        return value.date() if hasattr(value, "date") else value
    return value or ""


def grouped(campaign_id: int, where: Q, width: int) -> dict[tuple, list[int]]:
    """{(path prefix, family, dims): [n, measures, measures_done]} over the campaign's problems matching `where`,
    each problem under the first `width` characters of its unit's path (its own path when shorter)."""
    from taizhang.ledger.models import MeasureStatus, Problem

    exprs = _dimension_expressions()
    out: dict[tuple, list[int]] = {}
    for family, dims in FAMILIES.items():
        qs = (Problem._base_manager.filter(campaign_id=campaign_id).filter(where).order_by()
              .annotate(cell_p=Substr("unit__path", 1, width), **{f"cell_{d}": exprs[d] for d in dims}))
        aggs = {"n": Count("pk")}
        if family == "status":
            qs = qs.annotate(cell_m=_measure_count(), cell_md=_measure_count(status=MeasureStatus.DONE))
            aggs.update(measures=Sum("cell_m"), measures_done=Sum("cell_md"))
        for row in qs.values("cell_p", *[f"cell_{d}" for d in dims]).annotate(**aggs):
            key = (row["cell_p"], family, tuple(_normal(d, row[f"cell_{d}"]) for d in dims))
            out[key] = [int(row["n"] or 0), int(row.get("measures") or 0), int(row.get("measures_done") or 0)]
    return out


def _stored(campaign_id: int, unit_ids) -> dict[tuple, tuple[list[int], list[int]]]:
    """{(unit_id, family, dims): ([cell pks], [n, measures, measures_done])} — one pk per key normally; should two
    rows ever hold the same key their values are added up."""
    from taizhang.stats.models import ProblemCell

    out: dict[tuple, tuple[list[int], list[int]]] = {}
    ids = list(unit_ids)
    for i in range(0, len(ids), 500):
        for row in (ProblemCell.objects.filter(campaign_id=campaign_id, unit_id__in=ids[i:i + 500])
                    .values("pk", "unit_id", "family", *DIMENSIONS, *SUMS)):
            dims = tuple(_normal(d, row[d]) for d in FAMILIES[row["family"]])
            pks, values = out.setdefault((row["unit_id"], row["family"], dims), ([], [0, 0, 0]))
            pks.append(row["pk"])
            for j, name in enumerate(SUMS):
                values[j] += row[name]
    return out


def _apply(campaign_id: int, delta: dict[tuple, list[int]]) -> None:
    """Add `delta` ({(unit_id, family, dims): [n, measures, done]}) to the stored cells."""
    from taizhang.stats.models import ProblemCell

    delta = {k: v for k, v in delta.items() if any(v)}
    if not delta:
        return
    stored = _stored(campaign_id, {k[0] for k in delta})
    updates, creates, deletes = [], [], []
    for (unit_id, family, dims), d in delta.items():
        found = stored.get((unit_id, family, dims))
        if found is not None:
            pks, old = found
            new = [a + b for a, b in zip(old, d, strict=True)]
            if any(new):
                updates.append(ProblemCell(pk=pks[0], **dict(zip(SUMS, new, strict=True))))
                deletes.extend(pks[1:])
            else:
                deletes.extend(pks)
        else:
            creates.append(ProblemCell(campaign_id=campaign_id, unit_id=unit_id, family=family,
                                       **dict(zip(FAMILIES[family], dims, strict=True)),
                                       **dict(zip(SUMS, d, strict=True))))
    for i in range(0, len(deletes), 500):
        ProblemCell.objects.filter(pk__in=deletes[i:i + 500]).delete()
    ProblemCell.objects.bulk_update(updates, list(SUMS), batch_size=500)
    ProblemCell.objects.bulk_create(creates, batch_size=1000)


def _unit_ids(paths) -> dict[str, int]:
    from taizhang.orgs.models import Unit

    paths = list(paths)
    out = {}
    for i in range(0, len(paths), 500):
        out.update(Unit.objects.filter(path__in=paths[i:i + 500]).values_list("path", "pk"))
    return out


def _spread(values: dict[tuple, list[int]], root_path: str, sign: int = 1) -> dict[tuple, list[int]]:
    """{(path, family, dims): v} → the same added to the path and every ancestor down from the root
    ({(unit_id, family, dims): v})."""
    step = _steplen()
    top = len(root_path) // step
    by_path: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (path, family, dims), v in values.items():
        for depth in range(top, len(path) // step + 1):
            bucket = by_path[(path[: depth * step], family, dims)]
            for i in range(3):
                bucket[i] += sign * v[i]
    ids = _unit_ids({k[0] for k in by_path})
    return {(ids[p], f, d): v for (p, f, d), v in by_path.items() if p in ids}


# --- folding marks -----------------------------------------------------------------------------------

def _lock() -> None:
    from taizhang.stats.models import CellLock

    if not CellLock.objects.filter(pk=1).update(folds=F("folds") + 1):
        CellLock.objects.get_or_create(pk=1)
        CellLock.objects.filter(pk=1).update(folds=F("folds") + 1)


def fold() -> int:
    """Fold every pending mark into the cells; the number of marks folded."""
    from taizhang.ledger.models import Problem
    from taizhang.stats.models import CellMark, CellState

    if not CellMark.objects.exists():
        return 0
    done = 0
    while True:
        with transaction.atomic():
            _lock()
            marks = list(CellMark.objects.order_by("pk").values_list("pk", "campaign_id", "unit_id", "problem_id")
                         [:MARK_BATCH])
            if not marks:
                break
            touched: dict[int, set[int]] = defaultdict(set)
            for _, campaign_id, unit_id, _ in marks:
                if campaign_id and unit_id:
                    touched[campaign_id].add(unit_id)
            problem_ids = sorted({m[3] for m in marks if m[3]})
            for i in range(0, len(problem_ids), 500):
                for campaign_id, unit_id in (Problem._base_manager.filter(pk__in=problem_ids[i:i + 500])
                                             .values_list("campaign_id", "unit_id")):
                    touched[campaign_id].add(unit_id)
            for state in CellState.objects.filter(campaign_id__in=list(touched)):
                _refresh(state, touched[state.campaign_id])
            CellMark.objects.filter(pk__in=[m[0] for m in marks]).delete()
            done += len(marks)
        if len(marks) < MARK_BATCH:
            break
    return done


def _refresh(state, unit_ids) -> None:
    """Recount what changed in the units `unit_ids` of the state's campaign and add the difference to the cells."""
    from taizhang.orgs.models import Unit
    from taizhang.orgs.scope import subtree_q

    step, cid = _steplen(), state.campaign_id
    width = state.max_depth * step
    subtrees, owners = set(), {}
    for pk, path, depth in Unit.objects.filter(pk__in=list(unit_ids)).values_list("pk", "path", "depth"):
        if not path.startswith(state.root_path):
            continue
        if depth >= state.max_depth:
            subtrees.add(path[:width])
        else:
            owners[path] = (pk, depth)
    new: dict[tuple, list[int]] = {}
    paths = sorted(subtrees)
    for i in range(0, len(paths), 50):
        where = Q()
        for p in paths[i:i + 50]:
            where |= subtree_q(p, "unit")
        new.update(grouped(cid, where, width))
    if owners:
        new.update(grouped(cid, Q(unit_id__in=[pk for pk, _ in owners.values()]), width))
    # What the cells hold now for the same records: a subtree's cells; an owner's cells minus its children's.
    ids = _unit_ids(paths)
    children: dict[str, list[int]] = {}
    if owners:
        where = Q()
        for path, (_, depth) in owners.items():
            where |= subtree_q(path) & Q(depth=depth + 1)
        for pk, path in Unit.objects.filter(where).values_list("pk", "path"):
            children.setdefault(path[:-step], []).append(pk)
    by_unit = {pk: p for p, pk in ids.items()} | {pk: p for p, (pk, _) in owners.items()}
    stored = _stored(cid, set(by_unit) | {c for cs in children.values() for c in cs})
    old: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    child_parent = {c: p for p, cs in children.items() for c in cs}
    for (unit_id, family, dims), (_, v) in stored.items():
        for path, sign in ((by_unit.get(unit_id), 1), (child_parent.get(unit_id), -1)):
            if path is not None:
                bucket = old[(path, family, dims)]
                for i in range(3):
                    bucket[i] += sign * v[i]
    diff = {}
    for key in set(new) | set(old):
        a, b = new.get(key, [0, 0, 0]), old.get(key, [0, 0, 0])
        d = [x - y for x, y in zip(a, b, strict=True)]
        if any(d):
            diff[key] = d
    _apply(cid, _spread(diff, state.root_path))


# --- building, dropping, marking ---------------------------------------------------------------------

def rebuild(campaign, if_missing: bool = False) -> dict | None:
    """Count the campaign's cells from its records (after an upgrade, a unit move, or bulk writes that mark
    nothing, like the demo data). Returns what was built; None when `if_missing` and the cells exist."""
    from taizhang.orgs.scope import subtree_q
    from taizhang.stats.models import CellState, ProblemCell

    root = campaign.root_unit
    max_depth = root.depth + levels()
    with transaction.atomic():
        _lock()
        if if_missing and CellState.objects.filter(campaign_id=campaign.pk).exists():
            return None
        ProblemCell.objects.filter(campaign_id=campaign.pk).delete()
        values = grouped(campaign.pk, subtree_q(root.path, "unit"), max_depth * _steplen())
        cells = _spread(values, root.path)
        ProblemCell.objects.bulk_create(
            [ProblemCell(campaign_id=campaign.pk, unit_id=unit_id, family=family,
                         **dict(zip(FAMILIES[family], dims, strict=True)), **dict(zip(SUMS, v, strict=True)))
             for (unit_id, family, dims), v in cells.items() if any(v)], batch_size=2000)
        CellState.objects.update_or_create(campaign_id=campaign.pk, defaults={
            "root_path": root.path, "max_depth": max_depth, "built_at": timezone.now()})
    return {"campaign": campaign.slug, "cells": sum(1 for v in cells.values() if any(v)), "max_depth": max_depth,
            "units": len({k[0] for k in cells})}


def rebuild_all(missing_only: bool = False) -> list[dict]:
    from taizhang.campaigns.models import Campaign
    from taizhang.stats.models import CellState

    campaigns = Campaign.objects.select_related("root_unit").order_by("pk")
    if missing_only:
        campaigns = campaigns.exclude(pk__in=CellState.objects.values("campaign_id"))
    return [r for r in (rebuild(c, if_missing=missing_only) for c in campaigns) if r is not None]


def drop(campaign_ids) -> None:
    from taizhang.stats.models import CellState, ProblemCell

    ProblemCell.objects.filter(campaign_id__in=campaign_ids).delete()
    CellState.objects.filter(campaign_id__in=campaign_ids).delete()


def unit_moved(old_path: str, new_path: str) -> list[int]:
    """A unit moved from `old_path` to `new_path` (with its subtree): drop the cells of every campaign whose tree
    held it before or holds it now, and queue their rebuild once the move is committed."""
    from taizhang.stats.models import CellState

    _lock()
    hit = [s.campaign_id for s in CellState.objects.all()
           if s.root_path.startswith(old_path) or old_path.startswith(s.root_path)
           or new_path.startswith(s.root_path)]
    if hit:
        drop(hit)

        def queue():
            from taizhang.stats.tasks import stats_rebuild_cells

            stats_rebuild_cells(hit)
        transaction.on_commit(queue)
    return hit


def mark_units(campaign_id: int, unit_ids) -> None:
    from taizhang.stats.models import CellMark

    CellMark.objects.bulk_create([CellMark(campaign_id=campaign_id, unit_id=u) for u in set(unit_ids)],
                                 batch_size=1000)


def _problem_saved(sender, instance, raw=False, **kwargs):
    from taizhang.stats.models import CellMark

    if raw:
        return
    now = (instance.campaign_id, instance.unit_id)
    before = getattr(instance, "_cell_origin", None)
    CellMark.objects.bulk_create([CellMark(campaign_id=c, unit_id=u) for c, u in {now, before or now} if c and u])
    instance._cell_origin = now


def _problem_deleted(sender, instance, **kwargs):
    from taizhang.stats.models import CellMark

    for c, u in {(instance.campaign_id, instance.unit_id), getattr(instance, "_cell_origin", None) or (None, None)}:
        if c and u:
            CellMark.objects.create(campaign_id=c, unit_id=u)


def _problem_loaded(sender, instance, **kwargs):
    d = instance.__dict__
    instance._cell_origin = (d.get("campaign_id"), d.get("unit_id"))


def _child_changed(sender, instance, raw=False, **kwargs):
    from taizhang.stats.models import CellMark

    if not raw and instance.__dict__.get("problem_id"):
        CellMark.objects.create(problem_id=instance.problem_id)


def _campaign_saved(sender, instance, created=False, raw=False, **kwargs):
    """A new campaign has no problems yet: its (empty) cells are complete from the start."""
    from taizhang.ledger.models import Problem
    from taizhang.stats.models import CellState

    if raw or not created or Problem._base_manager.filter(campaign_id=instance.pk).exists():
        return
    root = instance.root_unit
    CellState.objects.get_or_create(campaign_id=instance.pk, defaults={
        "root_path": root.path, "max_depth": root.depth + levels(), "built_at": timezone.now()})


def _versioned(sender, instance, **kwargs):
    from taizhang.ledger.models import Problem

    if isinstance(instance, Problem):
        _problem_saved(sender, instance)
    elif instance.__dict__.get("problem_id"):
        _child_changed(sender, instance)


def connect() -> None:
    from django.db.models.signals import post_delete, post_init, post_save

    from taizhang.audit.versioning import versioned_saved
    from taizhang.campaigns.models import Campaign
    from taizhang.ledger.models import Attachment, ClosureRequest, LookBack, Measure, Problem

    post_init.connect(_problem_loaded, sender=Problem, dispatch_uid="cells-problem-init")
    post_save.connect(_problem_saved, sender=Problem, dispatch_uid="cells-problem-save")
    post_delete.connect(_problem_deleted, sender=Problem, dispatch_uid="cells-problem-delete")
    for model in (Measure, ClosureRequest, LookBack, Attachment):
        post_save.connect(_child_changed, sender=model, dispatch_uid=f"cells-{model.__name__}-save")
        post_delete.connect(_child_changed, sender=model, dispatch_uid=f"cells-{model.__name__}-delete")
    post_save.connect(_campaign_saved, sender=Campaign, dispatch_uid="cells-campaign-save")
    versioned_saved.connect(_versioned, dispatch_uid="cells-versioned")
