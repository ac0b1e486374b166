"""The 督办单 list's filters: `selectors.slip_list(user, **SlipFilter.from_params(user, params).values())`."""

from taizhang.core.filters import Choice, ListFilter
from taizhang.supervision.models import SlipKind, SlipStatus

TABS = {"received": "收到的", "issued": "发出的", "all": "全部"}


class SlipFilter(ListFilter):
    """`tab` is empty until chosen: the page then opens what came in, or what was issued for a user who only
    issues (see selectors.slip_default_tab)."""

    tab = Choice("范围", list(TABS.items()))
    status = Choice("状态", SlipStatus.choices)
    kind = Choice("类型", SlipKind.choices)
