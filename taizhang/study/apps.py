from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class StudyConfig(nav.MenuAppConfig):
    name = "taizhang.study"
    label = "study"
    verbose_name = "理论学习"

    menu = (
        nav.entry("理论学习", "学习活动", "study:activity_list", P.VIEW, order=200),
        nav.entry("理论学习", "学习书目", "study:reading_list", P.VIEW, order=201),
        nav.entry("理论学习", "我的学习记录", "study:my_record", P.OWN, order=202),
    )
