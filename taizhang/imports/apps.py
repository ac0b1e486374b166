from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "taizhang.imports"
    label = "imports"
    verbose_name = "Excel导入导出"

    def ready(self):
        from taizhang.orgs import permissions as P
        from taizhang.web import navigation as nav

        nav.register("检视整改", "Excel导入", "imports:index", P.CREATE, P.MANAGE_UNITS, P.MANAGE_USERS, order=220)
