"""理论学习: study activities of the twelve types, the campaign's reading list, members' attendance."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import CreatedByModel
from taizhang.orgs.models import ScopedRecord


class StudyType(models.TextChoices):
    FIRST_TOPIC = "first_topic", _("第一议题")
    GROUP_STUDY = "group_study", _("中心组学习")
    READING_CLASS = "reading_class", _("读书班")
    SEMINAR = "seminar", _("专题研讨")
    PARTY_LECTURE = "party_lecture", _("专题党课")
    THREE_MEETINGS = "three_meetings", _("三会一课")
    PARTY_DAY = "party_day", _("主题党日")
    TUTORIAL = "tutorial", _("专题辅导")
    PREACHING = "preaching", _("宣讲")
    ONSITE = "onsite", _("现场教学")
    QUIZ = "quiz", _("知识测试")
    SELF_STUDY = "self_study", _("自学")


class ReadingKind(models.TextChoices):
    REQUIRED = "required", _("必读")
    OPTIONAL = "optional", _("选读")


class ReadingItem(models.Model):
    """One title of a campaign's reading list (必读/选读), kept by the office of the campaign."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="reading_items",
                                 verbose_name="专项工作")
    title = models.CharField("书目", max_length=200)
    kind = models.CharField("类别", max_length=12, choices=ReadingKind.choices, default=ReadingKind.REQUIRED)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "学习书目"
        verbose_name_plural = "学习书目"
        ordering = ["kind", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "title"], name="uniq_reading_title")]

    def __str__(self):
        return f"{self.title}（{self.get_kind_display()}）"


class StudyActivity(CreatedByModel, ScopedRecord):
    """学习活动: one study session or series held by a unit (a 读书班 of 3 days is one activity).

    Participants are a count and/or linked member accounts; `attendance` (人次) defaults to participants
    × days, `speakers` is 发言人次 and `outputs` the number of 意见建议 collected.
    """

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="study_activities",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="study_activities",
                             verbose_name="组织单位")
    type = models.CharField("学习形式", max_length=20, choices=StudyType.choices, db_index=True)
    title = models.CharField("主题", max_length=200)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    days = models.PositiveSmallIntegerField("天数", default=1)
    host = models.CharField("主持人/主讲人", max_length=120, blank=True)
    materials = models.ManyToManyField(ReadingItem, blank=True, related_name="activities", verbose_name="学习书目")
    participant_count = models.PositiveIntegerField("参加人数", default=0)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="study_activities",
                                          verbose_name="参加党员")
    attendance = models.PositiveIntegerField("参加人次", default=0)
    speakers = models.PositiveIntegerField("发言人次", default=0)
    outputs = models.PositiveIntegerField("形成意见建议（条）", default=0)
    summary = models.TextField("内容摘要", blank=True)
    attachment = models.FileField("附件", upload_to="study/%Y/%m/", blank=True, max_length=255)

    class Meta(ScopedRecord.Meta):
        verbose_name = "学习活动"
        verbose_name_plural = "学习活动"
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["campaign", "type"]), models.Index(fields=["unit", "start_date"])]

    def __str__(self):
        return self.title
