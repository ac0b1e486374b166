"""The 学习活动 list's filters, shared by the page and its Excel export: `selectors.activity_list(user, campaign,
**ActivityFilter.from_params(user, params).values())`."""

from taizhang.core.filters import Choice, ListFilter
from taizhang.orgs.filters import UnitCode
from taizhang.stats.filters import MetricKey
from taizhang.study.models import StudyType


class ActivityFilter(ListFilter):
    unit = UnitCode("单位")
    metric = MetricKey("统计指标", source="study")
    type = Choice("学习形式", StudyType.choices)
