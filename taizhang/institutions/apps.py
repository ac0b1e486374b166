from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class InstitutionsConfig(nav.MenuAppConfig):
    name = "taizhang.institutions"
    label = "institutions"
    verbose_name = "建章立制"

    menu = (
        nav.entry("检视整改", "建章立制", "institutions:institution_list", P.VIEW, order=520),
    )
