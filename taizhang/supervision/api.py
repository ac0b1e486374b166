"""API routes of 督办单: the same selectors and services as the pages."""

from datetime import date, datetime

from ninja import Router, Schema, Status

from taizhang.campaigns.selectors import campaign_get
from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.ledger import selectors as ledger_selectors
from taizhang.orgs import permissions as P
from taizhang.orgs.selectors import unit_from_code
from taizhang.supervision import selectors, services

ROUTER_PREFIX = "/supervision"
router = Router(tags=["督导"])


class SlipOut(Schema):
    id: int
    number: str
    kind: str
    kind_label: str
    campaign: str | None
    issuer_unit: str
    target_unit: str
    title: str
    content: str
    reply_deadline: date | None
    status: str
    status_label: str
    problems: list[str]
    issued_at: datetime
    reply: str
    return_reason: str
    version: int


class SlipIn(Schema):
    kind: str
    unit: str
    content: str
    title: str = ""
    campaign: str | None = None
    problems: list[str] = []
    reply_deadline: date | None = None


class TransitionIn(Schema):
    action: str
    reason: str = ""
    reply: str = ""
    version: int | None = None


def slip_out(s) -> dict:
    return {"id": s.pk, "number": s.number, "kind": s.kind, "kind_label": s.get_kind_display(),
            "campaign": s.campaign.slug if s.campaign_id else None, "issuer_unit": s.issuer_unit.code,
            "target_unit": s.target_unit.code, "title": s.title, "content": s.content,
            "reply_deadline": s.reply_deadline, "status": s.status, "status_label": s.get_status_display(),
            "problems": [p.number for p in s.problems.all()], "issued_at": s.issued_at, "reply": s.reply,
            "return_reason": s.return_reason, "version": s.version}


@router.get("/slips", response=list[SlipOut], summary="督办单列表", url_name="slip_list")
def slip_list(request, tab: str = "all", status: str | None = None, kind: str | None = None,
              campaign: str | None = None, limit: int = 200, offset: int = 0):
    source = {"received": selectors.slips_received, "issued": selectors.slips_issued}.get(tab, selectors.slips_visible)
    camp = campaign_get(request.user, campaign) if campaign else None
    qs = source(request.user, camp).prefetch_related("problems").order_by("-issued_at", "-id")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return [slip_out(s) for s in qs[offset: offset + min(limit, 1000)]]


@router.get("/slips/{slip_id}", response=SlipOut, summary="督办单详情", url_name="slip_detail")
def slip_detail(request, slip_id: int):
    return slip_out(selectors.slip_get(request.user, slip_id))


@router.post("/slips", response={201: SlipOut}, summary="签发督办单", url_name="slip_create")
def slip_create(request, payload: SlipIn):
    from taizhang.orgs.scope import has_any_role

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
    return Status(201, slip_out(slip))


@router.post("/slips/{slip_id}/transition", response=SlipOut, summary="督办单签收、反馈、办结、退回", url_name="slip_transition")
def slip_transition(request, slip_id: int, payload: TransitionIn):
    slip = selectors.slip_get(request.user, slip_id)
    slip = services.slip_transition(actor=request.user, slip=slip, action=payload.action, reason=payload.reason,
                                    reply=payload.reply, expected_version=payload.version)
    return slip_out(slip)
