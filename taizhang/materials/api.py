"""API routes of materials (confidential ones follow the same visibility as the pages)."""

from datetime import datetime

from ninja import Field, Query, Router

from taizhang.api.filters import CampaignFilter
from taizhang.api.pagination import paged
from taizhang.api.schemas import RecordOut
from taizhang.materials import selectors

router = Router(tags=["交流材料"])


class MaterialOut(RecordOut):
    genre: str
    genre_label: str = Field(alias="get_genre_display")
    title: str
    author: str = Field(alias="author_name")
    confidential: bool
    text_extracted: bool
    created_at: datetime


class MaterialDetailOut(MaterialOut):
    body: str


class MaterialQuery(CampaignFilter):
    """The 交流材料 page's filters."""

    genre: str = ""


@router.get("/", response=list[MaterialOut], summary="交流材料")
@paged
def material_list(request, filters: Query[MaterialQuery]):
    return filters.rows(request.user, selectors.material_list)


@router.get("/{material_id}", response=MaterialDetailOut, summary="交流材料全文")
def material_detail(request, material_id: int):
    return selectors.material_get(request.user, material_id)
