"""检视整改: the rectification ledger — problems, their measures, progress, closure, look-back, evidence.

`Problem.status` is written only by `taizhang.ledger.lifecycle.problem_transition`; the lights
(overdue, due soon, 红/黄/绿) are derived from the deadline and status (see `lights.py`), never stored.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import StoredFile, TimeStampedModel, person_or_name
from taizhang.orgs.models import ScopedModel, ScopedRecord


class ProblemStatus(models.TextChoices):
    PENDING = "pending", _("待认领")
    IN_PROGRESS = "in_progress", _("整改中")
    REVIEW = "review", _("待审核")
    CLOSED = "closed", _("已销号")
    WITHDRAWN = "withdrawn", _("已撤销")


OPEN_STATUSES = (ProblemStatus.PENDING, ProblemStatus.IN_PROGRESS, ProblemStatus.REVIEW)
FINISHED_STATUSES = (ProblemStatus.CLOSED, ProblemStatus.WITHDRAWN)


class RectificationKind(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    DEADLINE = "deadline", _("限期整改")
    LONG_TERM = "long_term", _("长期坚持")


class ProblemLevel(models.TextChoices):
    TEAM = "team", _("领导班子")
    TEAM_MEMBER = "team_member", _("班子成员个人")
    UNIT = "unit", _("单位")
    PARTY_MEMBER = "party_member", _("党员个人")


class Problem(ScopedRecord):
    """One row of the 问题清单/整改台账, owned by `unit` inside one campaign."""

    scope_unit_field = "unit"

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="problems",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="problems", verbose_name="责任单位")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("编号", max_length=24)
    title = models.CharField("问题标题", max_length=200)
    description = models.TextField("问题表现", blank=True)
    category = models.CharField("问题类别", max_length=40, blank=True)
    source = models.CharField("问题来源", max_length=40, blank=True)
    level = models.CharField("问题层面", max_length=16, choices=ProblemLevel.choices, default=ProblemLevel.UNIT)
    # People are accounts where they have one and names otherwise (linkable later).
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name="责任领导")
    leader_name = models.CharField("责任领导姓名", max_length=60, blank=True)
    lead_unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="牵头单位")
    co_units = models.ManyToManyField("orgs.Unit", blank=True, related_name="+", verbose_name="配合单位")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="责任人")
    responsible_name = models.CharField("责任人姓名", max_length=60, blank=True)
    kind = models.CharField("整改类型", max_length=16, choices=RectificationKind.choices,
                            default=RectificationKind.DEADLINE)
    target = models.TextField("整改目标", blank=True)
    deadline = models.DateField("整改时限", null=True, blank=True)
    review_cadence_months = models.PositiveSmallIntegerField("长期坚持复查间隔（月）", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.PENDING)
    # Set by the lifecycle: a closure was returned and not yet resubmitted (shows 黄).
    returned_pending = models.BooleanField("退回待重新提交", default=False)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    # The Asia/Shanghai day of closed_at, written with it by the lifecycle: on-time counts then compare two
    # date columns on every database, with no per-row time-zone conversion.
    closed_on = models.DateField("销号日期", null=True, blank=True, editable=False)
    extra = models.JSONField("其他信息", default=dict, blank=True)
    carried_over_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="carried_over_to", verbose_name="承接自")
    origin_kind = models.CharField("来源记录类型", max_length=40, blank=True)
    origin_ref = models.CharField("来源记录", max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="录入人")

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题"
        ordering = ["campaign", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="uniq_problem_number"),
            models.UniqueConstraint(fields=["campaign", "seq"], name="uniq_problem_seq"),
            # Carry-over is idempotent: one copy per origin per campaign (NULLs are distinct everywhere).
            models.UniqueConstraint(fields=["campaign", "carried_over_from"], name="uniq_problem_carry_over"),
        ]
        indexes = [
            models.Index(fields=["campaign", "unit", "status"], name="ledger_prob_c_u_s"),
            models.Index(fields=["campaign", "deadline"], name="ledger_prob_c_deadline"),
            models.Index(fields=["campaign", "status", "deadline"], name="ledger_prob_c_s_d"),
            models.Index(fields=["campaign", "updated_at"], name="ledger_prob_c_upd"),
            models.Index(fields=["responsible", "status"], name="ledger_prob_resp_s"),
            # 我的待办's problems nobody is responsible for yet, in deadline order (few: a partial index)
            models.Index(fields=["campaign", "status", "deadline", "seq"], name="ledger_prob_unassigned",
                         condition=models.Q(responsible__isnull=True)),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    leader_display = person_or_name("leader")
    responsible_display = person_or_name("responsible")

    def category_label(self) -> str:
        return self.campaign.code_label("problem_category", self.category) if self.category else ""

    def source_label(self) -> str:
        return self.campaign.code_label("problem_source", self.source) if self.source else ""


class MeasureStatus(models.TextChoices):
    TODO = "todo", _("未开始")
    DOING = "doing", _("进行中")
    DONE = "done", _("已完成")


class Measure(ScopedModel, TimeStampedModel):
    """整改措施: one checklist item of a problem."""

    scope_unit_field = "problem__unit"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="measures")
    text = models.TextField("措施内容")
    deadline = models.DateField("完成时限", null=True, blank=True)
    responsible_name = models.CharField("责任人", max_length=60, blank=True)
    status = models.CharField("状态", max_length=8, choices=MeasureStatus.choices, default=MeasureStatus.TODO)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["sort_order", "id"]
        # the 整改措施 list's order (earliest deadline first): a province's list walks it and stops at one page
        # instead of sorting 2.6 million measures (1.85 s → 53 ms on PostgreSQL)
        indexes = [models.Index(fields=["deadline", "problem", "id"], name="measure_by_deadline")]

    def __str__(self):
        return self.text[:40]


class ProgressReport(ScopedModel):
    """进展: what was done by `date`, with an estimated percent."""

    scope_unit_field = "problem__unit"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="progress_reports")
    date = models.DateField("日期")
    text = models.TextField("进展情况")
    percent = models.PositiveSmallIntegerField("完成比例（%）", default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name="填报人")
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date} {self.percent}%"


class ClosureDecision(models.TextChoices):
    PENDING = "", _("待审核")
    APPROVED = "approved", _("通过")
    RETURNED = "returned", _("退回")


class ClosureRequest(ScopedModel):
    """销号申请 and its review decision. The requester can never be the reviewer."""

    scope_unit_field = "problem__unit"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="closure_requests")
    evidence_summary = models.TextField("佐证说明", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间")
    decision = models.CharField("审核结论", max_length=10, choices=ClosureDecision.choices, blank=True, default="")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name="审核人")
    comment = models.TextField("审核意见", blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "销号申请"
        verbose_name_plural = "销号申请"
        ordering = ["requested_at", "id"]

    def __str__(self):
        return f"销号申请 {self.problem_id} {self.requested_at:%Y-%m-%d}"


class LookBackVerdict(models.TextChoices):
    CONSOLIDATED = "consolidated", _("巩固")
    REBOUND = "rebound", _("反弹")


class LookBack(ScopedModel):
    """回头看 of a closed problem: the four questions and a verdict; 反弹 reopens the problem."""

    scope_unit_field = "problem__unit"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="lookbacks")
    date = models.DateField("日期")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name="检查人")
    solved = models.BooleanField("问题有没有解决", default=True)
    changed = models.BooleanField("现状有没有改变", default=True)
    improved = models.BooleanField("工作有没有提升", default=True)
    felt = models.BooleanField("群众有没有实感", default=True)
    verdict = models.CharField("结论", max_length=16, choices=LookBackVerdict.choices)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "回头看"
        verbose_name_plural = "回头看"
        ordering = ["date", "id"]


class Attachment(ScopedModel, StoredFile):
    """佐证材料: a file stored under MEDIA_ROOT by its SHA-256; `original_name` is for download only."""

    scope_unit_field = "problem__unit"

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="attachments")
    progress = models.ForeignKey(ProgressReport, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="attachments")
    closure = models.ForeignKey(ClosureRequest, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="attachments")
    sha256 = models.CharField("内容哈希", max_length=64, db_index=True)  # downloads look files up by hash

    class Meta(StoredFile.Meta):
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a public holiday on a weekday or a 调休 make-up workday on
    a weekend. Shipped for 2023–2027 in ledger/data/cn_calendar.json; the sysadmin edits it."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班", default=False)
    name = models.CharField("说明", max_length=40, blank=True)

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"
