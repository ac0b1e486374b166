"""The search's filters, shared by the results page, the fragment the top-bar box fetches and the API."""

from taizhang.core.filters import Choice, ListFilter, Text
from taizhang.orgs.filters import UnitCode
from taizhang.search.models import SearchKind
from taizhang.search.statuses import STATUS_CHOICES


class SearchFilter(ListFilter):
    q = Text("关键词")
    kind = Choice("类型", SearchKind.choices)
    unit = UnitCode("单位")
    status = Choice("状态", STATUS_CHOICES)
