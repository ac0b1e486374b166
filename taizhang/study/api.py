"""API routes of the study workstream."""

from datetime import date

from ninja import Router, Schema

from taizhang.campaigns.selectors import campaign_get
from taizhang.core.exceptions import NotFound
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_any_role
from taizhang.study import selectors

ROUTER_PREFIX = "/study"
router = Router(tags=["理论学习"])


class ActivityOut(Schema):
    id: int
    campaign: str
    unit: str
    type: str
    type_label: str
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


def activity_out(a) -> dict:
    return {"id": a.pk, "campaign": a.campaign.slug, "unit": a.unit.code, "type": a.type,
            "type_label": a.get_type_display(), "title": a.title, "start_date": a.start_date, "end_date": a.end_date,
            "days": a.days, "participant_count": a.participant_count, "attendance": a.attendance,
            "speakers": a.speakers, "outputs": a.outputs}


@router.get("/activities", response=list[ActivityOut], summary="学习活动")
def activity_list(request, campaign: str | None = None, type: str | None = None, limit: int = 200, offset: int = 0):
    camp = campaign_get(request.user, campaign) if campaign else None
    qs = selectors.activities_visible(request.user, camp).order_by("id")
    if type:
        qs = qs.filter(type=type)
    return [activity_out(a) for a in qs[offset: offset + min(limit, 1000)]]


@router.get("/activities/{activity_id}", response=ActivityDetailOut, summary="学习活动详情")
def activity_detail(request, activity_id: int):
    a = selectors.activity_get(request.user, activity_id)
    return {**activity_out(a), "host": a.host, "summary": a.summary,
            "materials": [m.title for m in a.materials.all()],
            "participants": list(a.participants.values_list("username", flat=True))}


@router.get("/mine", response=list[ActivityOut], summary="我的学习记录（党员）")
def my_record(request, campaign: str | None = None):
    if not has_any_role(request.user, P.MEMBER):
        raise NotFound("页面不存在")
    camp = campaign_get(request.user, campaign) if campaign else None
    return [activity_out(a) for a in selectors.my_activities(request.user, camp).select_related("campaign")[:1000]]
