"""The 为民办实事 list's filters, shared by the page and its Excel export: `selectors.matter_list(user, campaign,
**MatterFilter.from_params(user, params).values())`."""

from taizhang.core.filters import Choice, ListFilter
from taizhang.matters.models import MatterStatus
from taizhang.orgs.filters import UnitCode
from taizhang.stats.filters import MetricKey


class MatterFilter(ListFilter):
    unit = UnitCode("单位")
    metric = MetricKey("统计指标", source="matter")
    status = Choice("状态", MatterStatus.choices)
