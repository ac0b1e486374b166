"""API routes of the study workstream."""

from datetime import date

from ninja import Field, Query, Router

from taizhang.api.filters import CampaignFilter, RecordFilter
from taizhang.api.pagination import paged
from taizhang.api.schemas import RecordOut
from taizhang.core.exceptions import NotFound
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_any_role
from taizhang.study import selectors

router = Router(tags=["理论学习"])


class ActivityOut(RecordOut):
    type: str
    type_label: str = Field(alias="get_type_display")
    title: str
    start_date: date
    end_date: date
    days: int
    participant_count: int
    attendance: int
    speakers: int
    outputs: int


class ActivityDetailOut(ActivityOut):
    host: str
    summary: str
    materials: list[str]
    participants: list[str]

    @staticmethod
    def resolve_materials(activity) -> list[str]:
        return [m.title for m in activity.materials.all()]

    @staticmethod
    def resolve_participants(activity) -> list[str]:
        return list(activity.participants.values_list("username", flat=True))


class ActivityQuery(RecordFilter):
    """The 学习活动 page's filters (`type` is the 学习形式)."""

    type: str = ""


@router.get("/activities", response=list[ActivityOut], summary="学习活动")
@paged
def activity_list(request, filters: Query[ActivityQuery]):
    return filters.rows(request.user, selectors.activity_list)


@router.get("/activities/{activity_id}", response=ActivityDetailOut, summary="学习活动详情")
def activity_detail(request, activity_id: int):
    return selectors.activity_get(request.user, activity_id)


@router.get("/mine", response=list[ActivityOut], summary="我的学习记录（党员）")
@paged
def my_record(request, filters: Query[CampaignFilter]):
    if not has_any_role(request.user, P.MEMBER):
        raise NotFound("页面不存在")
    return filters.rows(request.user, selectors.my_activity_rows)
