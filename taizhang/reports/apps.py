from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "taizhang.reports"
    label = "reports"
    verbose_name = "报告"
