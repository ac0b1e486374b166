"""消息提醒: the in-app inbox, the group robots of units, and the outbox the sender task works through.

A reminder reaches people three ways: a `Notification` row in each recipient's inbox, one
`OutboundMessage` per group robot that covers a recipient's unit, and one per recipient e-mail
address. The outbox rows are the source of truth for what was sent, when and why not.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taizhang.orgs.models import ScopedRecord


class Notification(models.Model):
    """One message in one user's inbox (消息). `read_at` is empty while it is unread."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications", verbose_name="接收人")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=500, blank=True)
    kind = models.CharField("类型", max_length=40, blank=True)
    object_type = models.CharField("关联对象类型", max_length=100, blank=True)
    object_id = models.CharField("关联对象", max_length=64, blank=True)
    dedupe_key = models.CharField("去重键", max_length=200, null=True, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            # NULL keys are distinct on every supported database, so only keyed notices are deduplicated.
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_unique_dedupe"),
        ]

    def __str__(self):
        return self.title

    @property
    def unread(self) -> bool:
        return self.read_at is None


class Platform(models.TextChoices):
    WECOM = "wecom", _("企业微信")
    DINGTALK = "dingtalk", _("钉钉")
    FEISHU = "feishu", _("飞书")


def mask_secret(value: str) -> str:
    """SEC1234…cdef → SEC1****cdef: enough to recognise a secret, not enough to use it."""
    if not value:
        return ""
    if len(value) <= 8:
        return "****"
    return f"{value[:4]}****{value[-4:]}"


def mask_webhook(url: str) -> str:
    """The webhook URL with its key (query string or last path segment) masked."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.query:
        query = "&".join(f"{k}={mask_secret(v)}" if v else k
                         for k, _, v in (p.partition("=") for p in parts.query.split("&")))
        return f"{parts.scheme}://{parts.netloc}{parts.path}?{query}"
    head, _, last = parts.path.rpartition("/")
    return f"{parts.scheme}://{parts.netloc}{head}/{mask_secret(last)}"


class RobotChannel(ScopedRecord):
    """群机器人: a 企业微信/钉钉/飞书 group robot that carries reminders for a unit (and, if asked, its
    subunits), optionally only for one campaign. The webhook key and the secret are never shown back."""

    scope_unit_field = "unit"

    platform = models.CharField("平台", max_length=16, choices=Platform.choices)
    name = models.CharField("名称", max_length=80)
    webhook_url = models.CharField("Webhook 地址", max_length=500)
    secret = models.CharField("加签密钥", max_length=200, blank=True)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="robots", verbose_name="所属单位")
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="robots", verbose_name="限定专项工作")
    applies_to_subunits = models.BooleanField("同时用于下级单位", default=True)
    quiet_hours = models.CharField("免打扰时段", max_length=20, blank=True, default="22:00-07:30",
                                   help_text="如 22:00-07:30；留空表示不设免打扰")
    active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")

    class Meta:
        verbose_name = "群机器人"
        verbose_name_plural = "群机器人"
        ordering = ["unit__path", "name", "id"]

    def __str__(self):
        return f"{self.get_platform_display()}·{self.name}"

    @property
    def secret_masked(self) -> str:
        return mask_secret(self.secret)

    @property
    def webhook_masked(self) -> str:
        return mask_webhook(self.webhook_url)


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    DEFERRED = "deferred", _("延后发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class OutboxChannel(models.TextChoices):
    ROBOT = "robot", _("群机器人")
    EMAIL = "email", _("电子邮件")


class OutboundMessageQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "configure"):
        """Rows about units in the user's scope: the robot's unit, or the e-mail recipient's unit."""
        from taizhang.orgs.scope import scope_q

        q = scope_q(user, action, "unit")
        return self.none() if q is None else self.filter(q)


class OutboundMessage(models.Model):
    """One message to send through one channel (a robot or an e-mail address): the outbox row.

    The sender task claims a row by a conditional UPDATE (status pending/deferred → sending) so two
    workers never send the same row. `dedupe_key` is unique: the same reminder for the same reason on
    the same day is queued once, whoever asks again.
    """

    channel = models.CharField("渠道", max_length=8, choices=OutboxChannel.choices)
    robot = models.ForeignKey(RobotChannel, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="messages", verbose_name="群机器人")
    recipient = models.CharField("收件地址", max_length=254, blank=True)
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="单位")
    title = models.CharField("标题", max_length=200)
    text = models.TextField("内容", blank=True)
    mention_mobiles = models.JSONField("提醒手机号", default=list, blank=True)
    status = models.CharField("状态", max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("失败次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    defer_reason = models.CharField("延后原因", max_length=20, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    last_error_code = models.IntegerField("错误码", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    claimed_by = models.CharField("处理进程", max_length=64, blank=True)
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    dedupe_key = models.CharField("去重键", max_length=240, null=True, blank=True, unique=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now, db_index=True)

    objects = OutboundMessageQuerySet.as_manager()

    class Meta:
        verbose_name = "发送记录"
        verbose_name_plural = "发送记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"]), models.Index(fields=["robot", "sent_at"])]

    def __str__(self):
        target = str(self.robot) if self.robot_id else self.recipient
        return f"{self.title} → {target}"


class EventMute(models.Model):
    """A user's choice not to receive one ledger event (notifications.events). Honoured only while the user's
    roles allow muting that event: a clerk cannot mute 问题交办给本单位, whatever rows say."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_mutes",
                             verbose_name="用户")
    event = models.CharField("事件", max_length=40)
    created_at = models.DateTimeField("关闭时间", default=timezone.now)

    class Meta:
        verbose_name = "关闭的消息"
        verbose_name_plural = "关闭的消息"
        ordering = ["user", "event"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="event_mute_unique")]

    def __str__(self):
        return f"{self.user} × {self.event}"
