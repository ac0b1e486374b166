"""API routes of institutions (建章立制)."""

from datetime import date

from ninja import Router, Schema

from taizhang.campaigns.selectors import campaign_get
from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.dossier import services as dossier_services
from taizhang.institutions import selectors
from taizhang.ledger.models import Problem
from taizhang.ledger.selectors import problem_by_number
from taizhang.orgs import permissions as P

ROUTER_PREFIX = "/institutions"
router = Router(tags=["建章立制"])


class InstitutionOut(Schema):
    id: int
    campaign: str
    unit: str
    title: str
    doc_number: str
    kind: str
    kind_label: str
    issued_date: date | None
    summary: str
    version: int


def institution_out(i) -> dict:
    return {"id": i.pk, "campaign": i.campaign.slug, "unit": i.unit.code, "title": i.title,
            "doc_number": i.doc_number, "kind": i.kind, "kind_label": i.get_kind_display(),
            "issued_date": i.issued_date, "summary": i.summary, "version": i.version}


@router.get("/", response=list[InstitutionOut], summary="制度")
def institution_list(request, campaign: str | None = None, kind: str | None = None, limit: int = 200,
                     offset: int = 0):
    camp = campaign_get(request.user, campaign) if campaign else None
    qs = selectors.institutions_visible(request.user, camp).order_by("id")
    if kind:
        qs = qs.filter(kind=kind)
    return [institution_out(i) for i in qs[offset: offset + min(limit, 1000)]]


@router.get("/{institution_id}", response=InstitutionOut, summary="制度详情")
def institution_detail(request, institution_id: int):
    return institution_out(selectors.institution_get(request.user, institution_id))


class ProblemNumbersIn(Schema):
    numbers: list[str]


class LinkedProblemOut(Schema):
    id: int
    number: str
    title: str
    unit: str
    status: str


@router.post("/{institution_id}/problems", response=list[LinkedProblemOut],
             summary="制度针对的问题：按编号关联（从解决一个问题到解决一类问题）")
def institution_problems(request, institution_id: int, payload: ProblemNumbersIn):

    inst = selectors.institution_get(request.user, institution_id)
    if not payload.numbers:
        raise ValidationFailed("请提供要关联的问题编号（numbers）", field="numbers")
    problems = [problem_by_number(request.user, inst.campaign, n.strip()) for n in payload.numbers]
    dossier_services.institution_link_problems(actor=request.user, institution=inst, problems=problems)
    return _linked(request.user, inst)


@router.delete("/{institution_id}/problems/{problem_id}", response=list[LinkedProblemOut],
               summary="取消制度与一个问题的关联（问题仍在整改台账中）")
def institution_problem_unlink(request, institution_id: int, problem_id: int):
    inst = selectors.institution_get(request.user, institution_id)
    problem = Problem.objects.for_user(request.user, P.VIEW).filter(institutions=inst, pk=problem_id).first()
    if problem is None:
        raise NotFound("问题不存在或没有关联在这里")
    dossier_services.institution_unlink_problem(actor=request.user, institution=inst, problem=problem)
    return _linked(request.user, inst)


def _linked(user, inst) -> list[dict]:
    linked = Problem.objects.for_user(user, P.VIEW).filter(institutions=inst).select_related("unit")
    return [{"id": p.pk, "number": p.number, "title": p.title, "unit": p.unit.code, "status": p.status}
            for p in linked.order_by("seq")]
