from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class StatsConfig(nav.MenuAppConfig):
    name = "taizhang.stats"
    label = "stats"
    verbose_name = "统计分析"

    menu = (
        nav.entry("统计分析", "统计看板", "stats:dashboard", P.VIEW, order=150),
    )
