from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class ReportsConfig(nav.MenuAppConfig):
    name = "taizhang.reports"
    label = "reports"
    verbose_name = "报告"

    menu = (
        nav.entry("总结", "报告", "reports:index", P.REPORT, order=690),
    )
