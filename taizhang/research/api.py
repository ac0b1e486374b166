"""API routes of the research workstream (same selectors and services as the pages)."""

from datetime import date

from django.db import transaction
from ninja import Router, Schema

from taizhang.campaigns.selectors import campaign_get
from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.dossier import services as dossier_services
from taizhang.ledger.selectors import problem_by_number
from taizhang.orgs import permissions as P
from taizhang.orgs.selectors import unit_from_code
from taizhang.research import selectors, services

ROUTER_PREFIX = "/research"
router = Router(tags=["调查研究"])


class VisitOut(Schema):
    id: int
    topic_id: int
    unit: str
    leader: str
    start_date: date
    end_date: date
    status: str
    site: str
    method: str
    participant_count: int
    people_met_count: int
    needs_collected: str
    solved_on_site: str
    solved_count: int


class TransformationOut(Schema):
    id: int
    kind: str
    title: str
    responsible: str
    deadline: date | None
    status: str


class TopicOut(Schema):
    id: int
    campaign: str
    unit: str
    title: str
    direction: str
    lead_leader: str
    status: str
    status_label: str
    planned_start: date | None
    planned_end: date | None
    exchange_grade: str
    version: int


class TopicDetailOut(TopicOut):
    rationale: str
    planned_sites: str
    report_abstract: str
    visits: list[VisitOut]
    transformations: list[TransformationOut]


class ActionIn(Schema):
    version: int | None = None
    reason: str = ""


def topic_out(t) -> dict:
    return {"id": t.pk, "campaign": t.campaign.slug, "unit": t.unit.code, "title": t.title, "direction": t.direction,
            "lead_leader": t.leader_display, "status": t.status, "status_label": t.get_status_display(),
            "planned_start": t.planned_start, "planned_end": t.planned_end, "exchange_grade": t.exchange_grade,
            "version": t.version}


def visit_out(v) -> dict:
    return {"id": v.pk, "topic_id": v.topic_id, "unit": v.unit.code, "leader": v.leader_display,
            "start_date": v.start_date, "end_date": v.end_date, "status": v.status, "site": v.site_display,
            "method": v.method, "participant_count": v.participant_count, "people_met_count": v.people_met_count,
            "needs_collected": v.needs_collected, "solved_on_site": v.solved_on_site, "solved_count": v.solved_count}


def _campaign(request, slug):
    return campaign_get(request.user, slug) if slug else None


@router.get("/topics", response=list[TopicOut], summary="调研课题")
def topic_list(request, campaign: str | None = None, status: str | None = None, limit: int = 200, offset: int = 0):
    qs = selectors.topics_visible(request.user, _campaign(request, campaign)).order_by("id")
    if status:
        qs = qs.filter(status=status)
    return [topic_out(t) for t in qs[offset: offset + min(limit, 1000)]]


@router.get("/topics/{topic_id}", response=TopicDetailOut, summary="调研课题详情")
def topic_detail(request, topic_id: int):
    t = selectors.topic_get(request.user, topic_id)
    return {**topic_out(t), "rationale": t.rationale, "planned_sites": t.planned_sites,
            "report_abstract": t.report_abstract,
            "visits": [visit_out(v) for v in t.visits.select_related("unit", "leader", "site_unit")],
            "transformations": [{"id": i.pk, "kind": i.kind, "title": i.title, "responsible": i.responsible,
                                 "deadline": i.deadline, "status": i.status} for i in t.transformations.all()]}


@router.post("/topics/{topic_id}/actions/{action}", response=TopicOut, summary="课题状态流转（take 为揭榜领题）")
def topic_action(request, topic_id: int, action: str, payload: ActionIn):
    t = selectors.topic_get(request.user, topic_id)
    if action == "take":
        services.topic_take(actor=request.user, topic=t, expected_version=payload.version)
    else:
        services.topic_transition(actor=request.user, topic=t, action=action, expected_version=payload.version,
                                  reason=payload.reason)
    return topic_out(t)


@router.get("/visits", response=list[VisitOut], summary="调研走访")
def visit_list(request, campaign: str | None = None, limit: int = 200, offset: int = 0):
    qs = selectors.visits_visible(request.user, _campaign(request, campaign)).order_by("id")
    return [visit_out(v) for v in qs[offset: offset + min(limit, 1000)]]


class VisitProblemsIn(Schema):
    """Either `numbers` of existing problems to link, or `title` (with `unit`) of a new 调研发现 problem."""

    numbers: list[str] = []
    unit: str = ""
    title: str = ""
    description: str = ""
    category: str = ""


class LinkedProblemOut(Schema):
    id: int
    number: str
    title: str
    unit: str
    status: str


def linked_problem_out(p) -> dict:
    return {"id": p.pk, "number": p.number, "title": p.title, "unit": p.unit.code, "status": p.status}


@router.post("/visits/{visit_id}/problems", response=list[LinkedProblemOut],
             summary="调研发现的问题：新建并关联（title）或按编号关联（numbers）")
def visit_problems(request, visit_id: int, payload: VisitProblemsIn):

    visit = selectors.visit_get(request.user, visit_id)
    if not payload.numbers and not payload.title.strip():
        raise ValidationFailed("请提供要关联的问题编号（numbers）或新问题的标题（title）", field="numbers")
    with transaction.atomic():
        if payload.numbers:
            problems = [problem_by_number(request.user, visit.campaign, n.strip()) for n in payload.numbers]
            dossier_services.visit_link_problems(actor=request.user, visit=visit, problems=problems)
        if payload.title.strip():
            unit = unit_from_code(request.user, payload.unit or visit.unit.code, P.CREATE, field="unit")
            dossier_services.visit_record_problem(actor=request.user, visit=visit, unit=unit, title=payload.title,
                                                  description=payload.description, category=payload.category)
    return [linked_problem_out(p) for p in selectors.visit_problems(request.user, visit)]


@router.delete("/visits/{visit_id}/problems/{problem_id}", response=list[LinkedProblemOut],
               summary="取消调研走访与一个问题的关联（问题仍在整改台账中）")
def visit_problem_unlink(request, visit_id: int, problem_id: int):
    visit = selectors.visit_get(request.user, visit_id)
    problem = next((p for p in selectors.visit_problems(request.user, visit) if p.pk == problem_id), None)
    if problem is None:
        raise NotFound("问题不存在或没有关联在这里")
    dossier_services.visit_unlink_problem(actor=request.user, visit=visit, problem=problem)
    return [linked_problem_out(p) for p in selectors.visit_problems(request.user, visit)]
