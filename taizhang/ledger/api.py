"""API of the ledger at /api/v1/problems — the same selectors, services and lifecycle as the pages.

Out-of-scope problems answer 404; a stale `version` answers 409 with 该记录已被 XXX 于 HH:MM 修改.
"""

import datetime as dt

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from taizhang.api.pagination import paged
from taizhang.api.routes import record_routes
from taizhang.api.schemas import BodyIn, PersonName, RecordOut, VersionIn
from taizhang.campaigns.selectors import campaign_get
from taizhang.core.exceptions import ValidationFailed
from taizhang.ledger import lights, selectors, services
from taizhang.ledger.evidence import evidence_file
from taizhang.ledger.filters import ProblemFilters
from taizhang.ledger.lifecycle import problem_transition
from taizhang.orgs import permissions as P
from taizhang.orgs.selectors import unit_get


class ProblemOut(RecordOut):
    number: str
    unit_name: str = Field(alias="unit.name")
    title: str
    description: str
    category: str
    source: str
    level: str
    kind: str
    status: str
    status_label: str = Field(alias="get_status_display")
    light: str
    overdue: bool
    due_soon: bool
    leader: str = Field(alias="leader_display")
    responsible: str = Field(alias="responsible_display")
    target: str
    deadline: dt.date | None
    version: int
    carried_over_from: int | None = Field(alias="carried_over_from_id")
    lead_unit: str | None = Field(None, alias="lead_unit.code")
    co_units: list[str]
    extra: dict

    @staticmethod
    def resolve_light(problem) -> str:
        return lights.light(problem)

    @staticmethod
    def resolve_overdue(problem) -> bool:
        return lights.is_overdue(problem)

    @staticmethod
    def resolve_due_soon(problem) -> bool:
        return lights.is_due_soon(problem)

    @staticmethod
    def resolve_co_units(problem) -> list[str]:
        return [u.code for u in problem.co_units.all()]

    @staticmethod
    def resolve_extra(problem) -> dict:
        return problem.extra or {}


class ProblemIn(BodyIn):
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


class ProblemPatch(VersionIn):
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


class ProblemTransitionIn(VersionIn):
    action: str
    reason: str = ""


class MeasureIn(BodyIn):
    text: str
    deadline: dt.date | None = None
    responsible_name: str = ""


class MeasureOut(Schema):
    id: int
    text: str
    deadline: dt.date | None
    responsible_name: str
    status: str


class ProgressIn(BodyIn):
    text: str
    percent: int = 0
    date: dt.date | None = None


class ProgressOut(Schema):
    id: int
    date: dt.date
    text: str
    percent: int
    author: PersonName


class ClosureIn(VersionIn):
    evidence_summary: str


class ClosureOut(Schema):
    id: int
    evidence_summary: str
    requested_by: PersonName
    requested_at: dt.datetime
    decision: str
    reviewer: PersonName
    comment: str
    decided_at: dt.datetime | None


class LookBackIn(BodyIn):
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
    reviewer: PersonName


class AttachmentOut(Schema):
    id: int
    name: str = Field(alias="original_name")
    size: int
    content_type: str
    sha256: str
    progress: int | None = Field(alias="progress_id")
    closure: int | None = Field(alias="closure_id")


router = Router(tags=["检视整改"])
record_routes(router, "", name="problem", label="问题", out=ProblemOut, filters=ProblemFilters,
              rows=selectors.problem_rows, get=selectors.problem_get, current_campaign=True)


def problem_rows_route(path: str, *, name: str, label: str, out: type[Schema], rows) -> None:
    """``GET /{problem_id}/<path>`` (url name <name>_list): one page of `rows(problem)` — a problem's measures,
    progress reports, closure requests, 回头看 or attachments."""

    @router.get(f"/{{problem_id}}/{path}", response=list[out], summary=label, url_name=f"{name}_list",
                operation_id=f"{name}_list")
    @paged
    def problem_rows(request, problem_id: int):
        return rows(selectors.problem_get(request.user, problem_id))


@router.post("", response={201: ProblemOut}, summary="录入问题", url_name="problem_create")
def problem_create(request, payload: ProblemIn):
    data = payload.dict()
    for k in ("campaign", "unit", "leader", "responsible", "lead_unit", "co_units"):
        data.pop(k)
    leader, leader_name = services.resolve_person(payload.leader)
    responsible, responsible_name = services.resolve_person(payload.responsible)
    p = services.problem_create(
        actor=request.user, campaign=campaign_get(request.user, payload.campaign),
        unit=unit_get(request.user, payload.unit, P.CREATE), leader=leader, leader_name=leader_name,
        responsible=responsible, responsible_name=responsible_name,
        lead_unit=(selectors.units_by_code([payload.lead_unit], field="lead_unit", user=request.user)[0]
                   if payload.lead_unit else None),
        co_units=selectors.units_by_code(payload.co_units, field="co_units", user=request.user), **data)
    return Status(201, p)


@router.patch("/{problem_id}", response=ProblemOut, summary="修改问题（须带 version）", url_name="problem_update")
def problem_update(request, problem_id: int, payload: ProblemPatch):
    p = selectors.problem_get(request.user, problem_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "leader" in data:
        data["leader"], data["leader_name"] = services.resolve_person(data.pop("leader") or "")
    if "responsible" in data:
        data["responsible"], data["responsible_name"] = services.resolve_person(data.pop("responsible") or "")
    if "unit" in data:
        data["unit"] = unit_get(request.user, data["unit"] or "", P.CHANGE)
    if "lead_unit" in data:
        code = data["lead_unit"]
        data["lead_unit"] = (selectors.units_by_code([code], field="lead_unit", user=request.user)[0]
                             if code else None)
    if "co_units" in data:
        data["co_units"] = selectors.units_by_code(data["co_units"] or [], field="co_units", user=request.user)
    for k, v in list(data.items()):
        if v is None and k not in ("deadline", "leader", "responsible", "lead_unit"):
            raise ValidationFailed(f"字段「{k}」不能为空", field=k)
    p = services.problem_update(actor=request.user, problem=p, expected_version=version, **data)
    return selectors.problem_get(request.user, p.pk)


@router.post("/{problem_id}/transitions", response=ProblemOut, summary="状态流转（须带 version）",
             url_name="problem_transition")
def transition(request, problem_id: int, payload: ProblemTransitionIn):
    p = selectors.problem_get(request.user, problem_id)
    problem_transition(actor=request.user, problem=p, action=payload.action, reason=payload.reason,
                       expected_version=payload.version)
    return selectors.problem_get(request.user, p.pk)


problem_rows_route("measures", name="measure", label="整改措施", out=MeasureOut, rows=lambda p: p.measures.all())


@router.post("/{problem_id}/measures", response={201: MeasureOut}, summary="添加整改措施", url_name="measure_create")
def measure_create(request, problem_id: int, payload: MeasureIn):
    problem = selectors.problem_get(request.user, problem_id)
    return Status(201, services.measure_add(actor=request.user, problem=problem, **payload.dict()))


problem_rows_route("progress", name="progress", label="整改进展", out=ProgressOut,
                   rows=lambda p: p.progress_reports.select_related("author"))


@router.post("/{problem_id}/progress", response={201: ProgressOut}, summary="填报进展", url_name="progress_create")
def progress_create(request, problem_id: int, payload: ProgressIn):
    r = services.progress_add(actor=request.user, problem=selectors.problem_get(request.user, problem_id),
                              text=payload.text, percent=payload.percent, on=payload.date)
    return Status(201, r)


problem_rows_route("closure-requests", name="closure", label="销号申请", out=ClosureOut,
                   rows=lambda p: p.closure_requests.select_related("requested_by", "reviewer"))


@router.post("/{problem_id}/closure-requests", response={201: ProblemOut}, summary="申请销号（须带 version）",
             url_name="closure_create")
def closure_create(request, problem_id: int, payload: ClosureIn):
    p = problem_transition(actor=request.user, problem=selectors.problem_get(request.user, problem_id),
                           action="request_closure", evidence_summary=payload.evidence_summary,
                           expected_version=payload.version)
    return Status(201, selectors.problem_get(request.user, p.pk))


problem_rows_route("lookbacks", name="lookback", label="回头看", out=LookBackOut,
                   rows=lambda p: p.lookbacks.select_related("reviewer"))


@router.post("/{problem_id}/lookbacks", response={201: LookBackOut}, summary="记录回头看", url_name="lookback_create")
def lookback_create(request, problem_id: int, payload: LookBackIn):
    data = payload.dict()
    data["on"] = data.pop("date")
    lb = services.lookback_record(actor=request.user, problem=selectors.problem_get(request.user, problem_id), **data)
    return Status(201, lb)


problem_rows_route("attachments", name="attachment", label="佐证材料", out=AttachmentOut,
                   rows=lambda p: p.attachments.all())


@router.post("/{problem_id}/attachments", response={201: list[AttachmentOut]}, summary="上传佐证材料（multipart）",
             url_name="attachment_create")
def attachment_create(request, problem_id: int, files: list[UploadedFile] = File(...),  # noqa: B008 (ninja parameter marker)
                      progress: int | None = Form(None)):
    p = selectors.problem_get(request.user, problem_id)
    report = selectors.progress_get(p, progress) if progress else None
    return Status(201, services.attachment_add(actor=request.user, problem=p, files=files, progress=report))


@router.get("/attachments/{attachment_id}", summary="下载佐证材料", url_name="attachment_download")
def attachment_download(request, attachment_id: int):
    return evidence_file(selectors.attachment_get(request.user, attachment_id))
