from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "taizhang.stats"
    label = "stats"
    verbose_name = "统计分析"

    def ready(self):
        from taizhang.stats import cells

        cells.connect()
