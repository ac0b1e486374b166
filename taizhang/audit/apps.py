from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "taizhang.audit"
    label = "audit"
    verbose_name = "操作留痕"

    def ready(self):
        from taizhang.orgs import permissions as P
        from taizhang.web import navigation as nav

        nav.register("系统管理", "操作留痕", "audit:event_list", P.READ_AUDIT, order=930)
