from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "taizhang.stats"
    label = "stats"
    verbose_name = "统计分析"

    def ready(self):
        from taizhang.orgs import permissions as P
        from taizhang.web import navigation as nav

        nav.register("统计分析", "统计看板", "stats:dashboard", P.VIEW, order=150)
