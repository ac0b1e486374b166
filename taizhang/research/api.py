"""API routes of the research workstream (same selectors and services as the pages)."""

from datetime import date

from django.db import transaction
from ninja import Field, Query, Router, Schema

from taizhang.api.filters import CampaignQuery
from taizhang.api.pagination import paged
from taizhang.api.routes import problem_unlink_route, record_routes
from taizhang.api.schemas import BodyIn, LinkedProblemOut, RecordOut, VersionIn
from taizhang.core.exceptions import ValidationFailed
from taizhang.dossier import services as dossier_services
from taizhang.ledger.selectors import problem_by_number, problems_linked
from taizhang.orgs import permissions as P
from taizhang.orgs.selectors import unit_from_code
from taizhang.research import selectors, services
from taizhang.research.filters import TopicFilter


class VisitOut(Schema):
    id: int
    topic_id: int
    unit: str = Field(alias="unit.code")
    leader: str = Field(alias="leader_display")
    start_date: date
    end_date: date
    status: str
    site: str = Field(alias="site_display")
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


class TopicOut(RecordOut):
    title: str
    direction: str
    lead_leader: str = Field(alias="leader_display")
    status: str
    status_label: str = Field(alias="get_status_display")
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

    @staticmethod
    def resolve_visits(topic):
        return topic.visits.select_related("unit", "leader", "site_unit")


class TopicActionIn(VersionIn):
    reason: str = ""


class VisitProblemsIn(BodyIn):
    """Either `numbers` of existing problems to link, or `title` (with `unit`) of a new 调研发现 problem."""

    numbers: list[str] = []
    unit: str = ""
    title: str = ""
    description: str = ""
    category: str = ""


router = Router(tags=["调查研究"])
record_routes(router, "/topics", name="topic", label="调研课题", out=TopicOut, detail_out=TopicDetailOut,
              filters=TopicFilter, rows=selectors.topic_list, get=selectors.topic_get)


@router.post("/topics/{topic_id}/actions/{action}", response=TopicOut,
             summary="课题状态流转（take 为揭榜领题；须带 version）")
def topic_action(request, topic_id: int, action: str, payload: TopicActionIn):
    t = selectors.topic_get(request.user, topic_id)
    if action == "take":
        services.topic_take(actor=request.user, topic=t, expected_version=payload.version)
    else:
        services.topic_transition(actor=request.user, topic=t, action=action, expected_version=payload.version,
                                  reason=payload.reason)
    return t


@router.get("/visits", response=list[VisitOut], summary="调研走访")
@paged
def visit_list(request, filters: Query[CampaignQuery]):
    return filters.rows(request.user, selectors.visit_list)


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
    return problems_linked(request.user, research_visits=visit)


problem_unlink_route(router, "/visits", name="visit", label="调研走访", get=selectors.visit_get,
                     relation="research_visits", unlink=dossier_services.visit_unlink_problem)
