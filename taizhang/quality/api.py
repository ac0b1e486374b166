"""API of 问题质量 at /api/v1/quality: similar problems for a text, the quality warnings of the caller's subtree
with their reasons, and the 共性问题 clusters of a unit's subtree — the same selectors as the pages, read-only and
scoped to the caller (a unit outside the scope answers 404)."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from taizhang.api.pagination import paged
from taizhang.campaigns.selectors import campaign_get, current_campaign
from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.ledger.models import ProblemStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import holds_any_action
from taizhang.orgs.selectors import unit_get
from taizhang.quality import checks, selectors
from taizhang.stats.selectors import default_unit

router = Router(tags=["问题质量"])
STATUS_LABELS = dict(ProblemStatus.choices)
MAX_TEXT = 500


class ProblemRef(Schema):
    id: int
    number: str
    title: str
    unit: str
    unit_name: str
    status: str
    status_label: str


def _ref(p) -> dict:
    return {"id": p.pk, "number": p.number, "title": p.title, "unit": p.unit.code, "unit_name": p.unit.name,
            "status": p.status, "status_label": str(STATUS_LABELS.get(p.status, p.status))}


class SimilarOut(Schema):
    problem: ProblemRef
    score: float = Field(description="相似度，0–1")
    percent: int = Field(description="相似度百分比")


class FindingOut(Schema):
    kind: str = Field(description="问题类型：" + "、".join(f"{k}（{v}）" for k, v in checks.KINDS.items()))
    label: str
    why: str = Field(description="原因")


class WarningOut(Schema):
    problem: ProblemRef
    findings: list[FindingOut]


class StatusCount(Schema):
    status: str
    label: str
    count: int


class ClusterUnitOut(Schema):
    unit: str
    unit_name: str
    statuses: list[StatusCount]


class LinkedOut(Schema):
    id: int
    title: str
    covered: int = Field(description="关联了本组的几个问题")


class ClusterOut(Schema):
    key: int = Field(description="代表问题的 id")
    size: int
    representative: ProblemRef
    problem_ids: list[int]
    units: list[ClusterUnitOut]
    statuses: list[StatusCount]
    institutions: list[LinkedOut]
    topics: list[LinkedOut]


def _counts(pairs) -> list[dict]:
    """(status label, count) pairs as the selectors give them, with the status key beside the label."""
    keys = {str(v): k for k, v in STATUS_LABELS.items()}
    return [{"status": keys.get(str(label), str(label)), "label": str(label), "count": n} for label, n in pairs]


def _campaign(user, slug: str | None):
    campaign = campaign_get(user, slug) if slug else current_campaign(user)
    if campaign is None:
        raise NotFound("没有可查看的专项工作")
    return campaign


def _require(user, action: str, what: str) -> None:
    if not holds_any_action(user, action):
        raise NotFound(f"没有可查看的{what}：您的角色不{'审核问题' if action == P.REVIEW else '查看业务记录'}")


@router.get("/similar", response=list[SimilarOut], url_name="quality_similar", operation_id="quality_similar",
            summary="与一段问题表述最相似的问题（同一专项工作、您的权限范围内，最多 5 个）")
def similar(request, text: str = Query(..., description="正在录入的问题标题和问题表现", max_length=MAX_TEXT),
            campaign: str | None = None, unit: str | None = Query(None, description="问题所属单位编码（省级范围时只比较其周边单位）"),
            exclude: int | None = Query(None, description="不与之比较的问题 id（编辑中的问题本身）")):
    user = request.auth
    _require(user, P.VIEW, "问题")
    c = _campaign(user, campaign)
    near = unit_get(user, unit, P.VIEW) if unit else None
    hits = selectors.similar_problems(user, c, text[:MAX_TEXT], exclude_pk=exclude, near_unit=near)
    return [{"problem": _ref(h["problem"]), "score": round(h["score"], 4), "percent": round(h["score"] * 100)}
            for h in hits]


@router.get("/warnings", response=list[WarningOut], url_name="quality_warnings", operation_id="quality_warnings",
            summary="问题质量预警：您权限范围内（或某单位下）有预警的问题及原因")
@paged
def warnings(request, campaign: str | None = None, unit: str | None = Query(None, description="单位编码"),
             kind: str | None = Query(None, description="只看一类预警：" + "、".join(checks.KINDS)),
             generic_units: int | None = Query(None, ge=2, le=1000, description="万能问题：与多少个其他单位雷同")):
    user = request.auth
    _require(user, P.REVIEW, "问题质量预警")
    c = _campaign(user, campaign)
    if kind and kind not in checks.KINDS:
        raise ValidationFailed(f"「kind」「{kind}」不是一种预警，可选：{'、'.join(checks.KINDS)}", field="kind")
    u = unit_get(user, unit, P.REVIEW) if unit else None
    if selectors.too_large(user, c, u):
        raise ValidationFailed("范围内问题超过 3 万个，请用 unit 指定一个较小的单位（如某个县）", field="unit")
    rows = selectors.quality_report(user, c, u, kind=kind or "", generic_limit=generic_units or checks.GENERIC_UNITS)
    return [{"problem": _ref(r["problem"]), "findings": [{"kind": f.kind, "label": f.label, "why": f.why}
                                                         for f in r["findings"]]} for r in rows]


@router.get("/clusters", response=list[ClusterOut], url_name="quality_clusters", operation_id="quality_clusters",
            summary="共性问题：某单位下级单位的相似问题分组（规模、代表表述、涉及单位及其状态）")
@paged
def clusters(request, campaign: str | None = None, unit: str | None = Query(None, description="单位编码，默认您的单位"),
             threshold: float | None = Query(None, ge=0.3, le=1.0, description="相似度阈值，默认 0.6"),
             min_units: int | None = Query(None, ge=2, le=1000, description="至少涉及几个单位，默认 3")):
    user = request.auth
    _require(user, P.REVIEW, "共性问题")
    c = _campaign(user, campaign)
    u = unit_get(user, unit, P.REVIEW) if unit else default_unit(user)
    if u is None:
        raise NotFound("没有可查看的单位")
    if selectors.too_large(user, c, u):
        raise ValidationFailed("该单位下问题超过 3 万个，请指定一个较小的单位（如某个县）", field="unit")
    found = selectors.problem_clusters(user, c, u, threshold=threshold or selectors.CLUSTER_THRESHOLD,
                                       min_units=min_units or selectors.CLUSTER_MIN_UNITS)
    return [{
        "key": cl.key, "size": cl.size, "representative": _ref(cl.representative), "problem_ids": cl.problem_ids,
        "units": [{"unit": r["unit"].code, "unit_name": r["unit"].name,
                   "statuses": _counts(r["statuses"])}
                  for r in cl.units],
        "statuses": _counts(cl.statuses),
        "institutions": [{"id": i.pk, "title": i.title, "covered": i.covered} for i in cl.institutions],
        "topics": [{"id": t.pk, "title": t.title, "covered": t.covered} for t in cl.topics],
    } for cl in found]
