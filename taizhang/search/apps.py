from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _index_existing_records(sender, plan=None, verbosity=1, stdout=None, using="default", **kwargs):
    """An installation upgraded from a release without search has records but no index: the migrate that creates
    the index tables also fills them, so search finds the old records at once."""
    if not plan or not any(m.app_label == "search" and m.name == "0001_initial" and not backwards
                           for m, backwards in plan):
        return
    from taizhang.search.index import index_missing

    written = index_missing()
    if written and verbosity and stdout is not None:
        stdout.write(f"  已为升级前的 {written} 条记录建立全文检索索引\n")


class SearchConfig(AppConfig):
    name = "taizhang.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        from taizhang.search import signals

        signals.connect()
        post_migrate.connect(_index_existing_records, sender=self, dispatch_uid="search-index-existing")
