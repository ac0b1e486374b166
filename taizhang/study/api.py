"""API routes of the study workstream."""

from datetime import date

from ninja import Field, Query, Router

from taizhang.api.filters import CampaignQuery
from taizhang.api.pagination import paged
from taizhang.api.routes import record_routes
from taizhang.api.schemas import RecordOut
from taizhang.core.exceptions import NotFound
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_any_role
from taizhang.study import selectors
from taizhang.study.filters import ActivityFilter


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


router = Router(tags=["理论学习"])
record_routes(router, "/activities", name="activity", label="学习活动", out=ActivityOut, detail_out=ActivityDetailOut,
              filters=ActivityFilter, rows=selectors.activity_list, get=selectors.activity_get)


@router.get("/mine", response=list[ActivityOut], summary="我的学习记录（党员）")
@paged
def my_record(request, filters: Query[CampaignQuery]):
    if not has_any_role(request.user, P.MEMBER):
        raise NotFound("页面不存在")
    return filters.rows(request.user, selectors.my_activity_rows)
