from django.apps import AppConfig


class MattersConfig(AppConfig):
    name = "taizhang.matters"
    label = "matters"
    verbose_name = "为民办实事"
