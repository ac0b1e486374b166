"""The 调研课题 list's filters, shared by the page and its Excel export: `selectors.topic_list(user, campaign,
**TopicFilter.from_params(user, params).values())`."""

from taizhang.core.filters import Choice, ListFilter
from taizhang.orgs.filters import UnitCode
from taizhang.research.models import TopicStatus, TransformationKind, TransformationStatus, VisitStatus
from taizhang.stats.filters import MetricKey


class TopicFilter(ListFilter):
    unit = UnitCode("单位")
    metric = MetricKey("统计指标", source="topic")
    status = Choice("状态", TopicStatus.choices)


class VisitFilter(ListFilter):
    """The 调研走访 list's filters (a figure's `metric` lists the visits it counts)."""

    unit = UnitCode("单位")
    metric = MetricKey("统计指标", source="visit")
    status = Choice("状态", VisitStatus.choices)


class TransformationFilter(ListFilter):
    """The 成果转化 list's filters."""

    unit = UnitCode("单位")
    metric = MetricKey("统计指标", source="transformation")
    status = Choice("状态", TransformationStatus.choices)
    kind = Choice("类型", TransformationKind.choices)
