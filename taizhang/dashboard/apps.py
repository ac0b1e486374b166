from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "taizhang.dashboard"
    label = "dashboard"
    verbose_name = "首页"
