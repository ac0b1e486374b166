"""API routes of 督办单: the same selectors and services as the pages."""

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from taizhang.api.routes import record_routes
from taizhang.api.schemas import BodyIn, VersionIn
from taizhang.campaigns.selectors import campaign_get
from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.ledger import selectors as ledger_selectors
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_any_role
from taizhang.orgs.selectors import unit_from_code
from taizhang.supervision import selectors, services
from taizhang.supervision.filters import SlipFilter


class SlipOut(Schema):
    id: int
    number: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    campaign: str | None = Field(None, alias="campaign.slug")
    issuer_unit: str = Field(alias="issuer_unit.code")
    target_unit: str = Field(alias="target_unit.code")
    title: str
    content: str
    reply_deadline: date | None
    status: str
    status_label: str = Field(alias="get_status_display")
    problems: list[str]
    issued_at: datetime
    reply: str
    return_reason: str
    version: int

    @staticmethod
    def resolve_problems(slip) -> list[str]:
        return [p.number for p in slip.problems.all()]


class SlipIn(BodyIn):
    kind: str
    unit: str
    content: str
    title: str = ""
    campaign: str | None = None
    problems: list[str] = []
    reply_deadline: date | None = None


class SlipTransitionIn(VersionIn):
    action: str
    reason: str = ""
    reply: str = ""


router = Router(tags=["督导"])
record_routes(router, "/slips", name="slip", label="督办单", out=SlipOut, filters=SlipFilter, rows=selectors.slip_rows,
              get=selectors.slip_get)


@router.post("/slips", response={201: SlipOut}, summary="签发督办单", url_name="slip_create")
def slip_create(request, payload: SlipIn):
    if not has_any_role(request.user, P.OFFICE, P.INSPECTOR):
        raise NotFound("接口不存在")
    unit = unit_from_code(request.user, payload.unit, P.SUPERVISE, field="unit")
    camp = campaign_get(request.user, payload.campaign) if payload.campaign else None
    if payload.problems and camp is None:
        raise ValidationFailed("列出问题编号时须指定专项工作 campaign", field="campaign")
    problems = [ledger_selectors.problem_by_number(request.user, camp, n) for n in payload.problems]
    slip = services.slip_issue(actor=request.user, kind=payload.kind, target_unit=unit, campaign=camp,
                               title=payload.title, content=payload.content, problems=problems,
                               reply_deadline=payload.reply_deadline)
    return Status(201, slip)


@router.post("/slips/{slip_id}/transition", response=SlipOut, summary="督办单签收、反馈、办结、退回（须带 version）",
             url_name="slip_transition")
def slip_transition(request, slip_id: int, payload: SlipTransitionIn):
    slip = selectors.slip_get(request.user, slip_id)
    return services.slip_transition(actor=request.user, slip=slip, action=payload.action, reason=payload.reason,
                                    reply=payload.reply, expected_version=payload.version)
