"""Demo step of the ledger: problems on units at every level with a realistic spread of states.

Rows are built in memory and written with bulk_create in batches (problems, measures, progress, closure
requests, look-backs and StatusChange rows), without an AuditEvent per row, so the province size
(about 1,000,000 problems and 2,500,000 measures) takes minutes.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from taizhang.audit.models import StatusChange
from taizhang.demo import phrases
from taizhang.ledger.models import (
    Attachment,
    ClosureDecision,
    ClosureRequest,
    LookBack,
    LookBackVerdict,
    Measure,
    MeasureStatus,
    Problem,
    ProblemLevel,
    ProblemStatus,
    ProgressReport,
    RectificationKind,
)
from taizhang.orgs import permissions as P

DEMO_ORDER = 20
TOTALS = {"small": 300, "county": 6000, "province": 1_000_000}
BATCH = 5000

# (scenario, weight) — what happens to a problem; drives its status, dates and history rows.
SCENARIOS = [
    ("pending", 8), ("on_track", 24), ("overdue", 10), ("due_soon", 7), ("returned", 5), ("review", 8),
    ("closed_on_time", 22), ("closed_late", 5), ("reopened", 3), ("long_term", 6), ("withdrawn", 2),
]
CATEGORIES = list(phrases.PROBLEM_CATEGORIES)
SOURCES = ["research", "development", "public", "inspection", "audit", "supervision", "petition", "hotline",
           "superior", "peer", "grassroots", "self"]
LEVELS = [ProblemLevel.TEAM, ProblemLevel.TEAM_MEMBER, ProblemLevel.UNIT, ProblemLevel.PARTY_MEMBER]


_TZ = None


def _aware(day, hour=10):
    global _TZ
    if _TZ is None:
        _TZ = timezone.get_current_timezone()
    return datetime.combine(day, time(hour, 0), tzinfo=_TZ)


class _Writer:
    """Collects rows and flushes them in batches."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.ct = ContentType.objects.get_for_model(Problem).pk
        self.counts = {"problems": 0, "measures": 0, "progress_reports": 0, "closure_requests": 0,
                       "lookbacks": 0, "status_changes": 0}
        self.evidence = None

    def flush(self, plans):
        from taizhang.stats.cells import mark_units

        problems = [p for p, _ in plans]
        Problem.objects.bulk_create(problems, batch_size=1000)
        mark_units(problems[0].campaign_id, {p.unit_id for p in problems})  # the statistics cells recount them
        if problems[0].pk is None:  # databases without RETURNING: fetch ids by number
            ids = dict(Problem.objects.filter(campaign_id=problems[0].campaign_id, number__in=[p.number for p in problems])
                       .values_list("number", "pk"))
            for p in problems:
                p.pk = p.id = ids[p.number]
        # history key → (model, count key, the rows of every problem)
        children = {"measures": (Measure, "measures", []), "progress": (ProgressReport, "progress_reports", []),
                    "closures": (ClosureRequest, "closure_requests", []), "lookbacks": (LookBack, "lookbacks", [])}
        changes = []
        for problem, history in plans:
            for key, (_, _, rows) in children.items():
                for row in history[key]:
                    row.problem_id = problem.pk
                    rows.append(row)
            for sc in history["changes"]:
                sc.object_id = problem.pk
                sc.content_type_id = self.ct
                changes.append(sc)
        self.counts["problems"] += len(problems)
        for model, count_key, rows in [*children.values(), (StatusChange, "status_changes", changes)]:
            model.objects.bulk_create(rows, batch_size=2000)
            self.counts[count_key] += len(rows)
        self._cite_evidence(children["closures"][2])
        # A problem was recorded on the first day of its history (created_at is set on insert): one UPDATE per
        # day of the batch.
        by_day = defaultdict(list)
        for p in problems:
            by_day[p.demo_created].append(p.pk)
        for day, ids in by_day.items():
            Problem.objects.filter(pk__in=ids).update(created_at=_aware(day, 9))


    def _cite_evidence(self, closures):
        """Most closure requests cite the demo's evidence files; about one in ten (chosen by the problem, so the
        same seed gives the same ones) cites none — the 销号无佐证 the quality checks and the stage summary find."""
        if not closures:
            return
        if self.evidence is None:
            from taizhang.demo.evidence import evidence_files

            self.evidence = evidence_files()
        if closures[0].pk is None:  # databases without RETURNING: find the rows by problem and time
            ids = {(pid, at): pk for pk, pid, at in ClosureRequest.objects.filter(
                problem_id__in={c.problem_id for c in closures}).values_list("pk", "problem_id", "requested_at")}
            for c in closures:
                c.pk = c.id = ids[(c.problem_id, c.requested_at)]
        rows = []
        for c in closures:
            if c.problem_id % 10 == 7:
                continue
            for fields in self.evidence[: 1 + c.problem_id % 2]:
                rows.append(Attachment(problem_id=c.problem_id, closure_id=c.pk, uploaded_by_id=c.requested_by_id,
                                       **fields))
        Attachment.objects.bulk_create(rows, batch_size=2000)
        self.counts["attachments"] = self.counts.get("attachments", 0) + len(rows)


def _office_for(ctx):
    """unit path → the office account of the nearest unit at or above it."""
    offices = {}
    for unit in ctx.all_units:
        user = ctx.users_by_unit.get(unit.pk, {}).get(P.OFFICE)
        if user is not None:
            offices[unit.path] = user
    cache = {}

    def find(unit):
        if unit.path in cache:
            return cache[unit.path]
        path = unit.path
        while path and path not in offices:
            path = path[:-4]
        cache[unit.path] = offices.get(path)
        return cache[unit.path]
    return find


def _plan(ctx, rng, campaign, unit, seq, scenario, office_for, people):
    today = ctx.today
    start = max(campaign.start_date, today - timedelta(days=120)) if campaign.start_date <= today else today
    span = max(1, (today - start).days)
    category = rng.choice(CATEGORIES)
    users = ctx.users_by_unit.get(unit.pk, {})
    clerk = users.get(P.CLERK)
    leader = users.get(P.LEADER)
    office = office_for(unit)
    created = start + timedelta(days=rng.randrange(max(1, span // 2)))
    kind = RectificationKind.LONG_TERM if scenario == "long_term" else (
        RectificationKind.IMMEDIATE if rng.random() < 0.2 else RectificationKind.DEADLINE)
    if scenario == "overdue":
        deadline = today - timedelta(days=rng.randint(1, 45))
    elif scenario == "due_soon":
        deadline = today + timedelta(days=rng.randint(0, campaign.due_soon_days))
    elif scenario in ("closed_late",):
        deadline = created + timedelta(days=rng.randint(10, 30))
    elif kind == RectificationKind.LONG_TERM:
        deadline = None
    else:
        deadline = today + timedelta(days=rng.randint(campaign.due_soon_days + 1, 90))
    status = {"pending": ProblemStatus.PENDING, "review": ProblemStatus.REVIEW, "closed_on_time": ProblemStatus.CLOSED,
              "closed_late": ProblemStatus.CLOSED, "withdrawn": ProblemStatus.WITHDRAWN}.get(
        scenario, ProblemStatus.IN_PROGRESS)
    has_resp = scenario != "pending" or rng.random() < 0.5
    # The statement comes from a generator of its own, and the main one draws what the stock title used to, so the
    # rest of the demo (statuses, dates, measures) stays what the seed makes it.
    phrases.stock_title(rng, category)
    text_rng = random.Random(campaign.pk * 1_000_003 + seq)
    title = phrases.problem_title(text_rng, category, unit.name)
    problem = Problem(
        campaign_id=campaign.pk, unit_id=unit.pk, seq=seq, number=f"{campaign.number_prefix}-{seq:04d}",
        title=title, description=phrases.problem_description(rng, category, title, lead_rng=text_rng),
        category=category, source=rng.choice(SOURCES), level=rng.choice(LEVELS),
        leader_id=leader.pk if leader else None, leader_name=leader.display_name if leader else people(rng),
        responsible_id=clerk.pk if clerk and has_resp else None,
        responsible_name=(clerk.display_name if clerk else people(rng)) if has_resp else "", kind=kind, target=phrases.target_text(rng, category),
        deadline=deadline, review_cadence_months=3 if kind == RectificationKind.LONG_TERM else None,
        status=status, returned_pending=scenario == "returned", created_by_id=office.pk if office else None,
    )
    problem.demo_created = created
    h = {"measures": [], "progress": [], "closures": [], "lookbacks": [], "changes": []}
    done_all = status == ProblemStatus.CLOSED
    for i in range(rng.choice((1, 2, 2, 3, 3, 4))):
        m_status = MeasureStatus.DONE if done_all or rng.random() < 0.3 else rng.choice(
            (MeasureStatus.TODO, MeasureStatus.DOING))
        if m_status == MeasureStatus.DONE and scenario in ("pending", "withdrawn"):
            m_status = MeasureStatus.TODO  # nobody works on a problem not yet accepted, or withdrawn
        h["measures"].append(Measure(text=phrases.measure_text(rng, category), deadline=deadline, sort_order=i,
                                     responsible_name=problem.responsible_name, status=m_status))

    t = created
    # Completion days of the done measures come from a generator of their own, so the rest of the demo stays
    # what the seed makes it.
    days_rng = random.Random(seq)

    def finish_measures(by):
        """The done measures not yet dated are completed between the problem's creation and `by` — before the
        progress report that follows them, so no measure is dated after the problem's 销号."""
        for m in h["measures"]:
            if m.status == MeasureStatus.DONE and m.completed_at is None:
                m.completed_at = _aware(created + timedelta(days=days_rng.randint(0, max(0, (by - created).days))),
                                        days_rng.randint(9, 17))

    def change(action, old, new, actor, reason=""):
        nonlocal t
        t = min(today, t + timedelta(days=rng.randint(1, 6)))
        h["changes"].append(StatusChange(action=action, old_status=old, new_status=new, actor_id=actor.pk if actor else None,
                                         reason=reason, at=_aware(t, rng.randint(8, 18))))
        return t

    def progress(percent):
        nonlocal t
        # the next step (a closure request, 销号) follows the report: no progress is dated after the problem closed
        day = t = min(today, t + timedelta(days=rng.randint(1, 10)))
        if percent == 100:
            finish_measures(day)
        h["progress"].append(ProgressReport(date=day, text=phrases.progress_text(rng, percent), percent=percent,
                                            author_id=clerk.pk if clerk else None))

    def closure(decision, reviewer, comment=""):
        h["closures"].append(ClosureRequest(
            evidence_summary=phrases.closure_evidence(rng), requested_by_id=clerk.pk if clerk else None,
            requested_at=_aware(t, 9), decision=decision, reviewer_id=reviewer.pk if decision and reviewer else None, comment=comment,
            decided_at=_aware(min(today, t + timedelta(days=2)), 15) if decision else None))

    S = ProblemStatus
    if scenario == "pending":
        return problem, h
    if scenario == "withdrawn":
        change("withdraw", S.PENDING, S.WITHDRAWN, office, phrases.withdraw_reason(rng))
        return problem, h
    change("accept", S.PENDING, S.IN_PROGRESS, clerk or office)
    progress(rng.randint(10, 60))
    if scenario in ("on_track", "overdue", "due_soon", "long_term"):
        finish_measures(t)
        return problem, h
    if scenario == "returned":
        change("request_closure", S.IN_PROGRESS, S.REVIEW, clerk)
        closure(ClosureDecision.RETURNED, office, phrases.return_reason(rng))
        change("return", S.REVIEW, S.IN_PROGRESS, office, h["closures"][-1].comment)
        finish_measures(t)
        return problem, h
    progress(100)  # every measure was done by the final progress report, before the 销号 request
    change("request_closure", S.IN_PROGRESS, S.REVIEW, clerk)
    if scenario == "review":
        closure(ClosureDecision.PENDING, None)
        return problem, h
    closure(ClosureDecision.APPROVED, office, "")
    if scenario == "closed_late" and deadline:
        t = max(t, deadline + timedelta(days=rng.randint(1, 10)))
        t = min(t, today)
    closed_on = change("approve", S.REVIEW, S.CLOSED, office)
    problem.closed_at, problem.closed_on = _aware(closed_on, 16), closed_on
    if scenario == "reopened":
        comment = phrases.lookback_comment(rng, rebound=True)
        h["lookbacks"].append(LookBack(date=min(today, t + timedelta(days=20)), reviewer_id=office.pk if office else None, solved=False,
                                       felt=False, verdict=LookBackVerdict.REBOUND, comment=comment))
        change("reopen", S.CLOSED, S.IN_PROGRESS, office, f"回头看发现反弹：{comment}")
        problem.closed_at = problem.closed_on = None
    elif rng.random() < 0.3:
        h["lookbacks"].append(LookBack(date=min(today, t + timedelta(days=20)), reviewer_id=office.pk if office else None,
                                       verdict=LookBackVerdict.CONSOLIDATED,
                                       comment=phrases.lookback_comment(rng, rebound=False)))
    return problem, h


def _generate_for(ctx, campaign, total, rng, writer, scenarios=SCENARIOS):
    units = ctx.all_units
    by_level = [lvl for lvl in ctx.units_by_level.values() if lvl]
    office_for = _office_for(ctx)
    names = [phrases.person_name(rng) for _ in range(500)]

    def people(r):
        return r.choice(names)

    kinds = [s for s, _ in scenarios]
    weights = [w for _, w in scenarios]
    plans = []
    for seq in range(1, total + 1):
        # The first problems go to the first unit of every level, so each level has some.
        unit = by_level[seq - 1][0] if seq <= len(by_level) else units[rng.randrange(len(units))]
        scenario = rng.choices(kinds, weights)[0]
        plans.append(_plan(ctx, rng, campaign, unit, seq, scenario, office_for, people))
        if len(plans) >= BATCH:
            writer.flush(plans)
            plans = []
    if plans:
        writer.flush(plans)


def generate(ctx) -> None:
    rng = ctx.rng_for("ledger")
    total = TOTALS.get(ctx.size, 300)
    writer = _Writer(ctx)
    _generate_for(ctx, ctx.campaign, total, rng, writer)
    if ctx.predecessor is not None:
        # The first batch: mostly closed, some unfinished — left for 承接 (carry-over) into the second batch.
        _generate_for(ctx, ctx.predecessor, max(20, total // 20), ctx.rng_for("ledger-predecessor"), writer,
                      scenarios=[("closed_on_time", 70), ("closed_late", 10), ("overdue", 12), ("on_track", 8)])
    ctx.counts.update(writer.counts)
