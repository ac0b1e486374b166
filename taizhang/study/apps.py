from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "taizhang.study"
    label = "study"
    verbose_name = "理论学习"

    def ready(self):
        from taizhang.orgs import permissions as P
        from taizhang.web import navigation as nav

        nav.register("理论学习", "学习活动", "study:activity_list", P.VIEW, order=200)
        nav.register("理论学习", "学习书目", "study:reading_list", P.VIEW, order=201)
        nav.register("理论学习", "我的学习记录", "study:my_record", P.OWN, order=202)
