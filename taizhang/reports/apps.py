from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "taizhang.reports"
    label = "reports"
    verbose_name = "报告"

    def ready(self):
        from taizhang.core import navigation as nav
        from taizhang.core import permissions as P

        nav.register("总结", "报告", "reports:index", P.REPORT, order=690)
