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
    path_label: str = Field(description="单位及其上两级的名称，如「某县 › 某乡 › 某村」，用于区分同名单位")

    @staticmethod
    def resolve_path_label(unit):
        return selectors.path_label(unit)


class PersonOut(Schema):
    username: str
    name: str = Field(alias="display_name")
    unit: str | None = Field(None, alias="unit.code")
    unit_name: str | None = Field(None, alias="unit.name")


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    return request.user


@router.get("/units", response=list[UnitOut], summary="权限范围内的顶级单位；带 q 时为按名称、简称或编码查找的单位")
@paged
def unit_roots(request, q: str = ""):
    """Without `q`, the top-most units of the caller's scope; with `q`, the active units in the scope whose name,
    short name or code contains it (exact and leading matches first), each with its `path_label`."""
    if q.strip():
        return selectors.unit_lookup(request.user, q)
    return selectors.with_path_names(selectors.unit_roots(request.user))


@router.get("/people", response=list[PersonOut], summary="按姓名或用户名查找权限范围内的账号")
@paged
def people(request, q: str = ""):
    """Active accounts placed in units the caller sees whose name or username contains `q`."""
    return selectors.people_lookup(request.user, q)


@router.get("/units/{code}", response=UnitOut, summary="单位详情")
def unit_detail(request, code: str):
    return selectors.unit_detail(request.user, code)


@router.get("/units/{code}/children", response=list[UnitOut], summary="直属下级单位")
@paged
def unit_children(request, code: str):
    unit = selectors.unit_get(request.user, code)
    return selectors.with_path_names(selectors.with_parent_code(selectors.unit_children(request.user, unit)))


@router.get("/units/{code}/tree", response=list[UnitOut], summary="单位子树（限定层数）")
@paged
def unit_subtree(request, code: str, depth: int = 2):
    """The unit and its descendants down to `depth` levels below it (at most 3), in tree order."""
    unit = selectors.unit_get(request.user, code)
    return selectors.with_path_names(selectors.unit_subtree(request.user, unit, max(0, min(depth, 3))))
