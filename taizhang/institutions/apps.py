from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "taizhang.institutions"
    label = "institutions"
    verbose_name = "建章立制"
