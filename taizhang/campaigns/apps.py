from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "taizhang.campaigns"
    label = "campaigns"
    verbose_name = "专项工作"

    def ready(self):
        from taizhang.core import navigation as nav
        from taizhang.core import permissions as P

        nav.register("基础", "专项工作", "campaigns:list", P.VIEW, P.OWN, order=890)
