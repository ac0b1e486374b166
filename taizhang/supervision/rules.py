"""The daily supervision rules of a campaign (run at 08:00 by the periodic task and by `taizhang remind`).

- 提示单: an open problem whose deadline is within `campaign.remind_workdays_before` workdays (the
  workday calendar counts holidays and 调休 make-up days) — once per problem and deadline.
- 预警单: an open problem past its deadline — once per problem and deadline.
- 约谈建议: a unit with ≥ `campaign.red_threshold_count` red items or one overdue more than
  `campaign.red_threshold_overdue_days` days — one open suggestion per unit, to the offices above it.

Each hit stores a `RuleHit` whose unique key names the reason, the record and the occasion, so running
the rules twice on one day (or every day) sends nothing twice; a moved deadline re-arms the rule.
Problems of one unit hit on one day share one slip. `dry_run` plans the same and writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.urls import reverse

from taizhang.audit.services import audit_record
from taizhang.ledger.lights import overdue_q
from taizhang.ledger.models import Problem, ProblemStatus
from taizhang.ledger.workdays import add_workdays
from taizhang.orgs import permissions as P
from taizhang.supervision.models import (
    InterviewSuggestion,
    RuleHit,
    SlipKind,
    SlipOrigin,
    SuggestionStatus,
)

REMINDABLE = (ProblemStatus.PENDING, ProblemStatus.IN_PROGRESS)
OPEN = (ProblemStatus.PENDING, ProblemStatus.IN_PROGRESS, ProblemStatus.REVIEW)


def supervising_offices(unit) -> list:
    """The office accounts of the nearest ancestor (or the unit itself, for a root) that has any."""
    from taizhang.orgs.models import RoleAssignment, Unit

    paths = [unit.path[:i] for i in range(unit.steplen, len(unit.path), unit.steplen)] or [unit.path]
    for ancestor in Unit.objects.filter(path__in=paths).order_by("-depth"):
        users = [a.user for a in RoleAssignment.objects.filter(
            unit=ancestor, role=P.OFFICE, include_subunits=True, user__is_active=True).select_related("user", "user__unit")]
        if users:
            return users
    return []


def _issuer_for(unit):
    """Rule slips come from the level above the unit (a root unit's from itself)."""
    from taizhang.orgs.models import Unit

    return Unit.objects.get_parent(unit) or unit


def _plan_problem_rule(campaign, today: date, rule: str, problems) -> list[dict]:
    keys = {p.pk: f"{rule}:problem:{p.pk}:{p.deadline:%Y-%m-%d}" for p in problems}
    done = set(RuleHit.objects.filter(dedupe_key__in=list(keys.values())).values_list("dedupe_key", flat=True))
    return [{"rule": rule, "problem": p, "key": keys[p.pk]} for p in problems if keys[p.pk] not in done]


def plan(campaign, today: date) -> dict:
    """What the rules would do today: {"reminder": [...], "warning": [...], "interview": [...]}."""
    base = Problem.objects.filter(campaign=campaign).select_related("unit")
    horizon = add_workdays(today, campaign.remind_workdays_before)
    # Due within N workdays: today <= deadline <= the day N workdays ahead.
    due = list(base.filter(status__in=REMINDABLE, deadline__gte=today, deadline__lte=horizon).order_by("unit__path", "seq"))
    overdue = list(base.filter(overdue_q(today)).order_by("unit__path", "seq"))
    interview = []
    rows = (Problem.objects.filter(campaign=campaign).filter(overdue_q(today)).values("unit")
            .annotate(red=Count("id"), oldest=Min("deadline")).order_by("unit"))
    open_units = set(InterviewSuggestion.objects.filter(campaign=campaign, status=SuggestionStatus.OPEN)
                     .values_list("unit_id", flat=True))
    for row in rows:
        days = (today - row["oldest"]).days
        over_count = row["red"] >= campaign.red_threshold_count
        over_days = days > campaign.red_threshold_overdue_days
        if not (over_count or over_days) or row["unit"] in open_units:
            continue
        key = f"interview:{campaign.pk}:unit:{row['unit']}:{today:%Y-%m-%d}"
        if RuleHit.objects.filter(dedupe_key=key).exists():
            continue
        reasons = []
        if over_count:
            reasons.append(f"红灯问题{row['red']}个（≥{campaign.red_threshold_count}个）")
        if over_days:
            reasons.append(f"有问题逾期{days}天（>{campaign.red_threshold_overdue_days}天）")
        interview.append({"rule": "interview", "unit_id": row["unit"], "red": row["red"], "days": days,
                          "reason": "；".join(reasons), "key": key})
    return {"reminder": _plan_problem_rule(campaign, today, "reminder", due),
            "warning": _plan_problem_rule(campaign, today, "warning", overdue),
            "interview": interview}


SLIP_TEXT = {
    "reminder": (SlipKind.REMINDER, "关于整改时限临近的提示单",
                 "以下问题整改时限临近，请抓紧推进整改，按期销号："),
    "warning": (SlipKind.WARNING, "关于问题整改逾期的预警单",
                "以下问题已超过整改时限仍未销号，请说明原因、提出措施，尽快完成整改："),
}


def run_rules(campaign, today: date, *, dry_run: bool = False) -> dict:
    """Run the rules for one campaign on `today`. Returns the JSON-ready report of what was (or, with
    dry_run, would be) sent: {"reminders": [...], "slips": [...], "suggestions": [...]}."""
    from taizhang.supervision.services import send_notice

    planned = plan(campaign, today)
    report: dict = {"reminders": [], "slips": [], "suggestions": []}
    for rule in ("reminder", "warning"):
        by_unit: dict[int, list[dict]] = defaultdict(list)
        for hit in planned[rule]:
            p = hit["problem"]
            by_unit[p.unit_id].append(hit)
            report["reminders"].append({"rule": rule, "campaign": campaign.slug, "problem": p.number,
                                        "problem_id": p.pk, "unit": p.unit.code,
                                        "deadline": p.deadline.isoformat(), "key": hit["key"]})
        for hits in by_unit.values():
            unit = hits[0]["problem"].unit
            kind, title, lead = SLIP_TEXT[rule]
            lines = [lead] + [f"{i}. {h['problem'].number} {h['problem'].title}（整改时限{h['problem'].deadline:%Y-%m-%d}）"
                              for i, h in enumerate(hits, start=1)]
            entry = {"rule": rule, "kind": kind.value, "campaign": campaign.slug, "unit": unit.code,
                     "problems": [h["problem"].number for h in hits], "number": None, "id": None}
            if not dry_run:
                slip = _issue_rule_slip(campaign, today, unit, kind, title, "\n".join(lines), hits, rule)
                if slip is None:
                    continue
                entry["number"], entry["id"] = slip.number, slip.pk
            report["slips"].append(entry)
    from taizhang.orgs.models import Unit

    units = Unit.objects.in_bulk([s["unit_id"] for s in planned["interview"]])
    for s in planned["interview"]:
        unit = units[s["unit_id"]]
        entry = {"rule": "interview", "campaign": campaign.slug, "unit": unit.code, "red_count": s["red"],
                 "max_overdue_days": s["days"], "reason": s["reason"], "id": None}
        if not dry_run:
            suggestion = _suggest(campaign, today, unit, s)
            if suggestion is None:
                continue
            entry["id"] = suggestion.pk
            send_notice(recipients=supervising_offices(unit), title=f"约谈建议：{unit.name}",
                        body=f"{unit.name}{s['reason']}，建议约谈。",
                        link=reverse("supervision:suggestion_list"), kind="slip.suggestion", obj=suggestion,
                        dedupe_key=s["key"])
        report["suggestions"].append(entry)
    return report


def _issue_rule_slip(campaign, today, unit, kind, title, content, hits, rule):
    """One slip for a unit's hits, with a RuleHit per problem; None if a concurrent run took them first."""
    from taizhang.supervision.services import slip_issue

    try:
        with transaction.atomic():
            for h in hits:
                RuleHit.objects.create(dedupe_key=h["key"], rule=rule, campaign=campaign, problem=h["problem"],
                                       date=today)
            slip = slip_issue(actor=None, kind=kind, target_unit=unit, campaign=campaign, title=title,
                              content=content, problems=[h["problem"] for h in hits], issuer_unit=_issuer_for(unit),
                              origin=SlipOrigin.RULE, reply_deadline=add_workdays(today, 3),
                              notice_key=f"{rule}:unit:{unit.pk}:{today:%Y-%m-%d}")
            RuleHit.objects.filter(dedupe_key__in=[h["key"] for h in hits]).update(slip=slip)
            return slip
    except IntegrityError:
        return None


def _suggest(campaign, today, unit, s):
    try:
        with transaction.atomic():
            RuleHit.objects.create(dedupe_key=s["key"], rule="interview", campaign=campaign, date=today)
            suggestion = InterviewSuggestion.objects.create(
                campaign=campaign, unit=unit, date=today, red_count=s["red"], max_overdue_days=s["days"],
                reason=s["reason"])
            suggestion.problems.set(Problem.objects.filter(campaign=campaign, unit=unit).filter(overdue_q(today)))
            audit_record(actor=None, action="interviewsuggestion.create", obj=suggestion, unit=unit,
                         object_repr=f"约谈建议：{unit.name}",
                         changes={"rule": s["key"], "reason": s["reason"], "red_count": s["red"],
                                  "max_overdue_days": s["days"]})
            return suggestion
    except IntegrityError:
        return None


def run_all(today: date, *, dry_run: bool = False, campaign_slug: str | None = None) -> dict:
    """The rules and the 回头看 scheduling for every active campaign (or one)."""
    from taizhang.campaigns.models import Campaign
    from taizhang.supervision.lookbacks import schedule_lookbacks

    campaigns = Campaign.objects.filter(active=True).order_by("pk")
    if campaign_slug:
        campaigns = Campaign.objects.filter(slug=campaign_slug)
    out: dict = {"date": today.isoformat(), "dry_run": dry_run, "reminders": [], "slips": [], "suggestions": [],
                 "lookbacks": []}
    for campaign in campaigns:
        part = run_rules(campaign, today, dry_run=dry_run)
        for k in ("reminders", "slips", "suggestions"):
            out[k].extend(part[k])
        out["lookbacks"].extend(schedule_lookbacks(campaign, today, dry_run=dry_run))
    return out
