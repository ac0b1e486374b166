"""The sender: works through due outbox rows with the robot Dispatcher (quiet hours, rate limit, retries).

Several worker processes may run this at once. Each row is claimed with a conditional UPDATE before
anything is sent, and each robot's rate limiter is rebuilt from the outbox (rows sent or being sent
in the last window, by any process) right after the claim, so the processes agree on the 20-a-minute
budget without talking to each other.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from taizhang.notifications.channels import (
    Backoff,
    Decision,
    Dispatcher,
    Message,
    Outcome,
    QuietHours,
    RateLimiter,
    SendResult,
)
from taizhang.notifications.egress import robot_client
from taizhang.notifications.models import OutboundMessage, OutboxChannel, OutboxStatus

log = logging.getLogger(__name__)

DUE_STATUSES = (OutboxStatus.PENDING, OutboxStatus.DEFERRED)
# A row claimed longer ago than this belongs to a worker that died; it becomes due again.
STALE_CLAIM = timedelta(minutes=10)
BACKOFF = Backoff()


def worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def due_messages(now: datetime):
    """Rows that may be tried at `now`, oldest first."""
    waiting = Q(status__in=DUE_STATUSES) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    stale = Q(status=OutboxStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
    return OutboundMessage.objects.filter(waiting | stale).order_by("created_at", "id")


def claim(row_id: int, now: datetime, worker: str) -> bool:
    """Take one row for this worker; False when another worker got it first or it is not due any more."""
    waiting = Q(status__in=DUE_STATUSES) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    stale = Q(status=OutboxStatus.SENDING, claimed_at__lt=now - STALE_CLAIM)
    return OutboundMessage.objects.filter(Q(pk=row_id) & (waiting | stale)).update(
        status=OutboxStatus.SENDING, claimed_by=worker, claimed_at=now) == 1


def robot_limiter(row: OutboundMessage, client_key: str, now: datetime) -> RateLimiter:
    """The robot's limiter as every process sees it: sends in the last window, plus rows being sent."""
    limiter = RateLimiter()
    since = now - limiter.window
    others = OutboundMessage.objects.filter(robot_id=row.robot_id).exclude(pk=row.pk)
    for at in others.filter(status=OutboxStatus.SENT, sent_at__gt=since, sent_at__lte=now).values_list(
            "sent_at", flat=True):
        limiter.record(client_key, at)
    for at in others.filter(status=OutboxStatus.SENDING, claimed_at__gt=since, claimed_at__lte=now).values_list(
            "claimed_at", flat=True):
        limiter.record(client_key, at)
    return limiter


def _store(row: OutboundMessage, decision: Decision) -> None:
    fields = decision.outbox_fields()
    if decision.outcome is Outcome.DEFERRED:
        fields["status"] = OutboxStatus.DEFERRED
    fields.update(claimed_by="", claimed_at=None)
    # Only the claimant writes the verdict; a row reclaimed as stale meanwhile is left to its new owner.
    OutboundMessage.objects.filter(pk=row.pk, status=OutboxStatus.SENDING, claimed_by=row.claimed_by).update(
        **fields)
    for name, value in fields.items():
        setattr(row, name, value)


def _send_robot(row: OutboundMessage, now: datetime) -> Decision:
    robot = row.robot
    if robot is None or not robot.active:
        return Decision(Outcome.FAILED, now, row.attempts, error="群机器人已停用或已删除，未发送")
    client = robot_client(robot)  # checks the outbound policy on every connection
    quiet = QuietHours.parse(robot.quiet_hours) if robot.quiet_hours else None
    dispatcher = Dispatcher(robot_limiter(row, client.robot_id, now), quiet, BACKOFF)
    message = Message(title=row.title, text=row.text, mention_mobiles=tuple(row.mention_mobiles or ()))
    return dispatcher.dispatch(client, message, now, attempts=row.attempts)


def _send_email(row: OutboundMessage, now: datetime) -> Decision:
    try:
        send_mail(row.title, row.text or row.title, settings.DEFAULT_FROM_EMAIL, [row.recipient])
        result = SendResult(ok=True, channel="email")
    except Exception as exc:  # SMTP trouble of any kind is worth a retry
        log.warning("email to %s failed: %s", row.recipient, exc)
        result = SendResult(ok=False, channel="email", error=f"邮件发送失败：{exc}", retryable=True)
    return Dispatcher(backoff=BACKOFF).settle(result, now, attempts=row.attempts)


def send_due(*, now: datetime | None = None, limit: int = 500, worker: str | None = None) -> dict[str, int]:
    """Try every due outbox row once; answer counts by outcome ({"sent": 3, "deferred": 1, …})."""
    now = now or timezone.now()
    worker = worker or worker_id()
    counts = {"sent": 0, "deferred": 0, "failed": 0, "skipped": 0}
    for row_id in list(due_messages(now).values_list("pk", flat=True)[:limit]):
        if not claim(row_id, now, worker):
            counts["skipped"] += 1
            continue
        row = OutboundMessage.objects.select_related("robot").get(pk=row_id)
        try:
            decision = _send_robot(row, now) if row.channel == OutboxChannel.ROBOT else _send_email(row, now)
        except Exception as exc:  # a bug or bad configuration must not leave the row claimed for ever
            log.exception("outbox row %s", row_id)
            decision = Dispatcher(backoff=BACKOFF).settle(
                SendResult(ok=False, channel=row.channel, error=f"发送出错：{exc}", retryable=True), now,
                attempts=row.attempts)
        _store(row, decision)
        counts[{"sent": "sent", "deferred": "deferred", "failed": "failed"}[decision.outcome.value]] += 1
    return counts
