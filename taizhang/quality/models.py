"""问题质量: the office's mark that one problem repeats another (the other quality findings are computed)."""

from django.conf import settings
from django.db import models

from taizhang.orgs.models import ScopedModel


class DuplicateMark(ScopedModel):
    """`duplicate` repeats `kept`: the office withdrew it through the ledger's lifecycle and it points to the
    problem that is rectified instead. The withdrawn problem keeps its history; the kept one lists its duplicates."""

    scope_unit_field = "duplicate__unit"

    duplicate = models.OneToOneField("ledger.Problem", on_delete=models.CASCADE, related_name="duplicate_mark",
                                     verbose_name="重复问题")
    kept = models.ForeignKey("ledger.Problem", on_delete=models.PROTECT, related_name="duplicate_marks",
                             verbose_name="保留的问题")
    reason = models.CharField("说明", max_length=300, blank=True)
    similarity = models.FloatField("相似度", null=True, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="标记人")
    marked_at = models.DateTimeField("标记时间")

    class Meta:
        verbose_name = "重复问题标记"
        verbose_name_plural = "重复问题标记"
        ordering = ["marked_at", "id"]

    def __str__(self):
        return f"{self.duplicate_id} → {self.kept_id}"
