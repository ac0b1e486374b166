from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class OrgsConfig(nav.MenuAppConfig):
    name = "taizhang.orgs"
    label = "orgs"
    verbose_name = "组织与用户"

    menu = (
        nav.entry("基础", "组织架构", "orgs:unit_tree", order=900),
        nav.entry("系统管理", "用户管理", "orgs:user_list", P.MANAGE_USERS, P.MANAGE_ROLES, order=910),
        nav.entry("系统管理", "角色授权", "orgs:assignment_list", P.MANAGE_ROLES, order=920),
    )

    def ready(self):
        from taizhang.orgs import signals  # noqa: F401  (login/logout audit)
        super().ready()
