"""Excel in and out: every import is an ImportBatch, every background export an ExportJob."""

from datetime import timedelta

from django.conf import settings
from django.db import models

from taizhang.orgs.models import ScopedModel

IMPORT_KINDS = [
    ("problems", "整改台账（问题及措施）"),
    ("units", "组织单位"),
    ("users", "用户及角色"),
    ("research", "调研课题"),
    ("study", "学习活动"),
    ("matters", "为民办实事"),
    ("institutions", "制度"),
]
IMPORT_KIND_LABELS = dict(IMPORT_KINDS)

# What a list exports as; the file is called "{campaign}{label}{date}.xlsx" ("{label}{date}.xlsx" without one).
EXPORT_KINDS = [
    ("problems", "整改台账"),
    ("research", "调研课题"),
    ("study", "学习活动"),
    ("matters", "为民办实事"),
    ("institutions", "建章立制"),
    ("units", "组织单位"),
    ("users", "用户及角色"),
]


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", "已上传"
    CHECKING = "checking", "校验中"
    CHECKED = "checked", "已校验"
    IMPORTING = "importing", "导入中"
    DONE = "done", "已导入"
    FAILED = "failed", "未导入"
    UNDONE = "undone", "已撤销"


class ImportBatch(ScopedModel):
    """One import of one file: who, when, the stored file, the mapping used, counts and row errors."""

    scope_unit_field = "unit"

    kind = models.CharField("导入类型", max_length=16, choices=IMPORT_KINDS)
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="导入单位")
    filename = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("内容哈希", max_length=64)
    size = models.PositiveBigIntegerField("大小", default=0)
    sheet = models.CharField("工作表", max_length=100, blank=True)
    mapping = models.JSONField("列对应关系（用户修改）", default=dict, blank=True)
    header = models.JSONField("识别的表头", default=dict, blank=True)
    partial = models.BooleanField("仅导入正确的行", default=False)
    status = models.CharField("状态", max_length=10, choices=BatchStatus.choices, default=BatchStatus.UPLOADED)
    rows = models.PositiveIntegerField("记录数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    skipped = models.PositiveIntegerField("跳过", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    message = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="导入人")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("导入时间", null=True, blank=True)
    # when the step now running in the background (a check or the import of a large file) was queued
    started_at = models.DateTimeField("后台处理开始", null=True, blank=True)
    # "host:pid" of the worker process running that step, so a killed worker is seen at once, not after
    # IMPORT_STALL_MINUTES (see `stalled`)
    claimed_by = models.CharField("处理进程", max_length=120, blank=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename}"

    @property
    def running(self) -> bool:
        """A background check or import is under way (and has not outlived IMPORT_STALL_MINUTES)."""
        return self.status in (BatchStatus.CHECKING, BatchStatus.IMPORTING) and not self.stalled

    @property
    def worker_gone(self) -> bool:
        """The process that took the background step no longer exists (killed, or the service restarted)."""
        return process_gone(self.claimed_by)

    @property
    def stalled(self) -> bool:
        """The background step has run far longer than any import takes: its worker was stopped. Its transaction
        was rolled back with it, so nothing was written; the batch can be checked or imported again."""
        from django.utils import timezone

        if self.status not in (BatchStatus.CHECKING, BatchStatus.IMPORTING):
            return False
        if process_gone(self.claimed_by):
            return True
        return (self.started_at is not None
                and timezone.now() - self.started_at > timedelta(minutes=settings.IMPORT_STALL_MINUTES))


def process_id() -> str:
    """This process as "host:pid" (what a background step records in `ImportBatch.claimed_by`)."""
    import os
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def process_gone(claim: str) -> bool:
    """True when `claim` ("host:pid") names a process of this machine that no longer exists. A process of
    another machine cannot be asked: False, and the time limit decides."""
    import os
    import socket

    host, _, pid = (claim or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists but belongs to someone else, or cannot be asked
        return False
    return False


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ExportJob(ScopedModel):
    """A large export running as a background task; the file is kept for download by its requester.

    `unit` is where the requester's view of the list starts (for the scope check on the job's pages); `params`
    hold the list's filters, with the unit the list was narrowed to under "unit" (a code, or "" for none)."""

    scope_unit_field = "unit"

    kind = models.CharField("导出类型", max_length=16, choices=EXPORT_KINDS, default="problems")
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+", verbose_name="专项工作")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="单位")
    params = models.JSONField("筛选条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total = models.PositiveIntegerField("总数", default=0)
    done = models.PositiveIntegerField("已写入", default=0)
    path = models.CharField("文件", max_length=300, blank=True)
    error = models.CharField("错误", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                   verbose_name="导出人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-id"]

    @property
    def filename(self) -> str:
        from taizhang.imports.export import export_filename

        return export_filename(self.kind, self.campaign, self.created_at)

    @property
    def percent(self) -> int:
        return 100 if self.status == ExportStatus.DONE else int(self.done * 100 / self.total) if self.total else 0
