"""API routes for the current user, the unit tree and campaigns."""

from datetime import date

from ninja import Field, Router, Schema

from taizhang.api.pagination import paged
from taizhang.campaigns.selectors import campaign_get, campaigns_for, code_entries_by_list
from taizhang.orgs import selectors as org_selectors
from taizhang.orgs.scope import user_assignments

router = Router(tags=["基础"])


class AssignmentOut(Schema):
    role: str
    role_label: str = Field(alias="get_role_display")
    unit: str = Field(alias="unit.code")
    unit_name: str = Field(alias="unit.name")
    include_subunits: bool


class MeOut(Schema):
    username: str
    display_name: str
    phone: str
    unit: str | None = Field(None, alias="unit.code")
    assignments: list[AssignmentOut]

    @staticmethod
    def resolve_assignments(user):
        return user_assignments(user)


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    active: bool
    depth: int
    children: int = Field(alias="numchild")
    parent: str | None = Field(None, alias="parent_code")


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
    kind_label: str = Field(alias="get_kind_display")
    start_date: date
    end_date: date
    root_unit: str = Field(alias="root_unit.code")
    predecessor: str | None = Field(None, alias="predecessor.slug")
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

    @staticmethod
    def resolve_codes(campaign):
        return code_entries_by_list(campaign)


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    return request.user


@router.get("/units", response=list[UnitOut], summary="权限范围内的顶级单位")
@paged
def unit_roots(request):
    return org_selectors.unit_roots(request.user)


@router.get("/units/{code}", response=UnitOut, summary="单位详情")
def unit_detail(request, code: str):
    unit = org_selectors.unit_get(request.user, code)
    return org_selectors.with_parent_code(org_selectors.units_visible(request.user)).get(pk=unit.pk)


@router.get("/units/{code}/children", response=list[UnitOut], summary="直属下级单位")
@paged
def unit_children(request, code: str):
    unit = org_selectors.unit_get(request.user, code)
    return org_selectors.with_parent_code(org_selectors.unit_children(request.user, unit))


@router.get("/units/{code}/tree", response=list[UnitOut], summary="单位子树（限定层数）")
@paged
def unit_subtree(request, code: str, depth: int = 2):
    """The unit and its descendants down to `depth` levels below it (at most 3), in tree order."""
    unit = org_selectors.unit_get(request.user, code)
    return org_selectors.unit_subtree(request.user, unit, max(0, min(depth, 3)))


@router.get("/campaigns", response=list[CampaignOut], summary="参加的专项工作")
@paged
def campaign_list(request):
    return campaigns_for(request.user)


@router.get("/campaigns/{slug}", response=CampaignDetailOut, summary="专项工作详情")
def campaign_detail(request, slug: str):
    return campaign_get(request.user, slug)
