"""The audit log's filters, shared by the page and its CSV export: `selectors.events_filtered(user,
**EventFilter.from_params(user, params).values())`."""

from taizhang.core.filters import Date, ListFilter, Text


class EventFilter(ListFilter):
    action = Text("操作")
    actor = Text("操作人")
    obj = Text("对象")
    ip = Text("IP")
    date_from = Date("起始日期", param="from")
    date_to = Date("截止日期", param="to")
