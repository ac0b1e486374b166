"""Reads of the research workstream, always from the user's scope (NotFound outside it)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F

from taizhang.core.querysets import narrowed, of_campaign, one_or_not_found
from taizhang.orgs import permissions as P
from taizhang.research.models import ResearchTopic, ResearchVisit, TopicStatus, Transformation
from taizhang.stats.selectors import metric_narrowed


def topics_visible(user, campaign=None):
    qs = ResearchTopic.objects.for_user(user, P.VIEW).select_related("unit", "lead_leader", "campaign")
    return of_campaign(qs, campaign)


def topic_list(user, campaign, *, status: str = "", unit=None, metric: str = ""):
    """The 调研课题 list page's rows (newest first): the user's topics of `campaign`, filtered by status and by a
    unit's subtree. The Excel export reads the same function, so it holds exactly what the page lists."""
    return metric_narrowed(narrowed(topics_visible(user, campaign), status=status, unit=unit), metric, campaign).order_by("-created_at", "-id")


def topics_open(user, campaign=None):
    """揭榜领题: proposed topics without a leader that the user may take (LEAD over their unit)."""
    qs = ResearchTopic.objects.for_user(user, P.LEAD).filter(status=TopicStatus.PROPOSED, lead_leader__isnull=True,
                                                             lead_leader_name="")
    qs = qs.select_related("unit", "campaign")
    return of_campaign(qs, campaign)


def topic_get(user, pk: int) -> ResearchTopic:
    return one_or_not_found(topics_visible(user), "调研课题不存在或不在您的权限范围内", pk=pk)


def visits_visible(user, campaign=None):
    qs = ResearchVisit.objects.for_user(user, P.VIEW).select_related("unit", "topic", "leader", "site_unit")
    return of_campaign(qs, campaign)


def visit_get(user, pk: int) -> ResearchVisit:
    return one_or_not_found(visits_visible(user), "调研走访不存在或不在您的权限范围内", pk=pk)


def transformation_get(user, pk: int) -> Transformation:
    return one_or_not_found(Transformation.objects.for_user(user, P.VIEW).select_related("topic", "unit"),
                            "成果转化事项不存在或不在您的权限范围内", pk=pk)


def visit_clusters(user, campaign) -> list[dict]:
    """避免扎堆调研: sites where visits of two or more different leaders fall within the campaign's
    window of each other, among the visits in the user's scope. Each cluster lists its visits."""
    window = timedelta(days=campaign.visit_window_days)
    visits = list(visits_visible(user, campaign).order_by("site_key", "start_date", "id"))
    clusters: list[dict] = []
    run: list = []

    def flush():
        leaders = {v.leader_id or f"name:{v.leader_name}" for v in run}
        if len(run) > 1 and len(leaders) > 1:
            clusters.append({"site": run[0].site_display, "site_key": run[0].site_key, "visits": list(run),
                             "leaders": len(leaders), "start": run[0].start_date,
                             "end": max(v.end_date for v in run)})

    for v in visits:
        if run and (v.site_key != run[-1].site_key or v.start_date > max(r.end_date for r in run) + window):
            flush()
            run = []
        run.append(v)
    if run:
        flush()
    clusters.sort(key=lambda c: (-len(c["visits"]), c["start"]))
    return clusters


def visit_problems(user, visit) -> list:
    """The problems a visit found (调研发现), those the user may see."""
    from taizhang.ledger.selectors import problems_linked

    return list(problems_linked(user, research_visits=visit))


def site_unit(code: str):
    """The unit a visit goes to, by code (any active unit of the tree; none when `code` is empty)."""
    from taizhang.core.exceptions import ValidationFailed
    from taizhang.orgs.models import Unit
    from taizhang.orgs.selectors import unit_matches

    code = (code or "").strip()
    if not code:
        return None
    matches = unit_matches(Unit.objects.filter(active=True), code)
    if len(matches) > 1:
        raise ValidationFailed(f"调研单位「{code}」对应多个单位，请从下拉中选择", field="site_unit_code")
    if not matches:
        raise ValidationFailed(f"调研单位「{code}」不存在", field="site_unit_code")
    return matches[0]


def visit_list(user, campaign, *, status: str = "", unit=None, metric: str = ""):
    """The 调研走访 list's rows (latest first), narrowed by status, a unit's subtree and a figure's key."""
    qs = narrowed(visits_visible(user, campaign), status=status, unit=unit)
    return metric_narrowed(qs, metric, campaign).order_by("-start_date", "-id")


def transformation_list(user, campaign, *, status: str = "", kind: str = "", unit=None, metric: str = ""):
    """The 成果转化 list's rows (by deadline, those without one last): the transformations of the user's topics in
    `campaign`, narrowed by status, kind, a unit's subtree and a figure's key."""
    qs = Transformation.objects.for_user(user, P.VIEW).select_related("topic", "unit")
    if campaign is not None:
        qs = qs.filter(topic__campaign=campaign)
    qs = narrowed(qs, status=status, kind=kind, unit=unit)
    return metric_narrowed(qs, metric, campaign).order_by(F("deadline").asc(nulls_last=True), "id")


def open_topics_board(user, campaign):
    """揭榜领题: the newest 200 topics still waiting for a leader."""
    return topics_open(user, campaign).order_by("-created_at")[:200]


def topic_visits(topic):
    """A topic's visits in date order, with their leaders and sites."""
    return topic.visits.select_related("leader", "site_unit").order_by("start_date", "id")


def topic_problems(user, topic) -> list:
    """The problems the topic studies (a 共性问题 raised to a topic) that the user sees."""
    from taizhang.ledger.models import Problem

    return list(Problem.objects.for_user(user, P.VIEW).filter(research_topics=topic).select_related("unit")
                .order_by("seq"))
