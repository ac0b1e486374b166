"""回头看 scheduling: after 销号 a look-back falls due `campaign.lookback_months` later, for every closed
problem or a deterministic `campaign.lookback_sample_percent` sample (the same problems on every run and
every machine). Due look-backs appear on the office's 回头看安排 page with a link to the problem's form, and
the problem's unit is told (notifications.events `problem.lookback_due`) once the plan is committed."""

from __future__ import annotations

import calendar
import hashlib
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.ledger.models import LookBack, Problem, ProblemStatus
from taizhang.notifications.events import emit
from taizhang.supervision.models import LookBackPlan, LookBackPlanStatus


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 Aug + 3 months → 30 Nov)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def in_sample(campaign, problem_id: int) -> bool:
    """Whether a problem is in the campaign's look-back sample: a hash of (campaign, problem), not random."""
    percent = campaign.lookback_sample_percent
    if percent >= 100:
        return True
    digest = hashlib.sha256(f"{campaign.slug}:{problem_id}".encode()).hexdigest()
    return int(digest[:8], 16) % 100 < percent


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _mark_done(campaign) -> None:
    """Plans still due whose problem has had a look-back recorded since its closure are done."""
    done = LookBack.objects.filter(problem=OuterRef("problem"), date__gte=OuterRef("problem__closed_on"))
    plans = (LookBackPlan.objects.filter(problem__campaign=campaign, status=LookBackPlanStatus.DUE)
             .filter(Exists(done)).select_related("problem__unit"))
    for plan in plans:
        with transaction.atomic():
            if LookBackPlan.objects.filter(pk=plan.pk, status=LookBackPlanStatus.DUE).update(
                    status=LookBackPlanStatus.DONE):
                audit_record(actor=None, action="lookbackplan.done", obj=plan, unit=plan.problem.unit,
                             object_repr=plan.problem.number,
                             changes={"status": [LookBackPlanStatus.DUE, LookBackPlanStatus.DONE]})


def schedule_lookbacks(campaign, today: date, *, dry_run: bool = False) -> list[dict]:
    """Plan a 回头看 for each closed problem of `campaign` whose closure date + months ≤ today, that is in
    the sample and has no LookBack since its closure; mark plans done whose look-back was recorded.
    Idempotent (one plan per problem and closure). Returns the plans made (or, dry_run, that would be)."""
    if not dry_run:
        _mark_done(campaign)
    months = campaign.lookback_months
    # Pre-filter in SQL with a few days' margin (month ends), then decide exactly per problem.
    cutoff = _start_of(add_months(today, -months) + timedelta(days=4))
    since_closure = LookBack.objects.filter(problem=OuterRef("pk"), date__gte=OuterRef("closed_on"))
    planned = LookBackPlan.objects.filter(problem=OuterRef("pk"), closed_at=OuterRef("closed_at"))
    candidates = (Problem.objects.filter(campaign=campaign, status=ProblemStatus.CLOSED, closed_at__lt=cutoff)
                  .filter(~Exists(since_closure), ~Exists(planned)).select_related("unit").order_by("pk"))
    out = []
    for p in candidates.iterator(chunk_size=2000):
        due = add_months(timezone.localtime(p.closed_at).date(), months)
        if due > today or not in_sample(campaign, p.pk):
            continue
        entry = {"campaign": campaign.slug, "problem": p.number, "problem_id": p.pk, "unit": p.unit.code,
                 "due_date": due.isoformat(), "id": None}
        if not dry_run:
            try:
                with transaction.atomic():
                    plan = LookBackPlan.objects.create(problem=p, closed_at=p.closed_at, due_date=due)
                    audit_record(actor=None, action="lookbackplan.create", obj=plan, unit=p.unit,
                                 object_repr=p.number, changes={"due_date": due, "closed_at": p.closed_at})
                    emit("problem.lookback_due", obj=p, occasion=f"plan:{plan.pk}", due_date=due)
            except IntegrityError:  # a concurrent run planned it
                continue
            entry["id"] = plan.pk
        out.append(entry)
    return out
