from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class MaterialsConfig(nav.MenuAppConfig):
    name = "taizhang.materials"
    label = "materials"
    verbose_name = "交流材料"

    menu = (
        nav.entry("总结", "交流材料", "materials:material_list", P.VIEW, P.OWN, order=700),
        nav.entry("总结", "材料汇编", "materials:compilation_list", P.REPORT, order=701),
    )
