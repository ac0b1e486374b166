from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "taizhang.institutions"
    label = "institutions"
    verbose_name = "建章立制"

    def ready(self):
        from taizhang.orgs import permissions as P
        from taizhang.web import navigation as nav

        nav.register("检视整改", "建章立制", "institutions:institution_list", P.VIEW, order=520)
