from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "taizhang.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        from taizhang.search import signals

        signals.connect()
