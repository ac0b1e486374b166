from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "taizhang.materials"
    label = "materials"
    verbose_name = "交流材料"
