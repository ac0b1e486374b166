"""The one page contract of every list route of the API.

Input: `?page=` (from 1, at most MAX_PAGE) and `?page_size=` (default 50, at most 200; a larger value is cut to
200). A page below 1 or above MAX_PAGE answers a JSON 422 (an unbounded page number overflowed the database's
integer and answered 500).
Output: ``{"count", "count_capped", "page", "page_size", "has_next", "items"}``. `count` is exact up to
COUNT_CAP rows; above it the count stops there and `count_capped` is true, so a province-wide list never
counts a million rows — `has_next` still says whether another page follows.

A route declares ``response=list[ItemOut]``, decorates itself with ``@paged`` and returns a queryset (or a
list); the items are read from model attributes by `ItemOut`.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate

from taizhang.core.querysets import COUNT_CAP, count_up_to

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE_INPUT = 1_000_000


class PageIn(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"页码，从 1 开始，最大 {MAX_PAGE}")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE_INPUT, description=f"每页条数，最多 {MAX_PAGE_SIZE}（更大的值按 {MAX_PAGE_SIZE}）")


class Paged(PaginationBase):
    Input = PageIn

    class Output(Schema):
        count: int = Field(description=f"符合条件的总条数（超过 {COUNT_CAP} 时只数到 {COUNT_CAP}）")
        count_capped: bool = Field(description="总条数是否只数到了上限")
        page: int
        page_size: int
        has_next: bool = Field(description="是否还有下一页")
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: PageIn, request, **params) -> dict:
        size = min(pagination.page_size, MAX_PAGE_SIZE)
        start = (pagination.page - 1) * size
        # One row more than the page tells whether a next page exists without counting everything.
        rows = list(queryset[start: start + size + 1])
        count = count_up_to(queryset)
        return {"count": min(count, COUNT_CAP), "count_capped": count > COUNT_CAP, "page": pagination.page,
                "page_size": size, "has_next": len(rows) > size, "items": rows[:size]}


paged = paginate(Paged)
