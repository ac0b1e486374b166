"""专项工作: a campaign is configuration — dates, stages, code lists, thresholds — over a unit subtree."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import VersionedModel
from taizhang.orgs.models import Unit
from taizhang.orgs.scope import user_assignments


class CampaignKind(models.TextChoices):
    THEME_EDUCATION = "theme_education", _("主题教育")
    DISCIPLINE_EDUCATION = "discipline_education", _("党纪学习教育")
    SPECIAL_RECTIFICATION = "special_rectification", _("专项整治")
    INSPECTION = "inspection", _("巡视整改")
    CIRCUIT_INSPECTION = "circuit_inspection", _("巡察整改")
    OTHER = "other", _("其他")


class CampaignQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """Campaigns a user takes part in: the campaign's root unit is above, at or below one of the
        user's business assignments. Which records they see inside it is decided per record."""
        from taizhang.orgs.permissions import roles_granting

        roles = roles_granting(action) if action != "any" else None
        q = None
        for a in user_assignments(user):
            if roles is not None and a.role not in roles:
                continue
            if roles is None and a.role in ("sysadmin", "secadmin", "auditor"):
                continue
            path = a.unit.path
            ancestors = [path[:i] for i in range(Unit.steplen, len(path) + 1, Unit.steplen)]
            part = Q(root_unit__path__in=ancestors) | Q(root_unit__path__startswith=path)
            q = part if q is None else q | part
        return self.none() if q is None else self.filter(q)


class Campaign(VersionedModel):
    """专项工作 (主题教育 and its successors). Everything campaign-specific lives here, not in code."""

    name = models.CharField("名称", max_length=120)
    slug = models.SlugField("标识", max_length=60, unique=True)
    kind = models.CharField("类型", max_length=32, choices=CampaignKind.choices, default=CampaignKind.THEME_EDUCATION)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    root_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="campaigns", verbose_name="参加单位")
    predecessor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors", verbose_name="上一批次"
    )
    description = models.TextField("说明", blank=True)
    active = models.BooleanField("进行中", default=True)
    # thresholds and rules
    due_soon_days = models.PositiveSmallIntegerField("临期提醒天数", default=7)
    remind_workdays_before = models.PositiveSmallIntegerField("到期前提示（工作日）", default=3)
    require_closure_evidence = models.BooleanField("销号须附佐证材料", default=True)
    require_leader_signoff = models.BooleanField("销号须领导签批", default=False)
    lookback_months = models.PositiveSmallIntegerField("回头看间隔（月）", default=3)
    lookback_sample_percent = models.PositiveSmallIntegerField("回头看抽查比例（%）", default=100)
    visit_window_days = models.PositiveSmallIntegerField("调研扎堆提醒窗口（天）", default=14)
    red_threshold_overdue_days = models.PositiveSmallIntegerField("约谈建议：逾期天数", default=30)
    red_threshold_count = models.PositiveSmallIntegerField("约谈建议：红灯数量", default=5)
    number_prefix = models.CharField("问题编号前缀", max_length=8, default="ZG")

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "专项工作"
        verbose_name_plural = "专项工作"
        ordering = ["-start_date", "name"]

    def __str__(self):
        return self.name

    def codes(self, list_name: str):
        return self.code_entries.filter(list_name=list_name, active=True).order_by("sort_order", "id")

    def code_choices(self, list_name: str) -> list[tuple[str, str]]:
        return [(c.code, c.label) for c in self.codes(list_name)]

    def code_label(self, list_name: str, code: str) -> str:
        return dict(self.code_choices(list_name)).get(code, code)


class CampaignStage(models.Model):
    """A stage of a campaign (学习教育、调查研究、检视整改、总结评估 …) with its dates."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField("阶段名称", max_length=60)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "阶段"
        verbose_name_plural = "阶段"
        ordering = ["sort_order", "start_date"]

    def __str__(self):
        return self.name


class CodeList(models.TextChoices):
    PROBLEM_CATEGORY = "problem_category", _("问题类别")
    PROBLEM_SOURCE = "problem_source", _("问题来源")
    MATTER_CATEGORY = "matter_category", _("实事类别")
    RESEARCH_METHOD = "research_method", _("调研方式")


class CampaignCode(models.Model):
    """One entry of a campaign's configurable code list. Codes are stable; labels may be edited."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="code_entries")
    list_name = models.CharField("代码表", max_length=24, choices=CodeList.choices)
    code = models.CharField("代码", max_length=40)
    label = models.CharField("名称", max_length=60)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "代码项"
        verbose_name_plural = "代码项"
        ordering = ["list_name", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "list_name", "code"], name="uniq_campaign_code")
        ]

    def __str__(self):
        return self.label
