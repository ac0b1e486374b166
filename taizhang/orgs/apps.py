from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "taizhang.orgs"
    label = "orgs"
    verbose_name = "组织与用户"

    def ready(self):
        from taizhang.orgs import permissions as P
        from taizhang.orgs import signals  # noqa: F401  (login/logout audit)
        from taizhang.web import navigation as nav

        nav.register("基础", "组织架构", "orgs:unit_tree", order=900)
        nav.register("系统管理", "用户管理", "orgs:user_list", P.MANAGE_USERS, P.MANAGE_ROLES, order=910)
        nav.register("系统管理", "角色授权", "orgs:assignment_list", P.MANAGE_ROLES, order=920)
