"""Writes of the notifications app: notify people, manage group robots, read the inbox.

`notify` is what other apps call (督办单, reminders, closure reviews …). It stores inbox rows and
outbox rows in the caller's transaction and asks the sender task to run once that transaction
commits, so a notice about something that was rolled back is never sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from taizhang.audit.services import audit_record, diff_fields
from taizhang.audit.versioning import save_versioned
from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.core.validation import full_clean_or_raise
from taizhang.notifications.channels import Message, QuietHours, SendResult, client_for
from taizhang.notifications.egress import EgressRefused, check_webhook, robot_client
from taizhang.notifications.models import (
    EventMute,
    Notification,
    OutboundMessage,
    OutboxChannel,
    OutboxStatus,
    RobotChannel,
    mask_secret,
    mask_webhook,
)
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action

ROBOT_FIELDS = ["platform", "name", "webhook_url", "secret", "unit", "campaign", "applies_to_subunits",
                "quiet_hours", "active"]


# --- notify ---------------------------------------------------------------------------------------

def robots_for_unit(unit, campaign=None) -> list[RobotChannel]:
    """Active robots that carry reminders for `unit`: its own, and those of its ancestors that apply to
    subunits. A robot limited to a campaign carries only that campaign's reminders."""
    if unit is None:
        return []
    ancestors = [unit.path[:i] for i in range(unit.steplen, len(unit.path), unit.steplen)]
    qs = RobotChannel.objects.filter(active=True, unit__active=True).filter(
        Q(unit_id=unit.pk) | Q(applies_to_subunits=True, unit__path__in=ancestors))
    qs = qs.filter(Q(campaign__isnull=True) | Q(campaign=campaign)) if campaign is not None else qs.filter(
        campaign__isnull=True)
    return list(qs.select_related("unit").order_by("unit__path", "pk"))


def _absolute(link: str) -> str:
    if not link or "://" in link:
        return link
    base = getattr(settings, "TAIZHANG_BASE_URL", "")
    return f"{base}{link}" if base else ""


def _queue(**fields) -> OutboundMessage | None:
    """Insert one outbox row; None when its dedupe key was queued before (by us or a concurrent caller)."""
    key = fields.get("dedupe_key")
    if key and OutboundMessage.objects.filter(dedupe_key=key).exists():
        return None
    try:
        with transaction.atomic():  # savepoint: a racing duplicate must not break the caller's transaction
            return OutboundMessage.objects.create(**fields)
    except IntegrityError:
        if key:
            return None
        raise


def notify(*, recipients: Iterable, title: str, body: str = "", link: str = "", kind: str = "",
           obj: models.Model | None = None, dedupe_key: str | None = None, campaign=None,
           actor=None, robots: bool = True) -> list[Notification]:
    """Tell `recipients` (users) something: an inbox row each, one robot message per robot that covers
    their units (the recipients' mobiles @-mentioned), and an e-mail to each recipient with an address.

    `dedupe_key` names the reason (e.g. "overdue:problem:42:2026-11-28"): a second call with the same key
    adds nothing. `campaign` (default: `obj.campaign` if it has one) selects campaign-limited robots.
    `robots=False` keeps a personal notice (a password reset) out of the group chats.
    Returns the inbox rows created.
    """
    title = (title or "").strip()[:200]
    if not title:
        raise ValidationFailed("消息标题不能为空", field="title")
    if campaign is None and obj is not None:
        campaign = getattr(obj, "campaign", None)
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    users = list({u.pk: u for u in recipients if u is not None and u.is_active}.values())
    created: list[Notification] = []
    use_robots = robots
    robots: dict[int, tuple[RobotChannel, list[str]]] = {}
    with transaction.atomic():
        for user in users:
            if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
                continue
            created.append(Notification.objects.create(
                recipient=user, title=title, body=body, link=link, kind=kind, object_type=object_type,
                object_id=object_id, dedupe_key=dedupe_key or None))
            for robot in robots_for_unit(user.unit, campaign) if use_robots else ():
                mobiles = robots.setdefault(robot.pk, (robot, []))[1]
                if user.phone and user.phone not in mobiles:
                    mobiles.append(user.phone)
        text = "\n".join(p for p in (body.strip(), _absolute(link)) if p)
        queued = 0
        for robot, mobiles in robots.values():
            row = _queue(channel=OutboxChannel.ROBOT, robot=robot, unit=robot.unit, title=title, text=text,
                         mention_mobiles=mobiles,
                         dedupe_key=f"{dedupe_key}|robot:{robot.pk}"[:240] if dedupe_key else None)
            queued += row is not None
        for note in created:
            user = note.recipient
            if not user.email:
                continue
            row = _queue(channel=OutboxChannel.EMAIL, recipient=user.email, unit=user.unit, title=title,
                         text=text, dedupe_key=f"{dedupe_key}|email:{user.pk}"[:240] if dedupe_key else None)
            queued += row is not None
        if created or queued:
            audit_record(actor=actor or "系统", action="notification.send", obj=obj,
                         unit=getattr(obj, "unit", None) if obj is not None else None,
                         object_repr=title,
                         changes={"kind": kind, "recipients": [u.username for u in users],
                                  "inbox": len(created), "outbox": queued, "dedupe_key": dedupe_key or ""})
        if queued:
            transaction.on_commit(enqueue_sender)
    return created


def enqueue_sender() -> None:
    """Ask a worker to run the sender now (called on commit; the periodic task is the safety net)."""
    from taizhang.notifications.tasks import send_pending

    send_pending()


# --- inbox ----------------------------------------------------------------------------------------

@transaction.atomic
def inbox_mark_read(*, actor, notification: Notification | None = None, all_unread: bool = False) -> int:
    """Mark one of the actor's notifications read, or all of them; answer how many changed."""
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification is not None:
        if notification.recipient_id != actor.pk:
            raise NotFound("消息不存在")
        qs = qs.filter(pk=notification.pk)
    elif not all_unread:
        raise ValidationFailed("请指定要标记的消息")
    count = qs.update(read_at=timezone.now())
    if count:
        audit_record(actor=actor, action="notification.read", obj=notification, unit=actor.unit,
                     object_repr=notification.title if notification else "全部消息", changes={"count": count})
    return count


# --- which events a user receives --------------------------------------------------------------

@transaction.atomic
def event_mutes_save(*, actor, muted: Iterable[str]) -> dict:
    """Set the ledger events (notifications.events) the actor does not want to receive to exactly `muted`.
    An event the actor's roles may not mute is refused by name; answers {"muted": [...], "unmuted": [...]}."""
    from taizhang.notifications.events import EVENTS

    wanted = {code for code in muted if code}
    for code in sorted(wanted):
        event = EVENTS.get(code)
        if event is None:
            raise ValidationFailed(f"没有「{code}」这类消息", field="muted")
        if not event.may_mute(actor):
            raise ValidationFailed(f"您的角色不能关闭「{event.label}」消息", field="muted")
    current = set(EventMute.objects.filter(user=actor).values_list("event", flat=True))
    added, removed = sorted(wanted - current), sorted(current - wanted)
    EventMute.objects.filter(user=actor, event__in=removed).delete()
    EventMute.objects.bulk_create([EventMute(user=actor, event=code) for code in added], ignore_conflicts=True)
    if added or removed:
        audit_record(actor=actor, action="notification.mute", unit=actor.unit, object_repr="消息设置",
                     changes={"muted": [EVENTS[c].label for c in added],
                              "unmuted": [EVENTS[c].label if c in EVENTS else c for c in removed]})
    return {"muted": added, "unmuted": removed}


# --- robots ---------------------------------------------------------------------------------------

def _require_office(actor, unit) -> None:
    if not has_action(actor, P.CONFIGURE, unit):
        raise NotFound("单位不存在或不在您的权限范围内")


def _clean_robot(robot: RobotChannel) -> None:
    robot.name = (robot.name or "").strip()
    robot.webhook_url = (robot.webhook_url or "").strip()
    robot.secret = (robot.secret or "").strip()
    robot.quiet_hours = (robot.quiet_hours or "").strip()
    if robot.quiet_hours:
        try:
            QuietHours.parse(robot.quiet_hours)
        except ValueError:
            raise ValidationFailed(f"免打扰时段「{robot.quiet_hours}」格式不对，应为 22:00-07:30 这样的形式",
                                   field="quiet_hours") from None
    try:
        client_for(robot.platform, robot.webhook_url)
    except ValueError:
        raise ValidationFailed("Webhook 地址应以 https:// 开头", field="webhook_url") from None
    if robot.campaign_id:
        root, own = robot.campaign.root_unit.path, robot.unit.path
        if not (own.startswith(root) or root.startswith(own)):
                raise ValidationFailed("所选专项工作不包括该单位", field="campaign")
    full_clean_or_raise(robot, exclude=["created_by", "version"])
    # Last, as it resolves the host name: only platform hosts (or those the administrator added), https,
    # public addresses. Checked again on every send (outbox, test send) against DNS rebinding.
    try:
        check_webhook(robot.platform, robot.webhook_url)
    except EgressRefused as exc:
        raise ValidationFailed(f"「Webhook 地址」{exc}", field="webhook_url") from None


def _robot_audit_view(values: dict) -> dict:
    """Audit rows must not hold the secret or the webhook key: mask them."""
    out = dict(values)
    if "secret" in out:
        out["secret"] = mask_secret(out["secret"] or "")
    if "webhook_url" in out:
        out["webhook_url"] = mask_webhook(out["webhook_url"] or "")
    return out


def _robot_values(robot: RobotChannel) -> dict:
    return {name: getattr(robot, robot._meta.get_field(name).attname) for name in ROBOT_FIELDS}


def _masked_diff(before: dict, after: dict) -> dict:
    changes = diff_fields(before, after)
    for name in ("secret", "webhook_url"):
        if name in changes:
            mask = mask_secret if name == "secret" else mask_webhook
            changes[name] = [mask(changes[name][0] or ""), mask(changes[name][1] or "")]
    return changes


@transaction.atomic
def robot_create(*, actor, unit, platform: str, name: str, webhook_url: str, secret: str = "", campaign=None,
                 applies_to_subunits: bool = True, quiet_hours: str = "22:00-07:30",
                 active: bool = True) -> RobotChannel:
    """Add a group robot to `unit` (office of the unit only)."""
    _require_office(actor, unit)
    robot = RobotChannel(unit=unit, platform=platform, name=name, webhook_url=webhook_url, secret=secret,
                         campaign=campaign, applies_to_subunits=applies_to_subunits, quiet_hours=quiet_hours,
                         active=active, created_by=actor)
    _clean_robot(robot)
    robot.save()
    audit_record(actor=actor, action="robot.create", obj=robot, unit=unit,
                 changes=_robot_audit_view(_robot_values(robot)))
    return robot


@transaction.atomic
def robot_update(*, actor, robot: RobotChannel, expected_version: int | None, **fields) -> RobotChannel:
    """Change a robot. An empty `webhook_url` or `secret` keeps the stored one (forms never show them)."""
    _require_office(actor, robot.unit)
    unknown = set(fields) - set(ROBOT_FIELDS)
    if unknown:
        raise ValidationFailed(f"不能修改字段：{'、'.join(sorted(unknown))}")
    for keep_if_blank in ("webhook_url", "secret"):
        if keep_if_blank in fields and not (fields[keep_if_blank] or "").strip():
            del fields[keep_if_blank]
    if "unit" in fields:
        _require_office(actor, fields["unit"])
    before = _robot_values(robot)
    for name, value in fields.items():
        setattr(robot, name, value)
    _clean_robot(robot)
    save_versioned(robot, expected_version=expected_version, fields=list(fields))
    changes = _masked_diff(before, _robot_values(robot))
    if changes:
        audit_record(actor=actor, action="robot.update", obj=robot, unit=robot.unit, changes=changes)
    return robot


@transaction.atomic
def robot_deactivate(*, actor, robot: RobotChannel) -> RobotChannel:
    """Stop using a robot; its outbox history stays. Messages still waiting for it are failed."""
    _require_office(actor, robot.unit)
    if not robot.active:
        return robot
    robot.active = False
    save_versioned(robot, expected_version=None, fields=["active"])
    dropped = OutboundMessage.objects.filter(
        robot=robot, status__in=[OutboxStatus.PENDING, OutboxStatus.DEFERRED]
    ).update(status=OutboxStatus.FAILED, last_error="群机器人已停用，未发送", next_attempt_at=None)
    audit_record(actor=actor, action="robot.deactivate", obj=robot, unit=robot.unit,
                 changes={"active": [True, False], "dropped_messages": dropped})
    return robot


def robot_test_send(*, actor, robot: RobotChannel, now: datetime | None = None) -> SendResult:
    """Send one test message right now (no quiet hours, no queue) and answer the result. The outbound
    policy is checked again here: the name may resolve elsewhere now than when the robot was saved."""
    _require_office(actor, robot.unit)
    client = robot_client(robot)
    moment = now or timezone.now()
    local = timezone.localtime(moment)
    message = Message(title="台账系统测试消息",
                      text=f"这是一条测试消息，用于确认「{robot.name}」（{robot.unit.name}）可以正常接收提醒。"
                           f"发送人：{actor.display_name or actor.username}，时间：{local:%Y-%m-%d %H:%M}。")
    result = client.send(message, moment)
    audit_record(actor=actor, action="robot.test_send", obj=robot, unit=robot.unit,
                 changes={"ok": result.ok, "code": result.code, "error": result.error})
    return result


__all__ = ["notify", "inbox_mark_read", "event_mutes_save", "robot_create", "robot_update", "robot_deactivate",
           "robot_test_send", "robots_for_unit", "ROBOT_FIELDS"]
