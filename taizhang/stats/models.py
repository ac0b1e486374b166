"""Daily snapshots of the metric catalogue: the source of "as of a past date" and of trend lines."""

from django.db import models


class SnapshotDay(models.Model):
    """One run of the daily snapshot for a campaign: which day it stands for and how deep it went.

    A unit deeper than `max_depth` has no snapshot rows; a missing key of a unit that is covered is 0."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="专项工作")
    date = models.DateField("日期")
    max_depth = models.PositiveSmallIntegerField("最深层级")
    units = models.PositiveIntegerField("单位数", default=0)
    rows = models.PositiveIntegerField("快照行数", default=0)
    taken_at = models.DateTimeField("生成时间", auto_now=True)

    class Meta:
        verbose_name = "统计快照批次"
        verbose_name_plural = "统计快照批次"
        ordering = ["campaign", "date"]
        constraints = [models.UniqueConstraint(fields=["campaign", "date"], name="uniq_snapshot_day")]

    def __str__(self):
        return f"{self.campaign_id} {self.date}"


class MetricSnapshot(models.Model):
    """The value of one additive catalogue key for the subtree of `unit` in `campaign` on `date`.

    Zero values are not stored (see SnapshotDay); rates are derived from their parts when read."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+", verbose_name="单位")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="专项工作")
    date = models.DateField("日期")
    key = models.CharField("指标", max_length=64)
    value = models.DecimalField("数值", max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = "统计快照"
        verbose_name_plural = "统计快照"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit", "date", "key"], name="uniq_metric_snapshot")]

    def __str__(self):
        return f"{self.date} {self.key}={self.value}"
