from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class AuditConfig(nav.MenuAppConfig):
    name = "taizhang.audit"
    label = "audit"
    verbose_name = "操作留痕"

    menu = (
        nav.entry("系统管理", "操作留痕", "audit:event_list", P.READ_AUDIT, order=930),
    )
