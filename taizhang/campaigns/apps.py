from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class CampaignsConfig(nav.MenuAppConfig):
    name = "taizhang.campaigns"
    label = "campaigns"
    verbose_name = "专项工作"

    menu = (
        nav.entry("基础", "专项工作", "campaigns:list", P.VIEW, P.OWN, order=890),
    )
