"""API routes of practical matters."""

from datetime import date
from decimal import Decimal

from ninja import Field, Query, Router

from taizhang.api.filters import RecordFilter
from taizhang.api.pagination import paged
from taizhang.api.schemas import RecordOut, VersionIn
from taizhang.matters import selectors, services

router = Router(tags=["为民办实事"])


class MatterOut(RecordOut):
    title: str
    category: str
    source: str
    lead_leader: str = Field(alias="leader_display")
    claimed_unit: str | None = Field(None, alias="claimed_unit.code")
    deadline: date | None
    status: str
    status_label: str = Field(alias="get_status_display")
    beneficiaries: int
    money: Decimal
    satisfaction: Decimal | None
    version: int


class MatterQuery(RecordFilter):
    """The 实事清单 page's filters."""

    status: str = ""


@router.get("/", response=list[MatterOut], summary="实事清单")
@paged
def matter_list(request, filters: Query[MatterQuery]):
    return filters.rows(request.user, selectors.matter_rows)


@router.get("/{matter_id}", response=MatterOut, summary="实事详情")
def matter_detail(request, matter_id: int):
    return selectors.matter_get(request.user, matter_id)


@router.post("/{matter_id}/claim", response=MatterOut, summary="认领需求清单中的实事（须带 version）")
def matter_claim(request, matter_id: int, payload: VersionIn):
    matter = selectors.demand_get(request.user, matter_id)
    return services.matter_claim(actor=request.user, matter=matter, expected_version=payload.version)
