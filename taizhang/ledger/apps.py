from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class LedgerConfig(nav.MenuAppConfig):
    name = "taizhang.ledger"
    label = "ledger"
    verbose_name = "检视整改"

    menu = (
        nav.entry("检视整改", "整改台账", "ledger:list", P.VIEW, order=200),
        nav.entry("检视整改", "我的待办", "ledger:todo", P.CHANGE, P.REVIEW, order=210),
        nav.entry("系统管理", "工作日历", "ledger:calendar", P.MANAGE_UNITS, order=940),
    )
