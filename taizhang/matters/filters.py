"""The 为民办实事 list's filters, shared by the page and its Excel export: `selectors.matter_list(user, campaign,
**MatterFilter.from_params(user, params).values())`."""

from taizhang.matters.models import MatterStatus
from taizhang.web.filters import Choice, ListFilter, UnitCode


class MatterFilter(ListFilter):
    unit = UnitCode("单位")
    status = Choice("状态", MatterStatus.choices)
