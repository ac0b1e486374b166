from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class SupervisionConfig(nav.MenuAppConfig):
    name = "taizhang.supervision"
    label = "supervision"
    verbose_name = "督导"

    menu = (
        nav.entry("督导", "督办单", "supervision:slip_list", P.VIEW, order=600),
        nav.entry("督导", "约谈建议", "supervision:suggestion_list", P.SUPERVISE, order=601),
        nav.entry("督导", "通报", "supervision:circular_list", P.VIEW, order=602),
        nav.entry("督导", "回头看安排", "supervision:lookback_list", P.REVIEW, order=603),
    )
