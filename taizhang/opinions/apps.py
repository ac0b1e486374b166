from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "taizhang.opinions"
    verbose_name = "征求意见"
