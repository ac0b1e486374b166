from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "taizhang.study"
    label = "study"
    verbose_name = "理论学习"
