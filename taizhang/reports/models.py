"""Report templates uploaded by offices and report renderings (jobs) kept for download."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import CreatedByModel, VersionedModel
from taizhang.orgs.models import ScopedModel


class ReportKind(models.TextChoices):
    STAGE_SUMMARY = "stage-summary", _("阶段性工作总结")
    RECTIFICATION = "rectification-report", _("整改情况报告")
    RESEARCH = "research-compilation", _("调研成果汇编")
    MATERIALS = "materials-compilation", _("交流材料汇编")
    CIRCULAR = "circular", _("通报")
    TEMPLATE = "template", _("自定义模板")


class ReportTemplate(ScopedModel):
    """A .docx template an office uploaded (docxtpl placeholders over catalogue keys), checked on upload."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="所属单位")
    name = models.CharField("模板名称", max_length=120)
    file = models.FileField("模板文件", upload_to="reports/templates/%Y/%m/", max_length=255)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    placeholders = models.JSONField("使用的指标", default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告模板"
        verbose_name_plural = "报告模板"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.name


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ReportJob(ScopedModel):
    """One rendering of a report, made in the background; the file stays downloadable from its page."""

    kind = models.CharField("报告类型", max_length=32, choices=ReportKind.choices)
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    as_of = models.DateField("统计截至", null=True, blank=True)
    options = models.JSONField("参数", default=dict, blank=True)
    template = models.ForeignKey(ReportTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name="模板")
    status = models.CharField("状态", max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    file = models.FileField("文档", upload_to="reports/%Y/%m/", blank=True, max_length=255)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    figures = models.JSONField("使用的数字", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="申请人")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "报告生成"
        verbose_name_plural = "报告生成"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.unit_id}"


class ReportDraft(ScopedModel, VersionedModel, CreatedByModel):
    """A narrative report (总结、整改报告、通报) kept as an editable draft: the builder's `Draft` as generated, the
    office's wording per block id, and the figures of the generation before, so a regenerated draft keeps the
    office's sentences with fresh figure fields and can say which figures moved (taizhang.reports.drafts)."""

    kind = models.CharField("报告类型", max_length=32, choices=ReportKind.choices)
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    as_of = models.DateField("统计截至", null=True, blank=True)
    options = models.JSONField("参数", default=dict, blank=True)
    generated = models.JSONField("生成的草稿", default=dict, blank=True)
    # {block id: {"text": …, "lead": …, "dropped": bool, "orphan": bool, "block": {…}, "after": id}}
    edits = models.JSONField("修改", default=dict, blank=True)
    previous_figures = models.JSONField("上次生成的数字", default=dict, blank=True)
    generated_at = models.DateTimeField("生成时间", null=True, blank=True)
    regenerations = models.PositiveIntegerField("重新生成次数", default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="最后修改人")

    class Meta:
        verbose_name = "报告草稿"
        verbose_name_plural = "报告草稿"
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.unit.name if self.unit_id else ''}".strip()
