from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "taizhang.audit"
    label = "audit"
    verbose_name = "操作留痕"

    def ready(self):
        from taizhang.core import navigation as nav
        from taizhang.core import permissions as P

        nav.register("系统管理", "操作留痕", "audit:event_list", P.READ_AUDIT, order=930)
