"""建章立制: rules created, revised or abolished, linked to the problems that caused them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import CreatedByModel
from taizhang.orgs.models import ScopedRecord


class InstitutionKind(models.TextChoices):
    NEW = "new", _("新建")
    REVISED = "revised", _("修订")
    ABOLISHED = "abolished", _("废止")


class Institution(CreatedByModel, ScopedRecord):
    """制度: one rule a unit issued, revised or abolished during the campaign ("从解决一个问题到解决一类问题")."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="institutions",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="institutions",
                             verbose_name="制定单位")
    title = models.CharField("制度名称", max_length=200)
    doc_number = models.CharField("文号", max_length=80, blank=True)
    kind = models.CharField("类型", max_length=12, choices=InstitutionKind.choices, default=InstitutionKind.NEW)
    issued_date = models.DateField("印发日期", null=True, blank=True)
    summary = models.TextField("主要内容", blank=True)
    problems = models.ManyToManyField("ledger.Problem", blank=True, related_name="institutions",
                                      verbose_name="针对的问题")
    attachment = models.FileField("制度文件", upload_to="institutions/%Y/%m/", blank=True, max_length=255)

    class Meta(ScopedRecord.Meta):
        verbose_name = "制度"
        verbose_name_plural = "制度"
        ordering = ["-issued_date", "-id"]
        indexes = [models.Index(fields=["campaign", "kind"])]

    def __str__(self):
        return self.title
