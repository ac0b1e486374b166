"""The 整改台账 list's filters: the page, its Excel export, background export jobs and the API read the same ones."""

from __future__ import annotations

from taizhang.core.filters import Choice, Flag, ListFilter, Text
from taizhang.ledger.lights import LIGHT_LABELS
from taizhang.ledger.models import MeasureStatus, ProblemStatus, RectificationKind
from taizhang.ledger.selectors import SORTS, ProblemFilter
from taizhang.orgs.filters import UnitCode
from taizhang.stats.filters import MetricKey

SORT_CHOICES = [("number", "编号"), ("-number", "编号倒序"), ("deadline", "时限"), ("-deadline", "时限倒序"),
                ("-updated", "最近更新"), ("unit", "单位")]
assert {v for v, _ in SORT_CHOICES} <= set(SORTS)


def _codes(list_name: str):
    """A campaign's code list (类别, 来源); any value where no campaign is known."""
    return lambda context: context["campaign"].code_choices(list_name) if context.get("campaign") else None


class ProblemFilters(ListFilter):
    """`from_params(user, params, campaign=…)`; `problem_filter()` is what ledger selectors take."""

    unit = UnitCode("单位")
    status = Choice("状态", ProblemStatus.choices)
    light = Choice("亮灯", [(k, v) for k, v in LIGHT_LABELS.items() if k])
    category = Choice("类别", _codes("problem_category"))
    source = Choice("来源", _codes("problem_source"))
    kind = Choice("整改类型", RectificationKind.choices)
    leader = Text("责任领导")
    overdue = Flag("已逾期")
    due_soon = Flag("即将到期")
    q = Text("关键词")
    sort = Choice("排序", SORT_CHOICES, default="number")
    metric = MetricKey("统计指标", source="problem")

    def problem_filter(self) -> ProblemFilter:
        return ProblemFilter(**self.values())

    def select(self, selector, user, campaign):
        """The ledger's selectors take the filter as one ProblemFilter: `selector(user, campaign, f)`."""
        return selector(user, campaign, self.problem_filter())


class MeasureFilter(ListFilter):
    """The 整改措施 list's filters (a figure's `metric` lists the measures it counts)."""

    unit = UnitCode("单位")
    metric = MetricKey("统计指标", source="measure")
    status = Choice("状态", MeasureStatus.choices)
