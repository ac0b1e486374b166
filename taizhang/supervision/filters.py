"""The 督办单 list's filters: `selectors.slip_list(user, **SlipFilter.from_params(user, params).values())`."""

from taizhang.core.filters import Choice, ListFilter
from taizhang.orgs.filters import UnitCode
from taizhang.stats.filters import MetricKey
from taizhang.supervision.models import SlipKind, SlipStatus

TABS = {"received": "收到的", "issued": "发出的", "all": "全部"}


class SlipFilter(ListFilter):
    """`tab` is empty until chosen: the page then opens what came in, or what was issued for a user who only
    issues (see selectors.slip_default_tab) — or, for a list opened from a figure (`metric`, `unit`: the slips
received by a unit's subtree, as the 督办单 figures count them), 全部."""

    tab = Choice("范围", list(TABS.items()))
    status = Choice("状态", SlipStatus.choices)
    kind = Choice("类型", SlipKind.choices)
    unit = UnitCode("收文单位")
    metric = MetricKey("统计指标", source="slip")
