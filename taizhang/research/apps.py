from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class ResearchConfig(nav.MenuAppConfig):
    name = "taizhang.research"
    label = "research"
    verbose_name = "调查研究"

    menu = (
        nav.entry("调查研究", "调研课题", "research:topic_list", P.VIEW, order=300),
        nav.entry("调查研究", "揭榜领题", "research:topic_open", P.LEAD, order=301),
        nav.entry("调查研究", "调研走访", "research:visit_list", P.VIEW, order=302),
        nav.entry("调查研究", "扎堆调研提示", "research:visit_clusters", P.REVIEW, order=303),
    )
