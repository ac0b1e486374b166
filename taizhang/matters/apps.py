from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class MattersConfig(nav.MenuAppConfig):
    name = "taizhang.matters"
    label = "matters"
    verbose_name = "为民办实事"

    menu = (
        nav.entry("为民办实事", "实事清单", "matters:matter_list", P.VIEW, order=400),
        nav.entry("为民办实事", "需求清单", "matters:demand_list", P.VIEW, P.OWN, order=401),
    )
