"""为民办实事: practical matters collected from the people, claimed, handled and completed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import CreatedByModel, person_or_name
from taizhang.orgs.models import ScopedRecord


class MatterStatus(models.TextChoices):
    COLLECTING = "collecting", _("征集")
    CLAIMED = "claimed", _("认领")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已办结")


class MatterSource(models.TextChoices):
    PUBLIC = "public", _("群众诉求")
    RESEARCH = "research", _("调研发现")
    HOTLINE = "hotline", _("热线")
    WISH = "wish", _("微心愿")
    OTHER = "other", _("其他")


class PracticalMatter(CreatedByModel, ScopedRecord):
    """实事: one item of the 实事清单. While 征集 it sits on the 需求清单 where members, units and leaders
    can claim it; the 领办 leader answers for it until 已办结."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="practical_matters",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="practical_matters",
                             verbose_name="所属单位")
    title = models.CharField("实事名称", max_length=200)
    category = models.CharField("类别", max_length=40)
    source = models.CharField("来源", max_length=12, choices=MatterSource.choices, default=MatterSource.PUBLIC)
    source_note = models.CharField("来源说明", max_length=300, blank=True)
    description = models.TextField("具体内容", blank=True)
    lead_leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="led_matters", verbose_name="领办领导")
    lead_leader_name = models.CharField("领办领导姓名", max_length=60, blank=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="claimed_matters", verbose_name="认领人")
    claimed_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="claimed_matters", verbose_name="认领单位")
    deadline = models.DateField("完成时限", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=MatterStatus.choices, default=MatterStatus.COLLECTING,
                              db_index=True)
    beneficiaries = models.PositiveIntegerField("惠及人数", default=0)
    money = models.DecimalField("投入资金（万元）", max_digits=12, decimal_places=2, default=0)
    satisfaction = models.DecimalField("群众满意度（%）", max_digits=5, decimal_places=1, null=True, blank=True)
    result = models.TextField("办理结果", blank=True)
    completed_at = models.DateField("办结日期", null=True, blank=True)

    class Meta(ScopedRecord.Meta):
        verbose_name = "为民办实事"
        verbose_name_plural = "为民办实事"
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return self.title

    leader_display = person_or_name("lead_leader")
