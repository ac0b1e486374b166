from django.apps import AppConfig


class DossierConfig(AppConfig):
    """一事一档: the chain of one problem across the workstreams (no models of its own)."""

    name = "taizhang.dossier"
    label = "dossier"
    verbose_name = "一事一档"
