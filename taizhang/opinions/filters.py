"""The opinion queue's filters (意见分办): the page and the figures that lead to it read the same ones — a figure's
`metric` lists the opinions it counts, for a unit's subtree."""

from taizhang.core.filters import Choice, ListFilter
from taizhang.opinions.models import OpinionStatus
from taizhang.orgs.filters import UnitCode
from taizhang.stats.filters import MetricKey


class OpinionFilter(ListFilter):
    unit = UnitCode("单位")
    metric = MetricKey("统计指标", source="opinion")
    status = Choice("状态", OpinionStatus.choices)
