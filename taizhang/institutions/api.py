"""API routes of institutions (建章立制)."""

from datetime import date

from ninja import Router, Schema

from taizhang.campaigns.selectors import campaign_get
from taizhang.institutions import selectors

ROUTER_PREFIX = "/institutions"
router = Router(tags=["建章立制"])


class InstitutionOut(Schema):
    id: int
    campaign: str
    unit: str
    title: str
    doc_number: str
    kind: str
    kind_label: str
    issued_date: date | None
    summary: str
    version: int


def institution_out(i) -> dict:
    return {"id": i.pk, "campaign": i.campaign.slug, "unit": i.unit.code, "title": i.title,
            "doc_number": i.doc_number, "kind": i.kind, "kind_label": i.get_kind_display(),
            "issued_date": i.issued_date, "summary": i.summary, "version": i.version}


@router.get("/", response=list[InstitutionOut], summary="制度")
def institution_list(request, campaign: str | None = None, kind: str | None = None, limit: int = 200,
                     offset: int = 0):
    camp = campaign_get(request.user, campaign) if campaign else None
    qs = selectors.institutions_visible(request.user, camp).order_by("id")
    if kind:
        qs = qs.filter(kind=kind)
    return [institution_out(i) for i in qs[offset: offset + min(limit, 1000)]]


@router.get("/{institution_id}", response=InstitutionOut, summary="制度详情")
def institution_detail(request, institution_id: int):
    return institution_out(selectors.institution_get(request.user, institution_id))
