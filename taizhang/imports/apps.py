from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class ImportsConfig(nav.MenuAppConfig):
    name = "taizhang.imports"
    label = "imports"
    verbose_name = "Excel导入导出"

    menu = (
        nav.entry("检视整改", "Excel导入", "imports:index", P.CREATE, P.MANAGE_UNITS, P.MANAGE_USERS, order=220),
    )
