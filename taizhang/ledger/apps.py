from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "taizhang.ledger"
    label = "ledger"
    verbose_name = "检视整改"
