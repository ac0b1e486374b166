"""督导: 督办单 (supervision slips), the reminder rules' memory, 约谈建议, 通报 and 回头看 plans.

`SupervisionSlip.status` is written only by `taizhang.supervision.services.slip_transition`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import StoredFile
from taizhang.orgs.models import ScopedModel, ScopedRecord


class SlipKind(models.TextChoices):
    NOTICE = "notice", _("通知单")
    REMINDER = "reminder", _("提示单")
    FEEDBACK = "feedback", _("反馈单")
    WARNING = "warning", _("预警单")
    INTERVIEW = "interview", _("约谈单")


class SlipStatus(models.TextChoices):
    SENT = "sent", _("已发出")
    SIGNED = "signed", _("已签收")
    REPLIED = "replied", _("已反馈")
    CLOSED = "closed", _("已办结")


class SlipOrigin(models.TextChoices):
    MANUAL = "manual", _("人工签发")
    RULE = "rule", _("规则自动生成")


class SupervisionSlip(ScopedRecord):
    """督办单: issued by `issuer_unit` (an office or inspector holding SUPERVISE over the target) to
    `target_unit` about one or more problems. 已发出 → 已签收 → 已反馈 → 已办结, or sent back to 已签收.

    Scoped by the target unit: its clerks and offices see it in 收到的; the issuer side sees it through
    `selectors.slips_visible`, which adds the slips issued by units in the user's SUPERVISE scope."""

    scope_unit_field = "target_unit"

    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="supervision_slips", verbose_name="专项工作")
    kind = models.CharField("类型", max_length=12, choices=SlipKind.choices)
    issuer_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="issued_slips",
                                    verbose_name="签发单位")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="签发人")
    target_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="received_slips",
                                    verbose_name="接收单位")
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("编号", max_length=40)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("督办内容")
    reply_deadline = models.DateField("反馈时限", null=True, blank=True)
    problems = models.ManyToManyField("ledger.Problem", blank=True, related_name="supervision_slips",
                                      verbose_name="涉及问题")
    status = models.CharField("状态", max_length=10, choices=SlipStatus.choices, default=SlipStatus.SENT,
                              db_index=True)
    origin = models.CharField("来源", max_length=8, choices=SlipOrigin.choices, default=SlipOrigin.MANUAL)
    issued_at = models.DateTimeField("签发时间")
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="签收人")
    reply = models.TextField("反馈内容", blank=True)
    replied_at = models.DateTimeField("反馈时间", null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="反馈人")
    return_reason = models.TextField("退回理由", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="办结人")

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer_unit", "year", "seq"], name="uniq_slip_issuer_year_seq"),
        ]
        indexes = [
            models.Index(fields=["target_unit", "status"], name="sup_slip_target_status"),
            models.Index(fields=["issuer_unit", "status"], name="sup_slip_issuer_status"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return (self.reply_deadline is not None and self.status in (SlipStatus.SENT, SlipStatus.SIGNED)
                and self.reply_deadline < timezone.localdate())


class SlipSequence(models.Model):
    """The last number issued by a unit in a year (督字〔2024〕12号 → last=12). Incremented by a conditional
    UPDATE, so two concurrent issuers never get the same number."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "督办单编号"
        verbose_name_plural = "督办单编号"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="uniq_slip_sequence")]


class SlipLink(models.Model):
    """A link from a slip to any other record (调研课题, 实事 …) besides problems, by label and id."""

    slip = models.ForeignKey(SupervisionSlip, on_delete=models.CASCADE, related_name="links")
    object_type = models.CharField("对象类型", max_length=100)
    object_id = models.CharField("对象", max_length=64)
    label = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "督办单关联记录"
        verbose_name_plural = "督办单关联记录"
        ordering = ["id"]


class SlipAttachment(ScopedModel, StoredFile):
    """A file attached to a slip's reply, stored like 佐证材料 (by content hash)."""

    scope_unit_field = "slip__target_unit"

    slip = models.ForeignKey(SupervisionSlip, on_delete=models.CASCADE, related_name="attachments")

    class Meta(StoredFile.Meta):
        verbose_name = "督办单附件"
        verbose_name_plural = "督办单附件"


class RuleHit(models.Model):
    """Memory of the reminder rules: one row per (reason, record, occasion). Its unique `dedupe_key` is
    why running the rules twice on one day sends nothing twice."""

    dedupe_key = models.CharField("去重键", max_length=200, unique=True)
    rule = models.CharField("规则", max_length=20)
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    problem = models.ForeignKey("ledger.Problem", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    slip = models.ForeignKey(SupervisionSlip, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    date = models.DateField("日期")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        indexes = [models.Index(fields=["campaign", "date"], name="sup_rulehit_c_d")]


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ISSUED = "issued", _("已约谈")
    DISMISSED = "dismissed", _("不予约谈")


class InterviewSuggestion(ScopedModel):
    """约谈建议 to the offices above a unit: it has ≥ K red items or an item overdue > M days.
    At most one open suggestion per unit and campaign; the office issues a 约谈单 or dismisses it."""

    scope_unit_field = "unit"

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+", verbose_name="单位")
    date = models.DateField("提出日期")
    red_count = models.PositiveIntegerField("红灯数量", default=0)
    max_overdue_days = models.PositiveIntegerField("最长逾期天数", default=0)
    reason = models.CharField("理由", max_length=300)
    problems = models.ManyToManyField("ledger.Problem", blank=True, related_name="+", verbose_name="涉及问题")
    status = models.CharField("状态", max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN)
    slip = models.ForeignKey(SupervisionSlip, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="约谈单")

    class Meta:
        verbose_name = "约谈建议"
        verbose_name_plural = "约谈建议"
        ordering = ["-date", "-id"]


class Circular(ScopedModel):
    """通报: a ranking of the direct children of `unit` on chosen metrics, as figures and a .docx, published
    to the children's offices."""

    scope_unit_field = "unit"

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="通报单位")
    title = models.CharField("标题", max_length=200)
    as_of = models.DateField("统计日期")
    metrics = models.JSONField("指标", default=list)
    rows = models.JSONField("排名", default=list)
    document = models.BinaryField("文档", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="发布人")
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-as_of", "-id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit", "as_of"], name="uniq_circular_day")]


class LookBackPlanStatus(models.TextChoices):
    DUE = "due", _("待回头看")
    DONE = "done", _("已回头看")


class LookBackPlan(ScopedModel):
    """回头看 scheduled after 销号: `due_date` = closure date + campaign.lookback_months, for all closed
    problems or a deterministic sample. Done once a LookBack is recorded after the closure."""

    scope_unit_field = "problem__unit"

    problem = models.ForeignKey("ledger.Problem", on_delete=models.CASCADE, related_name="lookback_plans",
                                verbose_name="问题")
    closed_at = models.DateTimeField("销号时间")
    due_date = models.DateField("应回头看日期")
    status = models.CharField("状态", max_length=8, choices=LookBackPlanStatus.choices, default=LookBackPlanStatus.DUE)
    created_at = models.DateTimeField("安排时间", auto_now_add=True)

    class Meta:
        verbose_name = "回头看安排"
        verbose_name_plural = "回头看安排"
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["problem", "closed_at"], name="uniq_lookback_plan")]


class SlipPrefix(models.Model):
    """The prefix a unit's 督办单 numbers carry (岭督字 in 岭督字〔2026〕7号), set by the unit's office. Prefixes are
    unique, so two units' numbers never read the same; a unit without one uses its short name (services)."""

    unit = models.OneToOneField("orgs.Unit", on_delete=models.CASCADE, primary_key=True, related_name="+")
    prefix = models.CharField("督办单编号前缀", max_length=20, unique=True)

    class Meta:
        verbose_name = "督办单编号前缀"
        verbose_name_plural = "督办单编号前缀"

    def __str__(self):
        return self.prefix
