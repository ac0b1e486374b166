from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "taizhang.ledger"
    label = "ledger"
    verbose_name = "检视整改"

    def ready(self):
        from taizhang.orgs import permissions as P
        from taizhang.web import navigation as nav

        nav.register("检视整改", "整改台账", "ledger:list", P.VIEW, order=200)
        nav.register("检视整改", "我的待办", "ledger:todo", P.CHANGE, P.REVIEW, order=210)
        nav.register("系统管理", "工作日历", "ledger:calendar", P.MANAGE_UNITS, order=940)
