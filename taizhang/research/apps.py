from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "taizhang.research"
    label = "research"
    verbose_name = "调查研究"
