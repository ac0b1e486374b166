from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "taizhang.materials"
    label = "materials"
    verbose_name = "交流材料"

    def ready(self):
        from taizhang.core import navigation as nav
        from taizhang.core import permissions as P

        nav.register("总结", "交流材料", "materials:material_list", P.VIEW, P.OWN, order=700)
        nav.register("总结", "材料汇编", "materials:compilation_list", P.REPORT, order=701)
