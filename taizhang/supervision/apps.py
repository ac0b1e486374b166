from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "taizhang.supervision"
    label = "supervision"
    verbose_name = "督导"
