"""GET /api/v1/search: the page's search as one page of results, scoped to the caller."""

from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError

from taizhang.api.filters import query_schema
from taizhang.api.pagination import COUNT_CAP, paged
from taizhang.core.exceptions import NotFound
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import holds_any_action
from taizhang.search import selectors
from taizhang.search.filters import SearchFilter

router = Router(tags=["全文检索"])
SearchQuery = query_schema(SearchFilter)


class SearchHitOut(Schema):
    kind: str = Field(description="记录类型：problem、measure、progress、topic、visit、matter、institution、material")
    kind_label: str
    id: int = Field(description="记录的 id（整改措施、进展为其自身的 id，url 打开所属问题）")
    title: str
    snippet: str = Field(description="含关键词的片段：HTML，正文已转义，关键词包在 <mark> 中")
    url: str
    unit: str = Field(alias="unit_code", description="单位编码")
    unit_name: str
    campaign: str = Field(alias="campaign_slug", description="专项工作标识")
    status: str
    status_label: str


class _Hits:
    """The matching rows as the pager reads them: a slice is a list of hits, the length the (capped) count."""

    def __init__(self, qs, terms):
        self.qs, self.terms = qs, terms

    def __getitem__(self, part: slice):
        return selectors.hits(selectors.rows(self.qs, part, self.terms), self.terms)

    def __len__(self):
        return selectors.Matches(self.qs, cap=COUNT_CAP + 1).count()


@router.get("", response=list[SearchHitOut], summary="全文检索：问题、措施、进展、调研课题与走访、实事、制度、材料",
            url_name="search", operation_id="search")
@paged
def search(request, filters: Query[SearchQuery]):
    if not holds_any_action(request.user, P.VIEW):  # the 三员 and members hold no records to search
        raise NotFound("没有可检索的记录：您的角色不查看业务记录")
    campaign = filters.campaign_for(request.user)
    f = filters.filter_for(request.user, campaign)
    terms = selectors.query_terms(f.q)
    if not terms:
        raise NinjaValidationError([{"loc": ("query", "q"), "type": "missing" if not f.q else "filter",
                                     "msg": f"「关键词」「{f.q}」中没有可检索的词语"}])
    qs = selectors.search_entries(request.user, f.q, kind=f.kind or "", campaign=campaign, unit=f.unit,
                                  status=f.status or "")
    return _Hits(qs, terms)
