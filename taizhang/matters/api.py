"""API routes of practical matters."""

from datetime import date
from decimal import Decimal

from ninja import Field, Router

from taizhang.api.routes import record_routes
from taizhang.api.schemas import RecordOut, VersionIn
from taizhang.matters import selectors, services
from taizhang.matters.filters import MatterFilter


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


router = Router(tags=["为民办实事"])
record_routes(router, "/", name="matter", label="实事", out=MatterOut, filters=MatterFilter,
              rows=selectors.matter_rows, get=selectors.matter_get)


@router.post("/{matter_id}/claim", response=MatterOut, summary="认领需求清单中的实事（须带 version）")
def matter_claim(request, matter_id: int, payload: VersionIn):
    matter = selectors.demand_get(request.user, matter_id)
    return services.matter_claim(actor=request.user, matter=matter, expected_version=payload.version)
