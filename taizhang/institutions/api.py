"""API routes of institutions (建章立制)."""

from datetime import date

from ninja import Field, Router

from taizhang.api.routes import problem_unlink_route, record_routes
from taizhang.api.schemas import BodyIn, LinkedProblemOut, RecordOut
from taizhang.core.exceptions import ValidationFailed
from taizhang.dossier import services as dossier_services
from taizhang.institutions import selectors
from taizhang.institutions.filters import InstitutionFilter
from taizhang.ledger.selectors import problem_by_number, problems_linked


class InstitutionOut(RecordOut):
    title: str
    doc_number: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    issued_date: date | None
    summary: str
    version: int


class ProblemNumbersIn(BodyIn):
    numbers: list[str]


router = Router(tags=["建章立制"])
record_routes(router, "/", name="institution", label="制度", out=InstitutionOut, filters=InstitutionFilter,
              rows=selectors.institution_list, get=selectors.institution_get)


@router.post("/{institution_id}/problems", response=list[LinkedProblemOut],
             summary="制度针对的问题：按编号关联（从解决一个问题到解决一类问题）")
def institution_problems(request, institution_id: int, payload: ProblemNumbersIn):
    inst = selectors.institution_get(request.user, institution_id)
    if not payload.numbers:
        raise ValidationFailed("请提供要关联的问题编号（numbers）", field="numbers")
    problems = [problem_by_number(request.user, inst.campaign, n.strip()) for n in payload.numbers]
    dossier_services.institution_link_problems(actor=request.user, institution=inst, problems=problems)
    return problems_linked(request.user, institutions=inst)


problem_unlink_route(router, "/", name="institution", label="制度", get=selectors.institution_get,
                     relation="institutions", unlink=dossier_services.institution_unlink_problem)
