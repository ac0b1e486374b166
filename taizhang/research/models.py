"""调查研究: research topics led by leaders, field visits, reports and the transformation of results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import CreatedByModel, person_or_name
from taizhang.orgs.models import ScopedRecord


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", _("拟定")
    TAKEN = "taken", _("已领题")
    RESEARCHING = "researching", _("调研中")
    REPORTED = "reported", _("已形成报告")
    TRANSFORMING = "transforming", _("成果转化中")
    DONE = "done", _("已完成")


class ExchangeGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    FAIR = "fair", _("一般")


class ResearchTopic(CreatedByModel, ScopedRecord):
    """调研课题: a question a leader (领题人) studies in the field. Topics proposed without a leader are
    open (揭榜领题) until a leader takes one."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="research_topics",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="research_topics",
                             verbose_name="所属单位")
    title = models.CharField("课题名称", max_length=200)
    direction = models.CharField("调研方向", max_length=200, blank=True)
    rationale = models.TextField("选题理由", blank=True)
    lead_leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="led_topics", verbose_name="领题人")
    lead_leader_name = models.CharField("领题人姓名", max_length=60, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="research_topics",
                                     verbose_name="课题组成员")
    member_names = models.CharField("课题组成员（姓名）", max_length=300, blank=True)
    planned_start = models.DateField("计划开始", null=True, blank=True)
    planned_end = models.DateField("计划结束", null=True, blank=True)
    planned_sites = models.CharField("计划调研地点", max_length=300, blank=True)
    status = models.CharField("状态", max_length=16, choices=TopicStatus.choices, default=TopicStatus.PROPOSED,
                              db_index=True)
    report_file = models.FileField("调研报告文件", upload_to="research/reports/%Y/%m/", blank=True, max_length=255)
    report_abstract = models.TextField("报告摘要", blank=True)
    exchange_grade = models.CharField("成果交流评定", max_length=12, choices=ExchangeGrade.choices, blank=True)
    exchange_score = models.DecimalField("成果交流得分", max_digits=5, decimal_places=1, null=True, blank=True)
    # A topic raised to study a 共性问题: the problems of the cluster it came from.
    problems = models.ManyToManyField("ledger.Problem", blank=True, related_name="research_topics",
                                      verbose_name="针对的问题")

    class Meta(ScopedRecord.Meta):
        verbose_name = "调研课题"
        verbose_name_plural = "调研课题"
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return self.title

    leader_display = person_or_name("lead_leader")

    @property
    def is_open(self) -> bool:
        """揭榜: proposed and nobody has taken it yet."""
        return self.status == TopicStatus.PROPOSED and not self.lead_leader_id


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("计划")
    DONE = "done", _("已开展")


class ResearchVisit(CreatedByModel, ScopedRecord):
    """调研走访: one field visit of a topic, at a unit or a free-text place."""

    scope_unit_field = "unit"

    topic = models.ForeignKey(ResearchTopic, on_delete=models.CASCADE, related_name="visits", verbose_name="课题")
    # The owning unit is the topic's; copied so scoping and clustering need no join.
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="所属单位")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="专项工作")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="research_visits", verbose_name="带队领导")
    leader_name = models.CharField("带队领导姓名", max_length=60, blank=True)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    status = models.CharField("状态", max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    site_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="research_visits_at", verbose_name="调研单位")
    site_place = models.CharField("调研地点", max_length=200, blank=True)
    # Normalised site key for clustering: "u:<unit id>" or "p:<place without spaces>".
    site_key = models.CharField(max_length=210, db_index=True, editable=False)
    method = models.CharField("调研方式", max_length=40)
    participants = models.CharField("参加人员", max_length=300, blank=True)
    participant_count = models.PositiveIntegerField("参加人数", default=0)
    people_met = models.CharField("座谈走访对象", max_length=300, blank=True)
    people_met_count = models.PositiveIntegerField("走访人数", default=0)
    needs_collected = models.TextField("收集的意见需求", blank=True)
    solved_on_site = models.TextField("现场解决的问题", blank=True)
    solved_count = models.PositiveIntegerField("现场解决问题数", default=0)
    problems = models.ManyToManyField("ledger.Problem", blank=True, related_name="research_visits",
                                      verbose_name="发现的问题")

    class Meta(ScopedRecord.Meta):
        verbose_name = "调研走访"
        verbose_name_plural = "调研走访"
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["campaign", "site_key", "start_date"])]

    def __str__(self):
        return f"{self.site_display} {self.start_date:%Y-%m-%d}"

    @property
    def site_display(self) -> str:
        return self.site_unit.name if self.site_unit_id else self.site_place

    leader_display = person_or_name("leader")


class TransformationKind(models.TextChoices):
    POLICY = "policy", _("政策文件")
    RULE = "rule", _("制度")
    MEASURE = "measure", _("工作措施")
    PROJECT = "project", _("项目")
    SOLVE = "solve", _("解决问题")


class TransformationStatus(models.TextChoices):
    PENDING = "pending", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")


class Transformation(ScopedRecord):
    """成果转化事项: what a topic's findings turned into (a policy, a rule, a project …)."""

    topic = models.ForeignKey(ResearchTopic, on_delete=models.CASCADE, related_name="transformations",
                              verbose_name="课题")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="所属单位")
    kind = models.CharField("类型", max_length=12, choices=TransformationKind.choices)
    title = models.CharField("事项", max_length=200)
    responsible = models.CharField("责任人/责任单位", max_length=120, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=TransformationStatus.choices,
                              default=TransformationStatus.PENDING)
    completed_at = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "成果转化事项"
        verbose_name_plural = "成果转化事项"
        ordering = ["id"]

    def __str__(self):
        return self.title
