"""Reads of the ledger, always from the user's scope."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Q

from taizhang.core.exceptions import NotFound
from taizhang.core.querysets import COUNT_CAP, count_up_to, one_or_not_found
from taizhang.ledger import lights
from taizhang.ledger.models import (
    FINISHED_STATUSES,
    Attachment,
    ClosureDecision,
    Measure,
    Problem,
    ProblemStatus,
)
from taizhang.orgs import permissions as P
from taizhang.orgs.models import Unit
from taizhang.orgs.scope import covers_subtree, scope_q

SORTS = {
    # seq is unique per campaign, so it alone orders the list straight from the (campaign, seq) index.
    "number": ("seq",),
    "-number": ("-seq",),
    "deadline": ("deadline", "seq"),
    "-deadline": ("-deadline", "-seq"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "unit": ("unit__path", "seq"),
}


def problems_for(user, action: str = P.VIEW):
    return Problem.objects.for_user(user, action)


def problem_get(user, pk, action: str = P.VIEW) -> Problem:
    problem = (problems_for(user, action).select_related("campaign", "unit", "leader", "responsible", "lead_unit")
               .filter(pk=pk).first())
    if problem is None:
        raise NotFound("问题不存在或不在您的权限范围内")
    return problem


def problem_by_number(user, campaign, number: str) -> Problem:
    problem = problems_for(user).select_related("campaign", "unit").filter(campaign=campaign, number=number).first()
    if problem is None:
        raise NotFound(f"问题「{number}」不存在或不在您的权限范围内")
    return problem


def attachment_get(user, pk) -> Attachment:
    return one_or_not_found(Attachment.objects.for_user(user, P.VIEW).select_related("problem"),
                            "附件不存在或不在您的权限范围内", pk=pk)


@dataclass
class ProblemFilter:
    """The list's filters; the same for the web page, the API and the CLI."""

    unit: Unit | None = None
    status: str = ""
    light: str = ""
    category: str = ""
    source: str = ""
    kind: str = ""
    leader: str = ""
    overdue: bool = False
    due_soon: bool = False
    q: str = ""
    sort: str = "number"
    metric: str = ""
    extra: dict = field(default_factory=dict)


def _campaign_problems(user, campaign):
    """The campaign's problems in the user's scope.

    Services keep every problem of a campaign inside its root unit's subtree, so when the user's scope covers
    the root unit's whole subtree (a province office in a province campaign) the scope filter selects every row
    anyway; it is left out, and the list's first page is read straight from the (campaign, …) indexes instead of
    joining a million rows to the unit tree. A clerk of the root unit alone (no subunits) keeps the filter."""
    if covers_subtree(user, P.VIEW, campaign.root_unit):
        return Problem.objects.filter(campaign=campaign)
    return problems_for(user).filter(campaign=campaign)


def problem_list(user, campaign, f: ProblemFilter, *, with_status: bool = True, on: date | None = None):
    """The filtered, sorted queryset with `light_value` annotated."""
    qs = _campaign_problems(user, campaign)
    days = campaign.due_soon_days
    if f.unit is not None and not campaign.root_unit.path.startswith(f.unit.path):
        qs = qs.filter(f.unit.subtree_q("unit"))
    if with_status and f.status:
        qs = qs.filter(status=f.status)
    if f.light:
        qs = qs.filter(lights.light_q(f.light, days, on))
    if f.category:
        qs = qs.filter(category=f.category)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.leader:
        qs = qs.filter(Q(leader_name__contains=f.leader) | Q(leader__display_name__contains=f.leader))
    if f.overdue:
        qs = qs.filter(lights.overdue_q(on))
    if f.due_soon:
        qs = qs.filter(lights.due_soon_q(days, on))
    if f.q:
        from taizhang.search.selectors import problem_keyword_q

        qs = qs.filter(problem_keyword_q(f.q, campaign))
    if f.metric:
        qs = qs.filter(metric_q(f.metric, campaign, on))
    qs = lights.annotate_light(qs, days, on)
    return qs.order_by(*SORTS.get(f.sort, SORTS["number"]))


def metric_q(key: str, campaign, on: date | None = None) -> Q:
    """The problems a catalogue figure counts (stats.selectors.metric_q): the list behind a figure holds exactly
    as many rows as the figure says."""
    from taizhang.stats.selectors import metric_q as catalogue_q

    return catalogue_q(key, campaign, on)


def measure_list(user, campaign, *, status: str = "", unit=None, metric: str = ""):
    """The 整改措施 list's rows: the measures of the campaign's problems in the user's scope (by deadline, those
    without one last), narrowed by status, the problem's unit subtree and a figure's key — so a list opened
    from the 整改措施 figures holds what they count."""
    from django.db.models import F

    from taizhang.stats.selectors import metric_narrowed

    qs = Measure.objects.for_user(user, P.VIEW).select_related("problem", "problem__unit")
    if campaign is not None:
        qs = qs.filter(problem__campaign=campaign)
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(unit.subtree_q("problem__unit"))
    return metric_narrowed(qs, metric, campaign).order_by(F("deadline").asc(nulls_last=True), "problem_id", "id")


def page_of(qs, page: int, size: int = 50) -> dict:
    """One page by LIMIT/OFFSET plus one row to know whether there is a next page; the total is counted
    only up to COUNT_CAP so a province-wide list never counts a million rows."""
    page = max(1, page)
    rows = list(qs.select_related("unit", "leader", "responsible")[(page - 1) * size: page * size + 1])
    has_next = len(rows) > size
    total = count_up_to(qs)
    return {"rows": rows[:size], "page": page, "has_next": has_next, "has_previous": page > 1,
            "total": min(total, COUNT_CAP), "total_capped": total > COUNT_CAP}


def status_counts(user, campaign, f: ProblemFilter) -> dict[str, int]:
    """Counts per status for the filter (the status filter itself ignored).

    Small scopes are counted on every request; a scope above COUNT_CAP rows (a province office's
    whole ledger) is counted once a minute per user and filter, so paging does not recount a million rows.
    """
    parts = (f.unit.pk if f.unit else 0, f.light, f.category, f.source, f.kind, f.leader, f.overdue, f.due_soon, f.q,
             f.metric)
    key = "ledger:counts:" + hashlib.sha256(repr((user.pk, campaign.pk, parts)).encode()).hexdigest()
    counts = cache.get(key)
    if counts is None:
        qs = problem_list(user, campaign, f, with_status=False).order_by()
        raw = dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
        counts = {s: raw.get(s, 0) for s in ProblemStatus.values}
        counts["all"] = sum(raw.values())
        if counts["all"] > COUNT_CAP:
            cache.set(key, counts, 60)
    return counts


def todo_for(user, campaign, limit: int = 100) -> dict:
    """我的待办: problems waiting for the user — to accept, to update, to review — overdue first."""
    days = campaign.due_soon_days
    base = lights.annotate_light(Problem.objects.filter(campaign=campaign), days).select_related("unit", "responsible")
    order = ("deadline", "seq")
    out = {"accept": [], "update": [], "review": []}
    change = scope_q(user, P.CHANGE)
    if change is not None:
        out["accept"] = list(base.filter(change, status=ProblemStatus.PENDING).order_by(*order)[:limit])
        # mine, then nobody's: read apart, each in deadline order through its own index (OR-ed, a city's list
        # walked every problem in progress of the province to find its hundred)
        updating = base.filter(change, status=ProblemStatus.IN_PROGRESS).order_by(*order)
        both = list(updating.filter(responsible=user)[:limit]) + list(updating.filter(responsible__isnull=True)[:limit])
        out["update"] = sorted(both, key=lambda p: (p.deadline or date.max, p.seq))[:limit]
    review = scope_q(user, P.REVIEW)
    if review is not None:
        out["review"] = list(base.filter(review, status=ProblemStatus.REVIEW)
                             .exclude(closure_requests__decision=ClosureDecision.PENDING,
                                      closure_requests__requested_by=user)
                             .order_by(*order)[:limit])
    for key in out:
        out[key].sort(key=lambda p: (p.light_value != lights.RED, p.deadline or date.max, p.seq))
    return out


def timeline(problem) -> list[dict]:
    """Status changes and progress reports of a problem, in time order."""
    from django.contrib.contenttypes.models import ContentType

    from taizhang.audit.models import StatusChange
    from taizhang.ledger.lifecycle import TRANSITIONS

    ct = ContentType.objects.get_for_model(Problem)
    items = []
    labels = dict(ProblemStatus.choices)
    for sc in StatusChange.objects.filter(content_type=ct, object_id=problem.pk).select_related("actor"):
        t = TRANSITIONS.get(sc.action)
        items.append({"at": sc.at, "kind": "status", "label": t.label if t else sc.action,
                      "text": sc.reason, "actor": sc.actor, "new": labels.get(sc.new_status, sc.new_status)})
    for pr in problem.progress_reports.select_related("author").prefetch_related("attachments"):
        items.append({"at": pr.created_at, "kind": "progress", "label": f"进展 {pr.percent}%", "text": pr.text,
                      "actor": pr.author, "date": pr.date, "attachments": list(pr.attachments.all())})
    return sorted(items, key=lambda i: i["at"])


def is_finished(problem) -> bool:
    return problem.status in FINISHED_STATUSES





def problem_rows(user, campaign, f: ProblemFilter):
    """`problem_list` with everything a row of the API shows loaded up front: the campaign, the units, the
    people and the co-units (no query per row)."""
    return (problem_list(user, campaign, f).select_related("campaign", "unit", "leader", "responsible", "lead_unit")
            .prefetch_related("co_units"))


def progress_get(problem, pk: int):
    """One progress report of `problem` (404 for another problem's)."""
    return one_or_not_found(problem.progress_reports, "进展记录不存在", pk=pk)


def problems_linked(user, **link):
    """The problems the user may see that are linked to a record (`research_visits=visit`, `institutions=inst`)."""
    return problems_for(user).filter(**link).select_related("unit").order_by("seq")


def problem_linked_get(user, pk: int, **link) -> Problem:
    """One of `problems_linked`; 404 when it is not linked there or not in the user's scope."""
    return one_or_not_found(problems_linked(user, **link), "问题不存在或没有关联在这里", pk=pk)
def units_by_code(codes: list[str], *, user, field: str = "co_unit_codes") -> list[Unit]:
    """Units named as lead or co-units — by code or exact name — in the order given, among the units the user
    may see (a unit outside the caller's scope is refused like an unknown one, so that neither its existence
    leaks nor a problem is pinned on a unit the caller has nothing to do with). ValidationFailed naming the
    unknown or ambiguous values under `field`."""
    from taizhang.core.exceptions import ValidationFailed
    from taizhang.orgs.selectors import unit_matches

    visible = Unit.objects.for_user(user, P.VIEW)
    found = {u.code: u for u in visible.filter(code__in=codes)}
    missing, ambiguous = [], []
    for text in codes:
        if text not in found:
            matches = unit_matches(visible, text)
            if len(matches) == 1:
                found[text] = matches[0]
            else:
                (ambiguous if matches else missing).append(text)
    if missing:
        raise ValidationFailed(f"单位不存在或不在您的权限范围内：{'、'.join(missing)}", field=field)
    if ambiguous:
        raise ValidationFailed(f"{'、'.join(f'「{t}」' for t in ambiguous)}对应多个单位，请从下拉中选择", field=field)
    return [found[c] for c in codes]


def problems_by_ids(user, ids: list[int], action: str = P.VIEW) -> list[Problem]:
    """The problems among `ids` that the user may see (a bulk action's selection)."""
    return list(problems_for(user, action).select_related("unit", "campaign").filter(pk__in=ids))


def measure_get(problem, pk) -> Measure:
    """One measure of `problem` (NotFound for another problem's or a made-up id)."""
    measure = problem.measures.filter(pk=pk).first() if str(pk).isdigit() else None
    if measure is None:
        raise NotFound("整改措施不存在")
    return measure


def problem_page(problem) -> dict:
    """The records the problem page lists beside the problem itself."""
    return {
        "measures": list(problem.measures.all()), "timeline": timeline(problem),
        "attachments": list(problem.attachments.select_related("uploaded_by")),
        "closures": list(problem.closure_requests.select_related("requested_by", "reviewer")
                         .prefetch_related("attachments")),
        "lookbacks": list(problem.lookbacks.select_related("reviewer")),
        "co_units": list(problem.co_units.all()),
    }


def calendar_days(year: str = ""):
    """The workday calendar's entries (holidays and make-up workdays), of one year when `year` is a number."""
    from taizhang.ledger.models import CalendarDay

    days = CalendarDay.objects.all()
    return days.filter(date__year=int(year)) if year.isdigit() else days


def last_percent(problem) -> int:
    """The completion percent of the problem's latest progress report (0 before the first): where the next
    report's percent starts."""
    latest = problem.progress_reports.order_by("-date", "-id").values_list("percent", flat=True).first()
    return latest or 0
