"""API routes of practical matters."""

from datetime import date
from decimal import Decimal

from ninja import Router, Schema

from taizhang.campaigns.selectors import campaign_get
from taizhang.matters import selectors, services

ROUTER_PREFIX = "/matters"
router = Router(tags=["为民办实事"])


class MatterOut(Schema):
    id: int
    campaign: str
    unit: str
    title: str
    category: str
    source: str
    lead_leader: str
    claimed_unit: str | None
    deadline: date | None
    status: str
    status_label: str
    beneficiaries: int
    money: Decimal
    satisfaction: Decimal | None
    version: int


class ClaimIn(Schema):
    version: int | None = None


def matter_out(m) -> dict:
    return {"id": m.pk, "campaign": m.campaign.slug, "unit": m.unit.code, "title": m.title, "category": m.category,
            "source": m.source, "lead_leader": m.leader_display,
            "claimed_unit": m.claimed_unit.code if m.claimed_unit_id else None, "deadline": m.deadline,
            "status": m.status, "status_label": m.get_status_display(), "beneficiaries": m.beneficiaries,
            "money": m.money, "satisfaction": m.satisfaction, "version": m.version}


@router.get("/", response=list[MatterOut], summary="实事清单")
def matter_list(request, campaign: str | None = None, status: str | None = None, limit: int = 200, offset: int = 0):
    camp = campaign_get(request.user, campaign) if campaign else None
    qs = selectors.matters_visible(request.user, camp).select_related("campaign").order_by("id")
    if status:
        qs = qs.filter(status=status)
    return [matter_out(m) for m in qs[offset: offset + min(limit, 1000)]]


@router.get("/{matter_id}", response=MatterOut, summary="实事详情")
def matter_detail(request, matter_id: int):
    return matter_out(selectors.matter_get(request.user, matter_id))


@router.post("/{matter_id}/claim", response=MatterOut, summary="认领需求清单中的实事")
def matter_claim(request, matter_id: int, payload: ClaimIn):
    matter = selectors.demand_get(request.user, matter_id)
    return matter_out(services.matter_claim(actor=request.user, matter=matter, expected_version=payload.version))
