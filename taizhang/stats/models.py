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


class ProblemCell(models.Model):
    """Maintained aggregate cell (docs/performance.md, "Maintained cells"): how many problems of `campaign` in the
    subtree of `unit` share the dimensions of one family (FAMILIES in stats.cells), and their measures.

    The fields carry the names of the Problem fields they stand for, so a catalogue figure's condition on problems
    is evaluated over the cells unchanged: Count(filter=Q) over problems is Sum("n", filter=Q) over the cells of a
    family whose dimensions cover the fields Q looks at. Dimensions outside a family keep their default."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+", verbose_name="单位（含下级）")
    family = models.CharField("维度组", max_length=12)
    status = models.CharField("状态", max_length=16, default="")
    kind = models.CharField("整改类型", max_length=16, default="")
    source = models.CharField("问题来源", max_length=40, default="")
    category = models.CharField("问题类别", max_length=40, default="")
    deadline = models.DateField("整改时限", null=True)
    closed_on = models.DateField("销号日期", null=True)
    returned_pending = models.BooleanField("退回待重新提交", default=False)
    evidence = models.BooleanField("有佐证材料", default=False)
    returned = models.BooleanField("销号曾被退回", default=False)
    rebound = models.BooleanField("回头看反弹", default=False)
    looked_back = models.BooleanField("开展过回头看", default=False)
    n = models.IntegerField("问题数", default=0)
    measures = models.IntegerField("措施数", default=0)
    measures_done = models.IntegerField("已完成措施数", default=0)

    class Meta:
        verbose_name = "统计汇总单元"
        verbose_name_plural = "统计汇总单元"
        indexes = [models.Index(fields=["campaign", "unit", "family"], name="stats_cell_c_u_f")]

    def __str__(self):
        return f"{self.campaign_id}/{self.unit_id}/{self.family} n={self.n}"


class CellState(models.Model):
    """The cells of `campaign` are complete for units from its root down to `max_depth` (built by
    `taizhang stats rebuild`, or empty from the campaign's creation). Without it the figures are computed from the
    records; a unit move that touches the campaign's tree drops it until the rebuild that follows."""

    campaign = models.OneToOneField("campaigns.Campaign", on_delete=models.CASCADE, related_name="+",
                                    verbose_name="专项工作")
    root_path = models.CharField("参加单位路径", max_length=255)
    max_depth = models.PositiveSmallIntegerField("最深层级")
    built_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = "统计汇总状态"
        verbose_name_plural = "统计汇总状态"

    def __str__(self):
        return f"{self.campaign_id} ≤{self.max_depth}"


class CellMark(models.Model):
    """A unit whose problems (or their measures, closure requests, 回头看, files) changed, written in the same
    transaction as the change; the next read folds it into the cells. `problem_id` marks the unit of that problem."""

    campaign_id = models.BigIntegerField("专项工作", null=True)
    unit_id = models.BigIntegerField("单位", null=True)
    problem_id = models.BigIntegerField("问题", null=True)

    class Meta:
        verbose_name = "统计待汇总标记"
        verbose_name_plural = "统计待汇总标记"


class CellLock(models.Model):
    """One row: whoever changes cells updates it first, so folds, rebuilds and moves never interleave."""

    folds = models.BigIntegerField("汇总次数", default=0)

    class Meta:
        verbose_name = "统计汇总锁"
        verbose_name_plural = "统计汇总锁"
