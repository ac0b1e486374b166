"""API of the ledger at /api/v1/problems — the same selectors, services and lifecycle as the pages.

Out-of-scope problems answer 404; a stale `version` answers 409 with 该记录已被 XXX 于 HH:MM 修改.
"""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from taizhang.campaigns.selectors import campaign_get, current_campaign
from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.ledger import lights, selectors, services
from taizhang.ledger.evidence import storage_path
from taizhang.ledger.lifecycle import problem_transition
from taizhang.orgs import permissions as P
from taizhang.orgs.models import Unit
from taizhang.orgs.selectors import unit_get

ROUTER_PREFIX = "problems"
router = Router(tags=["检视整改"])


class ProblemOut(Schema):
    id: int
    number: str
    campaign: str
    unit: str
    unit_name: str
    title: str
    description: str
    category: str
    source: str
    level: str
    kind: str
    status: str
    status_label: str
    light: str
    overdue: bool
    due_soon: bool
    leader: str
    responsible: str
    target: str
    deadline: dt.date | None
    version: int
    carried_over_from: int | None
    lead_unit: str | None
    co_units: list[str]
    extra: dict


class ProblemPage(Schema):
    problems: list[ProblemOut]
    page: int
    has_next: bool
    total: int
    total_capped: bool


class ProblemIn(Schema):
    campaign: str
    unit: str
    title: str
    description: str = ""
    category: str = ""
    source: str = ""
    level: str = "unit"
    leader: str = ""
    responsible: str = ""
    kind: str = "deadline"
    target: str = ""
    deadline: dt.date | None = None
    lead_unit: str = ""
    co_units: list[str] = []
    extra: dict = {}


class ProblemPatch(Schema):
    version: int
    title: str | None = None
    description: str | None = None
    category: str | None = None
    source: str | None = None
    level: str | None = None
    leader: str | None = None
    responsible: str | None = None
    kind: str | None = None
    target: str | None = None
    deadline: dt.date | None = None
    unit: str | None = None
    lead_unit: str | None = None
    co_units: list[str] | None = None


class TransitionIn(Schema):
    action: str
    reason: str = ""
    version: int | None = None


class MeasureIn(Schema):
    text: str
    deadline: dt.date | None = None
    responsible_name: str = ""


class MeasureOut(Schema):
    id: int
    text: str
    deadline: dt.date | None
    responsible_name: str
    status: str


class ProgressIn(Schema):
    text: str
    percent: int = 0
    date: dt.date | None = None


class ProgressOut(Schema):
    id: int
    date: dt.date
    text: str
    percent: int
    author: str


class ClosureIn(Schema):
    evidence_summary: str
    version: int | None = None


class ClosureOut(Schema):
    id: int
    evidence_summary: str
    requested_by: str
    requested_at: dt.datetime
    decision: str
    reviewer: str
    comment: str
    decided_at: dt.datetime | None


class LookBackIn(Schema):
    verdict: str
    comment: str = ""
    date: dt.date | None = None
    solved: bool = True
    changed: bool = True
    improved: bool = True
    felt: bool = True


class LookBackOut(Schema):
    id: int
    date: dt.date
    verdict: str
    comment: str
    reviewer: str


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    sha256: str
    progress: int | None
    closure: int | None


def problem_out(p) -> dict:
    return {"id": p.pk, "number": p.number, "campaign": p.campaign.slug, "unit": p.unit.code, "unit_name": p.unit.name,
            "title": p.title, "description": p.description, "category": p.category, "source": p.source,
            "level": p.level, "kind": p.kind, "status": p.status, "status_label": p.get_status_display(),
            "light": lights.light(p), "overdue": lights.is_overdue(p), "due_soon": lights.is_due_soon(p),
            "leader": p.leader_display, "responsible": p.responsible_display, "target": p.target,
            "deadline": p.deadline, "version": p.version, "carried_over_from": p.carried_over_from_id,
            "lead_unit": p.lead_unit.code if p.lead_unit_id else None,
            "co_units": [u.code for u in p.co_units.all()], "extra": p.extra or {}}


def _units(codes) -> list:
    found = {u.code: u for u in Unit.objects.filter(code__in=list(codes))}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationFailed(f"单位编码不存在：{'、'.join(missing)}", field="co_units")
    return [found[c] for c in codes]


def _name(user) -> str:
    return str(user) if user else ""


def _problem(request, problem_id: int):
    return selectors.problem_get(request.user, problem_id)


@router.get("", response=ProblemPage, summary="问题清单", url_name="problem_list")
def problem_list(request, campaign: str = "", unit: str = "", status: str = "", light: str = "",
                 category: str = "", source: str = "", kind: str = "", leader: str = "", overdue: bool = False,
                 due_soon: bool = False, q: str = "", sort: str = "number", page: int = 1, page_size: int = 50):
    c = campaign_get(request.user, campaign) if campaign else current_campaign(request.user)
    if c is None:
        raise NotFound("没有可用的专项工作")
    u = None
    if unit:
        u = Unit.objects.for_user(request.user, P.VIEW).filter(code=unit).first()
        if u is None:
            raise NotFound(f"单位「{unit}」不存在或不在您的权限范围内")
    f = selectors.ProblemFilter(unit=u, status=status, light=light, category=category, source=source, kind=kind,
                                leader=leader, overdue=overdue, due_soon=due_soon, q=q, sort=sort)
    result = selectors.page_of(selectors.problem_list(request.user, c, f).select_related("campaign", "lead_unit").prefetch_related("co_units"), page,
                               max(1, min(page_size, 200)))
    return {"problems": [problem_out(p) for p in result["rows"]], "page": result["page"],
            "has_next": result["has_next"], "total": result["total"], "total_capped": result["total_capped"]}


@router.post("", response={201: ProblemOut}, summary="录入问题", url_name="problem_create")
def problem_create(request, payload: ProblemIn):
    c = campaign_get(request.user, payload.campaign)
    unit = unit_get(request.user, payload.unit, P.CREATE)
    data = payload.dict()
    for k in ("campaign", "unit", "leader", "responsible", "lead_unit", "co_units"):
        data.pop(k)
    data["lead_unit"] = _units([payload.lead_unit])[0] if payload.lead_unit else None
    data["co_units"] = _units(payload.co_units)
    leader, leader_name = services.resolve_person(payload.leader)
    responsible, responsible_name = services.resolve_person(payload.responsible)
    p = services.problem_create(actor=request.user, campaign=c, unit=unit, leader=leader, leader_name=leader_name,
                                responsible=responsible, responsible_name=responsible_name, **data)
    return Status(201, problem_out(p))


@router.get("/{problem_id}", response=ProblemOut, summary="问题详情", url_name="problem_detail")
def problem_detail(request, problem_id: int):
    return problem_out(_problem(request, problem_id))


@router.patch("/{problem_id}", response=ProblemOut, summary="修改问题（须带 version）", url_name="problem_update")
def problem_update(request, problem_id: int, payload: ProblemPatch):
    p = _problem(request, problem_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "leader" in data:
        data["leader"], data["leader_name"] = services.resolve_person(data.pop("leader") or "")
    if "responsible" in data:
        data["responsible"], data["responsible_name"] = services.resolve_person(data.pop("responsible") or "")
    if "unit" in data:
        data["unit"] = unit_get(request.user, data["unit"] or "", P.CHANGE)
    if "lead_unit" in data:
        data["lead_unit"] = _units([data["lead_unit"]])[0] if data["lead_unit"] else None
    if "co_units" in data:
        data["co_units"] = _units(data["co_units"] or [])
    for k, v in list(data.items()):
        if v is None and k not in ("deadline", "leader", "responsible", "lead_unit"):
            raise ValidationFailed(f"字段「{k}」不能为空", field=k)
    p = services.problem_update(actor=request.user, problem=p, expected_version=version, **data)
    return problem_out(selectors.problem_get(request.user, p.pk))


@router.post("/{problem_id}/transitions", response=ProblemOut, summary="状态流转", url_name="problem_transition")
def transition(request, problem_id: int, payload: TransitionIn):
    p = _problem(request, problem_id)
    problem_transition(actor=request.user, problem=p, action=payload.action, reason=payload.reason,
                       expected_version=payload.version)
    return problem_out(selectors.problem_get(request.user, p.pk))


@router.get("/{problem_id}/measures", response=list[MeasureOut], summary="整改措施", url_name="measure_list")
def measure_list(request, problem_id: int):
    return [{"id": m.pk, "text": m.text, "deadline": m.deadline, "responsible_name": m.responsible_name,
             "status": m.status} for m in _problem(request, problem_id).measures.all()]


@router.post("/{problem_id}/measures", response={201: MeasureOut}, summary="添加整改措施", url_name="measure_create")
def measure_create(request, problem_id: int, payload: MeasureIn):
    m = services.measure_add(actor=request.user, problem=_problem(request, problem_id), **payload.dict())
    return Status(201, {"id": m.pk, "text": m.text, "deadline": m.deadline,
                        "responsible_name": m.responsible_name, "status": m.status})


def _progress_out(r) -> dict:
    return {"id": r.pk, "date": r.date, "text": r.text, "percent": r.percent, "author": _name(r.author)}


@router.get("/{problem_id}/progress", response=list[ProgressOut], summary="整改进展", url_name="progress_list")
def progress_list(request, problem_id: int):
    return [_progress_out(r) for r in _problem(request, problem_id).progress_reports.select_related("author")]


@router.post("/{problem_id}/progress", response={201: ProgressOut}, summary="填报进展", url_name="progress_create")
def progress_create(request, problem_id: int, payload: ProgressIn):
    r = services.progress_add(actor=request.user, problem=_problem(request, problem_id), text=payload.text,
                              percent=payload.percent, on=payload.date)
    return Status(201, _progress_out(r))


def _closure_out(c) -> dict:
    return {"id": c.pk, "evidence_summary": c.evidence_summary, "requested_by": _name(c.requested_by),
            "requested_at": c.requested_at, "decision": c.decision, "reviewer": _name(c.reviewer),
            "comment": c.comment, "decided_at": c.decided_at}


@router.get("/{problem_id}/closure-requests", response=list[ClosureOut], summary="销号申请", url_name="closure_list")
def closure_list(request, problem_id: int):
    p = _problem(request, problem_id)
    return [_closure_out(c) for c in p.closure_requests.select_related("requested_by", "reviewer")]


@router.post("/{problem_id}/closure-requests", response={201: ProblemOut}, summary="申请销号",
             url_name="closure_create")
def closure_create(request, problem_id: int, payload: ClosureIn):
    p = problem_transition(actor=request.user, problem=_problem(request, problem_id), action="request_closure",
                           evidence_summary=payload.evidence_summary, expected_version=payload.version)
    return Status(201, problem_out(selectors.problem_get(request.user, p.pk)))


def _lookback_out(lb) -> dict:
    return {"id": lb.pk, "date": lb.date, "verdict": lb.verdict, "comment": lb.comment, "reviewer": _name(lb.reviewer)}


@router.get("/{problem_id}/lookbacks", response=list[LookBackOut], summary="回头看", url_name="lookback_list")
def lookback_list(request, problem_id: int):
    return [_lookback_out(lb) for lb in _problem(request, problem_id).lookbacks.select_related("reviewer")]


@router.post("/{problem_id}/lookbacks", response={201: LookBackOut}, summary="记录回头看", url_name="lookback_create")
def lookback_create(request, problem_id: int, payload: LookBackIn):
    data = payload.dict()
    data["on"] = data.pop("date")
    lb = services.lookback_record(actor=request.user, problem=_problem(request, problem_id), **data)
    return Status(201, _lookback_out(lb))


def _attachment_out(a) -> dict:
    return {"id": a.pk, "name": a.original_name, "size": a.size, "content_type": a.content_type, "sha256": a.sha256,
            "progress": a.progress_id, "closure": a.closure_id}


@router.get("/{problem_id}/attachments", response=list[AttachmentOut], summary="佐证材料", url_name="attachment_list")
def attachment_list(request, problem_id: int):
    return [_attachment_out(a) for a in _problem(request, problem_id).attachments.all()]


@router.post("/{problem_id}/attachments", response={201: list[AttachmentOut]}, summary="上传佐证材料（multipart）",
             url_name="attachment_create")
def attachment_create(request, problem_id: int, files: list[UploadedFile] = File(...),  # noqa: B008 (ninja parameter marker)
                      progress: int | None = Form(None)):
    p = _problem(request, problem_id)
    report = p.progress_reports.filter(pk=progress).first() if progress else None
    if progress and report is None:
        raise NotFound("进展记录不存在")
    rows = services.attachment_add(actor=request.user, problem=p, files=files, progress=report)
    return Status(201, [_attachment_out(a) for a in rows])


@router.get("/attachments/{attachment_id}", summary="下载佐证材料", url_name="attachment_download")
def attachment_download(request, attachment_id: int):
    row = selectors.attachment_get(request.user, attachment_id)
    path = storage_path(row.sha256)
    if not path.exists():
        raise Http404("文件不存在")
    return FileResponse(path.open("rb"), as_attachment=True, filename=row.original_name,
                        content_type=row.content_type)
