"""API routes of materials (confidential ones follow the same visibility as the pages)."""

from datetime import datetime

from ninja import Router, Schema

from taizhang.campaigns.selectors import campaign_get
from taizhang.materials import selectors

ROUTER_PREFIX = "/materials"
router = Router(tags=["交流材料"])


class MaterialOut(Schema):
    id: int
    campaign: str
    unit: str
    genre: str
    genre_label: str
    title: str
    author: str
    confidential: bool
    text_extracted: bool
    created_at: datetime


class MaterialDetailOut(MaterialOut):
    body: str


def material_out(m) -> dict:
    return {"id": m.pk, "campaign": m.campaign.slug, "unit": m.unit.code, "genre": m.genre,
            "genre_label": m.get_genre_display(), "title": m.title, "author": m.author_name,
            "confidential": m.confidential, "text_extracted": m.text_extracted, "created_at": m.created_at}


@router.get("/", response=list[MaterialOut], summary="交流材料")
def material_list(request, campaign: str | None = None, genre: str | None = None, limit: int = 200, offset: int = 0):
    camp = campaign_get(request.user, campaign) if campaign else None
    qs = selectors.materials_visible(request.user, camp).defer("body").order_by("id")
    if genre:
        qs = qs.filter(genre=genre)
    return [material_out(m) for m in qs[offset: offset + min(limit, 1000)]]


@router.get("/{material_id}", response=MaterialDetailOut, summary="交流材料全文")
def material_detail(request, material_id: int):
    m = selectors.material_get(request.user, material_id)
    return {**material_out(m), "body": m.body}
