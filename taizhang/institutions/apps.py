from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "taizhang.institutions"
    label = "institutions"
    verbose_name = "建章立制"

    def ready(self):
        from taizhang.core import navigation as nav
        from taizhang.core import permissions as P

        nav.register("检视整改", "建章立制", "institutions:institution_list", P.VIEW, order=520)
