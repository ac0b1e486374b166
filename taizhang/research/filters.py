"""The 调研课题 list's filters, shared by the page and its Excel export: `selectors.topic_list(user, campaign,
**TopicFilter.from_params(user, params).values())`."""

from taizhang.core.filters import Choice, ListFilter
from taizhang.orgs.filters import UnitCode
from taizhang.research.models import TopicStatus
from taizhang.stats.filters import MetricKey


class TopicFilter(ListFilter):
    unit = UnitCode("单位")
    metric = MetricKey("统计指标", source="topic")
    status = Choice("状态", TopicStatus.choices)
