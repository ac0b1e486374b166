"""API routes for the current user, the unit tree and campaigns."""

from datetime import date

from ninja import Router, Schema

from taizhang.campaigns.selectors import campaign_get, campaigns_for
from taizhang.orgs import selectors as org_selectors
from taizhang.orgs.models import Unit
from taizhang.orgs.permissions import ROLE_LABELS
from taizhang.orgs.scope import user_assignments

router = Router(tags=["基础"])


class AssignmentOut(Schema):
    role: str
    role_label: str
    unit: str
    unit_name: str
    include_subunits: bool


class MeOut(Schema):
    username: str
    display_name: str
    phone: str
    unit: str | None
    assignments: list[AssignmentOut]


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    active: bool
    depth: int
    children: int
    parent: str | None = None


class CodeOut(Schema):
    code: str
    label: str
    active: bool


class StageOut(Schema):
    name: str
    start_date: date
    end_date: date


class CampaignOut(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str
    start_date: date
    end_date: date
    root_unit: str
    predecessor: str | None
    active: bool
    version: int


class CampaignDetailOut(CampaignOut):
    stages: list[StageOut]
    codes: dict[str, list[CodeOut]]
    due_soon_days: int
    remind_workdays_before: int
    require_closure_evidence: bool
    lookback_months: int
    visit_window_days: int


def unit_out(unit: Unit, parent_code: str | None = None) -> dict:
    return {"code": unit.code, "name": unit.name, "short_name": unit.short_name, "kind": unit.kind,
            "kind_label": unit.get_kind_display(), "active": unit.active, "depth": unit.depth,
            "children": unit.numchild, "parent": parent_code}


def campaign_out(c) -> dict:
    return {"slug": c.slug, "name": c.name, "kind": c.kind, "kind_label": c.get_kind_display(),
            "start_date": c.start_date, "end_date": c.end_date, "root_unit": c.root_unit.code,
            "predecessor": c.predecessor.slug if c.predecessor_id else None, "active": c.active, "version": c.version}


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.user
    return {
        "username": user.username, "display_name": user.display_name, "phone": user.phone,
        "unit": user.unit.code if user.unit_id else None,
        "assignments": [{"role": a.role, "role_label": str(ROLE_LABELS[a.role]), "unit": a.unit.code,
                         "unit_name": a.unit.name, "include_subunits": a.include_subunits}
                        for a in user_assignments(user)],
    }


@router.get("/units", response=list[UnitOut], summary="权限范围内的顶级单位")
def unit_roots(request):
    return [unit_out(u) for u in org_selectors.tree_roots(request.user)]


@router.get("/units/{code}", response=UnitOut, summary="单位详情")
def unit_detail(request, code: str):
    unit = org_selectors.unit_get(request.user, code)
    parent = Unit.objects.get_parent(unit)
    return unit_out(unit, parent.code if parent else None)


@router.get("/units/{code}/children", response=list[UnitOut], summary="直属下级单位")
def unit_children(request, code: str):
    unit = org_selectors.unit_get(request.user, code)
    return [unit_out(u, unit.code) for u in org_selectors.unit_children(request.user, unit)]


@router.get("/units/{code}/tree", response=list[UnitOut], summary="单位子树（限定层数）")
def unit_subtree(request, code: str, depth: int = 2):
    """The unit and its descendants down to `depth` levels below it (at most 3), in tree order."""
    unit = org_selectors.unit_get(request.user, code)
    depth = max(0, min(depth, 3))
    rows = (org_selectors.units_visible(request.user)
            .filter(path__startswith=unit.path, depth__lte=unit.depth + depth).order_by("path"))
    by_path = {}
    out = []
    for u in rows:
        by_path[u.path] = u.code
        out.append(unit_out(u, by_path.get(u.path[: -Unit.steplen])))
    return out


@router.get("/campaigns", response=list[CampaignOut], summary="参加的专项工作")
def campaign_list(request):
    return [campaign_out(c) for c in campaigns_for(request.user)]


@router.get("/campaigns/{slug}", response=CampaignDetailOut, summary="专项工作详情")
def campaign_detail(request, slug: str):
    c = campaign_get(request.user, slug)
    codes: dict[str, list] = {}
    for entry in c.code_entries.order_by("list_name", "sort_order", "id"):
        codes.setdefault(entry.list_name, []).append({"code": entry.code, "label": entry.label,
                                                       "active": entry.active})
    return {**campaign_out(c), "stages": list(c.stages.values("name", "start_date", "end_date")), "codes": codes,
            "due_soon_days": c.due_soon_days, "remind_workdays_before": c.remind_workdays_before,
            "require_closure_evidence": c.require_closure_evidence, "lookback_months": c.lookback_months,
            "visit_window_days": c.visit_window_days}
