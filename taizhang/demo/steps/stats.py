"""Demo statistics: the daily snapshots of the last six weeks, so the trend charts draw a line from the first day.

In a running installation the daily job takes each day's snapshot of the ledger as it stands that day. The demo
data is written in one go, so for each past day the problem list is first put back as it stood at the end of that
day — problems recorded later left out, each problem's status, 销号 and 退回 taken from its status history,
measures completed later still open, later progress reports, closure requests, decisions and 回头看 left out —
inside a savepoint that is rolled back once the day's figures are counted; the snapshot is then written from
those figures. The other workstreams' records are counted as they stand. The larger data sets take one snapshot a
week; the province size (a million problems) counts every past week as it stands today, to keep generation short.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

DEMO_ORDER = 90
WEEKS = 6


def generate(ctx) -> None:
    from taizhang.stats.snapshots import snapshot_take

    step = 1 if ctx.size == "small" else 7
    days = [ctx.today - timedelta(days=n) for n in range(WEEKS * 7, -1, -step)]
    days = [d for d in days if d >= ctx.campaign.start_date]
    rewind = ctx.size != "province"
    for day in days:
        own = as_it_stood(ctx.campaign, day) if rewind and day < ctx.today else None
        snapshot_take(ctx.campaign, day, own=own)
    ctx.counts["snapshot_days"] = len(days)


def as_it_stood(campaign, day: date) -> dict:
    """The units' own figures of `campaign` counted on the ledger as it stood at the end of `day` (see the
    module's description); nothing is changed when it returns."""
    from django.db import transaction

    from taizhang.stats.snapshots import _own_values

    with transaction.atomic():
        savepoint = transaction.savepoint()
        try:
            _rewind(campaign, day)
            return _own_values(campaign, day)
        finally:
            transaction.savepoint_rollback(savepoint)


def _rewind(campaign, day: date) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from taizhang.audit.models import StatusChange
    from taizhang.ledger.models import (
        ClosureDecision,
        ClosureRequest,
        LookBack,
        Measure,
        MeasureStatus,
        Problem,
        ProblemStatus,
        ProgressReport,
    )

    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=timezone.get_current_timezone())
    problems = Problem.objects.filter(campaign=campaign)
    _remove(problems.filter(created_at__gte=end))
    _remove(ProgressReport.objects.filter(problem__campaign=campaign, date__gt=day))
    _remove(LookBack.objects.filter(problem__campaign=campaign, date__gt=day))
    _remove(ClosureRequest.objects.filter(problem__campaign=campaign, requested_at__gte=end))
    ClosureRequest.objects.filter(problem__campaign=campaign, decided_at__gte=end).update(
        decision=ClosureDecision.PENDING, decided_at=None, reviewer=None, comment="")
    Measure.objects.filter(problem__campaign=campaign, completed_at__gte=end).update(
        status=MeasureStatus.DOING, completed_at=None)

    ct = ContentType.objects.get_for_model(Problem)
    last = StatusChange.objects.filter(content_type=ct, object_id=OuterRef("pk"), at__lt=end).order_by("-at", "-id")
    rows = list(problems.annotate(was=Subquery(last.values("new_status")[:1]), by=Subquery(last.values("action")[:1]),
                                  on=Subquery(last.values("at")[:1])))
    for p in rows:
        p.status = p.was or ProblemStatus.PENDING
        p.returned_pending = p.by == "return"
        closed = p.status == ProblemStatus.CLOSED
        p.closed_at = p.on if closed else None
        p.closed_on = timezone.localtime(p.on).date() if closed else None
    Problem.objects.bulk_update(rows, ["status", "returned_pending", "closed_at", "closed_on"], batch_size=1000)


def _remove(qs) -> None:
    """Delete the rows of `qs` that did not exist yet on the day. Records that would keep them (or the rows their
    deletion cascades to) from being deleted — an opinion turned into a problem, a rating recorded at a 回头看 —
    let go of them first, or go with them where the link is required: on that day they did not exist either, as
    far as the day's figures are concerned."""
    _release(qs)
    qs.delete()


def _release(qs, depth: int = 0) -> None:
    from django.db.models import CASCADE, PROTECT

    if depth > 4:
        return
    # Every reverse foreign key, those declared with related_name="+" included.
    relations = [f for f in qs.model._meta.get_fields(include_hidden=True)
                 if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)]
    for rel in relations:
        if rel.on_delete not in (PROTECT, CASCADE):
            continue
        linked = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": qs})
        if rel.on_delete is CASCADE:
            _release(linked, depth + 1)
        elif rel.field.null:
            linked.update(**{rel.field.name: None})
        else:
            _remove(linked)
