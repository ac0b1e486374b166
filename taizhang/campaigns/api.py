"""API routes of the campaigns the user takes part in."""

from datetime import date

from ninja import Field, Router, Schema

from taizhang.api.pagination import paged
from taizhang.campaigns.selectors import campaign_get, campaigns_for, code_entries_by_list

router = Router(tags=["基础"])


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


@router.get("/campaigns", response=list[CampaignOut], summary="参加的专项工作")
@paged
def campaign_list(request):
    return campaigns_for(request.user)


@router.get("/campaigns/{slug}", response=CampaignDetailOut, summary="专项工作详情")
def campaign_detail(request, slug: str):
    return campaign_get(request.user, slug)
