from django.apps import AppConfig


class SimilarityConfig(AppConfig):
    name = "taizhang.similarity"
    label = "similarity"
    verbose_name = "材料查重"
