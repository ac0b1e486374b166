"""API routes of materials (confidential ones follow the same visibility as the pages)."""

from datetime import datetime

from ninja import Field, Router

from taizhang.api.routes import record_routes
from taizhang.api.schemas import RecordOut
from taizhang.materials import selectors
from taizhang.materials.filters import MaterialFilter


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


router = Router(tags=["交流材料"])
record_routes(router, "/", name="material", label="交流材料", out=MaterialOut, detail_out=MaterialDetailOut,
              filters=MaterialFilter, rows=selectors.material_list, get=selectors.material_get)
