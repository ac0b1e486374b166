"""API routes of the current user and the unit tree."""

from ninja import Field, Router, Schema

from taizhang.api.pagination import paged
from taizhang.orgs import selectors
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


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    return request.user


@router.get("/units", response=list[UnitOut], summary="权限范围内的顶级单位")
@paged
def unit_roots(request):
    return selectors.unit_roots(request.user)


@router.get("/units/{code}", response=UnitOut, summary="单位详情")
def unit_detail(request, code: str):
    return selectors.unit_detail(request.user, code)


@router.get("/units/{code}/children", response=list[UnitOut], summary="直属下级单位")
@paged
def unit_children(request, code: str):
    unit = selectors.unit_get(request.user, code)
    return selectors.with_parent_code(selectors.unit_children(request.user, unit))


@router.get("/units/{code}/tree", response=list[UnitOut], summary="单位子树（限定层数）")
@paged
def unit_subtree(request, code: str, depth: int = 2):
    """The unit and its descendants down to `depth` levels below it (at most 3), in tree order."""
    unit = selectors.unit_get(request.user, code)
    return selectors.unit_subtree(request.user, unit, max(0, min(depth, 3)))
