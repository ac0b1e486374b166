"""交流材料 and 汇编: submitted texts, the confidentiality of personal ones, and ordered compilations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import CreatedByModel
from taizhang.orgs.models import ScopedRecord


class Genre(models.TextChoices):
    SPEECH = "speech", _("发言材料")
    STAGE_SUMMARY = "stage_summary", _("阶段总结")
    RESEARCH_REPORT = "research_report", _("调研报告")
    EXPERIENCE = "experience", _("经验做法")
    REFLECTION = "reflection", _("心得体会")
    SELF_REVIEW = "self_review", _("对照检查材料")


# Always personal and confidential, whatever the author ticks.
CONFIDENTIAL_GENRES = frozenset({Genre.SELF_REVIEW})


class Material(ScopedRecord):
    """交流材料: a text submitted by an author for a unit, typed in or extracted from an uploaded file.

    Confidential materials (对照检查材料 and any the author marks personal) are visible only to the
    author, the office of the author's unit (or of the unit directly above it, for branches without
    an office) and leaders granted access explicitly (MaterialGrant) — never through ordinary scope.
    """

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="materials",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="materials", verbose_name="单位")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="materials", verbose_name="作者")
    author_name = models.CharField("作者姓名", max_length=60, blank=True)
    genre = models.CharField("体裁", max_length=20, choices=Genre.choices, db_index=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", blank=True)
    file = models.FileField("原文件", upload_to="materials/%Y/%m/", blank=True, max_length=255)
    file_name = models.CharField("原文件名", max_length=200, blank=True)
    text_extracted = models.BooleanField("已提取文本", default=False)
    personal = models.BooleanField("个人材料（保密）", default=False)
    confidential = models.BooleanField("保密", default=False, db_index=True, editable=False)
    # Marked by the office (material_mark_typical): the stage summary cites it under 典型经验.
    typical = models.BooleanField("典型经验", default=False, db_index=True, editable=False)

    class Meta(ScopedRecord.Meta):
        verbose_name = "交流材料"
        verbose_name_plural = "交流材料"
        indexes = [models.Index(fields=["campaign", "genre"])]

    def __str__(self):
        return self.title


class MaterialGrant(models.Model):
    """An explicit grant letting a leader read one confidential material."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="grants", verbose_name="材料")
    grantee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="material_grants",
                                verbose_name="授权领导")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="授权人")
    created_at = models.DateTimeField("授权时间", auto_now_add=True)

    class Meta:
        verbose_name = "材料阅看授权"
        verbose_name_plural = "材料阅看授权"
        constraints = [models.UniqueConstraint(fields=["material", "grantee"], name="uniq_material_grant")]


class Compilation(CreatedByModel, ScopedRecord):
    """汇编: an ordered selection of materials (its Word volume with 目录 is generated elsewhere)."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="compilations",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="compilations",
                             verbose_name="编印单位")
    title = models.CharField("汇编名称", max_length=200)

    class Meta(ScopedRecord.Meta):
        verbose_name = "材料汇编"
        verbose_name_plural = "材料汇编"

    def __str__(self):
        return self.title


class CompilationItem(models.Model):
    compilation = models.ForeignKey(Compilation, on_delete=models.CASCADE, related_name="items")
    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="+", verbose_name="材料")
    position = models.PositiveIntegerField("顺序")

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["compilation", "material"], name="uniq_compilation_material")]
