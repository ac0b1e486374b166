from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "taizhang.campaigns"
    label = "campaigns"
    verbose_name = "专项工作"

    def ready(self):
        from taizhang.orgs import permissions as P
        from taizhang.web import navigation as nav

        nav.register("基础", "专项工作", "campaigns:list", P.VIEW, P.OWN, order=890)
