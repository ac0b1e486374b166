"""查重 of materials: the reference corpus an office uploads, the stored fingerprints, and each material's result."""

from django.db import models

from taizhang.core.models import CreatedByModel
from taizhang.orgs.models import ScopedRecord


class ReferenceDocument(CreatedByModel, ScopedRecord):
    """A document the office of `unit` uploads so materials of its subtree are compared with it: a template seller's
    范文, last year's materials, a published speech. Not a material; only offices see it."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="similarity_references",
                             verbose_name="上传单位")
    title = models.CharField("名称", max_length=200)
    file = models.FileField("原文件", upload_to="similarity/%Y/%m/", blank=True, max_length=255)
    file_name = models.CharField("原文件名", max_length=200, blank=True)
    body = models.TextField("正文")

    class Meta(ScopedRecord.Meta):
        verbose_name = "查重比对文档"
        verbose_name_plural = "查重比对文档"

    def __str__(self):
        return self.title


class ReferenceFingerprint(models.Model):
    """One sampled shingle hash of a reference document (engine.fingerprints)."""

    reference = models.ForeignKey(ReferenceDocument, on_delete=models.CASCADE, related_name="fingerprints")
    hash = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["hash"])]


class MaterialFingerprint(models.Model):
    """One sampled shingle hash of a material; the campaign is repeated so the candidate query is one index range."""

    material = models.ForeignKey("materials.Material", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    hash = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["campaign", "hash"])]


class MaterialCheck(models.Model):
    """The 查重 result of one material: requested on submission or on demand, filled in when it ran."""

    material = models.OneToOneField("materials.Material", on_delete=models.CASCADE, related_name="similarity_check",
                                    verbose_name="材料")
    requested_at = models.DateTimeField("提交查重时间")
    checked_at = models.DateTimeField("查重完成时间", null=True, blank=True)
    length = models.PositiveIntegerField("有效字数", default=0)  # normalised characters compared
    # Over all sources; a viewer sees the share over the sources they may see (selectors.report_for).
    score = models.FloatField("重复率", default=0.0)
    error = models.CharField("查重失败原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "查重结果"
        verbose_name_plural = "查重结果"

    @property
    def pending(self) -> bool:
        return self.checked_at is None or self.checked_at < self.requested_at


class CheckSource(models.Model):
    """A text the checked material shares passages with: another material of the campaign or a reference."""

    result = models.ForeignKey(MaterialCheck, on_delete=models.CASCADE, related_name="sources")
    material = models.ForeignKey("materials.Material", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+", verbose_name="来源材料")
    reference = models.ForeignKey(ReferenceDocument, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+", verbose_name="来源比对文档")
    shared_chars = models.PositiveIntegerField("重复字数")
    score = models.FloatField("占本材料比例")
    spans = models.JSONField("本材料中的重复区间", default=list)  # normalised [start, end) pairs
    passages = models.JSONField("重复段落", default=list)  # engine.Alignment.shown()

    class Meta:
        ordering = ["-score", "id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(material__isnull=False, reference__isnull=True)
            | models.Q(material__isnull=True, reference__isnull=False), name="similarity_source_one_kind")]
