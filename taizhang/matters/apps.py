from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "taizhang.matters"
    label = "matters"
    verbose_name = "为民办实事"

    def ready(self):
        from taizhang.orgs import permissions as P
        from taizhang.web import navigation as nav

        nav.register("为民办实事", "实事清单", "matters:matter_list", P.VIEW, order=400)
        nav.register("为民办实事", "需求清单", "matters:demand_list", P.VIEW, P.OWN, order=401)
