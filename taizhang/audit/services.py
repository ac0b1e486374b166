"""Writing and verifying the audit chain. Services call `audit_record` inside their own transaction."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from taizhang.audit.models import AuditChainHead, AuditEvent, StatusChange
from taizhang.audit.versioning import save_versioned
from taizhang.core.exceptions import ValidationFailed
from taizhang.core.middleware import current_ip

GENESIS = "0" * 64


def _plain(value):
    """JSON-safe copy of `value` (dates, decimals and UUIDs become strings) so it hashes the same after storage."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _digest(*, seq, at: datetime, actor_id, actor_name, ip, action, object_type, object_id, object_repr,
            unit_path, changes, prev_hash, key: str | None = None) -> str:
    """HMAC-SHA256 with the audit key (TAIZHANG_AUDIT_KEY, kept outside the database) when one is set: whoever
    can write the database but lacks the key cannot rewrite rows and recompute the chain. Without a key, a plain
    SHA-256 chain (it catches edits, not an attacker who recomputes; `taizhang check --deploy` warns)."""
    payload = json.dumps(
        [seq, at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"), actor_id, actor_name, ip, action,
         object_type, object_id, object_repr, unit_path, changes, prev_hash],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    ).encode()
    key = settings.TAIZHANG_AUDIT_KEY if key is None else key
    if key:
        return hmac.new(key.encode(), payload, hashlib.sha256).hexdigest()
    return hashlib.sha256(payload).hexdigest()


def _event_digest(e: AuditEvent, *, prev_hash: str | None = None, key: str | None = None) -> str:
    return _digest(seq=e.seq, at=e.at, actor_id=e.actor_id, actor_name=e.actor_name, ip=e.ip, action=e.action,
                   object_type=e.object_type, object_id=e.object_id, object_repr=e.object_repr,
                   unit_path=e.unit_path, changes=e.changes, prev_hash=e.prev_hash if prev_hash is None else prev_hash,
                   key=key)


def diff_fields(before: dict, after: dict) -> dict:
    """{"field": [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        out[name] = getattr(obj, field.attname)
    return _plain(out)


def assign_fields(obj: models.Model, fields: dict, *, allowed, tracked=None,
                  refusal: str = "不能修改的字段") -> dict:
    """Set `fields` on `obj`, refusing names outside `allowed`; returns the snapshot of `tracked` taken before.

    `tracked` (default `allowed`) are the fields whose changes the update's audit event lists.
    """
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationFailed(f"{refusal}：{'、'.join(sorted(unknown))}")
    before = snapshot(obj, list(tracked if tracked is not None else allowed))
    for name, value in fields.items():
        setattr(obj, name, value)
    return before


def record_create(*, actor, obj: models.Model, tracked, action: str, exclude: list[str] | None = None):
    """Validate and save the new `obj`, and audit it with the values of its `tracked` fields."""
    from taizhang.core.validation import full_clean_or_raise

    full_clean_or_raise(obj, exclude=exclude)
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, changes=snapshot(obj, list(tracked)))
    return obj


def record_update(*, actor, obj: models.Model, before: dict, tracked, expected_version: int | None,
                  fields, action: str, unit=None, always: bool = False) -> dict:
    """Save `fields` of `obj` under the optimistic lock and audit what changed (`always`: even if nothing).

    `before` is the snapshot `assign_fields` returned; returns the {"field": [old, new]} changes.
    """
    save_versioned(obj, expected_version=expected_version, fields=list(fields))
    changes = diff_fields(before, snapshot(obj, list(tracked)))
    if changes or always:
        audit_record(actor=actor, action=action, obj=obj, unit=unit, changes=changes)
    return changes


def audit_record(*, actor, action: str, obj: models.Model | None = None, changes: dict | None = None,
                 unit=None, object_repr: str | None = None, ip: str | None = None) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction (it joins it)."""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        at = timezone.now()
        actor_obj = actor if getattr(actor, "pk", None) else None
        if unit is None and obj is not None:
            unit = getattr(obj, "unit", None) if not _is_unit(obj) else obj
        fields = dict(
            seq=head.seq + 1,
            at=at,
            actor_id=actor_obj.pk if actor_obj else None,
            actor_name=(str(actor_obj.username) if actor_obj else (actor or "系统"))[:150],
            ip=(ip or current_ip() or "")[:45],
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=(object_repr if object_repr is not None else (str(obj) if obj is not None else ""))[:200],
            unit_path=getattr(unit, "path", "") or "",
            changes=_plain(changes or {}),
            prev_hash=head.hash,
        )
        digest = _digest(**fields)
        event = AuditEvent.objects.create(
            seq=fields["seq"], at=at, actor=actor_obj, actor_name=fields["actor_name"], ip=fields["ip"],
            action=action, object_type=fields["object_type"], object_id=fields["object_id"],
            object_repr=fields["object_repr"], unit_path=fields["unit_path"], changes=fields["changes"],
            prev_hash=head.hash, hash=digest,
        )
        head.seq, head.hash = event.seq, digest
        head.save(update_fields=["seq", "hash"])
        return event


def _is_unit(obj) -> bool:
    return obj._meta.label_lower == "orgs.unit"


def status_change_record(*, obj: models.Model, action: str, old: str, new: str, actor, reason: str = "",
                         at: datetime | None = None) -> StatusChange:
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk, action=action, old_status=old or "", new_status=new,
        actor=actor if getattr(actor, "pk", None) else None, reason=reason or "", at=at or timezone.now(),
    )


def verify_chain(batch_size: int = 5000) -> dict:
    """Walk the chain in order from its start (the genesis, or where a prune left it). Returns
    {"ok": True, "events": n, "keyed": bool} or the first broken link."""
    head = AuditChainHead.objects.filter(pk=1).first()
    base_seq = head.base_seq if head else 0
    prev = head.base_hash if head and base_seq else GENESIS
    keyed = bool(settings.TAIZHANG_AUDIT_KEY)
    expected_seq = base_seq + 1
    count = 0
    last_seq = base_seq
    last_prune = None
    qs = AuditEvent.objects.order_by("seq")
    if base_seq and AuditEvent.objects.filter(seq__lte=base_seq).exists():
        first = AuditEvent.objects.filter(seq__lte=base_seq).order_by("seq").first()
        return _broken(first, count, keyed, "清理起点之前仍有记录（清理起点被改动）")
    while True:
        batch = list(qs.filter(seq__gt=last_seq)[:batch_size])
        if not batch:
            break
        for e in batch:
            problem = None
            if e.seq != expected_seq:
                problem = f"序号不连续：应为 {expected_seq}，实为 {e.seq}（有记录被删除）"
            elif e.prev_hash != prev:
                problem = "前序哈希与上一条记录不符"
            elif _event_digest(e) != e.hash:
                problem = "记录内容与哈希不符（记录被篡改）"
                if keyed and count == 0 and _event_digest(e, key="") == e.hash:
                    problem = "哈希链尚未用留痕密钥封存（请运行 taizhang audit seal）"
            if problem:
                return _broken(e, count, keyed, problem)
            if e.action == "audit.prune":
                last_prune = e
            prev = e.hash
            expected_seq += 1
            count += 1
            last_seq = e.seq
    if head and head.seq != last_seq:
        return {"ok": False, "events": count, "keyed": keyed,
                "broken": {"seq": last_seq + 1, "id": None, "action": "", "at": "", "reason": "链尾记录缺失（有记录被删除）"}}
    if base_seq and (last_prune is None or last_prune.changes.get("base_seq") != base_seq
                     or last_prune.changes.get("base_hash") != head.base_hash):
        return {"ok": False, "events": count, "keyed": keyed,
                "broken": {"seq": base_seq, "id": None, "action": "audit.prune", "at": "",
                           "reason": "链的起点与清理记录不符（有记录被删除）"}}
    return {"ok": True, "events": count, "keyed": keyed, "start": base_seq + 1}


def _broken(e: AuditEvent, count: int, keyed: bool, reason: str) -> dict:
    return {"ok": False, "events": count, "keyed": keyed,
            "broken": {"seq": e.seq, "id": e.pk, "action": e.action, "at": e.at.isoformat(), "reason": reason}}


@transaction.atomic
def seal_chain() -> dict:
    """Re-hash the whole chain with the audit key, once, when a key is introduced into an installation whose
    chain was plain SHA-256. The plain chain must verify first; the seal is itself an audit event."""
    if not settings.TAIZHANG_AUDIT_KEY:
        raise ValidationFailed("未设置留痕密钥（TAIZHANG_AUDIT_KEY 或 TAIZHANG_AUDIT_KEY_FILE），无法封存")
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    first = AuditEvent.objects.filter(seq__gt=head.base_seq).order_by("seq").first()
    if first is not None and _event_digest(first) == first.hash:
        raise ValidationFailed("哈希链已用当前留痕密钥封存，无需再次封存")
    prev = head.base_hash if head.base_seq else GENESIS
    count = 0
    for e in AuditEvent.objects.filter(seq__gt=head.base_seq).order_by("seq").iterator(chunk_size=2000):
        if e.prev_hash != prev or _event_digest(e, key="") != e.hash:
            raise ValidationFailed(f"哈希链在第 {e.seq} 条记录处已断开，不能封存；请先查明原因")
        new = _event_digest(e, prev_hash=prev)
        AuditEvent.objects.filter(pk=e.pk).update(prev_hash=prev, hash=new)
        prev = new
        count += 1
    head.hash = prev
    head.save(update_fields=["hash"])
    audit_record(actor=None, action="audit.seal", object_repr="留痕哈希链封存", changes={"events": count})
    return {"ok": True, "events": count}


@transaction.atomic
def prune_events(*, days: int, actor=None) -> dict:
    """Delete events older than `days` (at least TAIZHANG_AUDIT_RETENTION_DAYS, itself at least 180). The
    chain's new start is kept on the head and named by an `audit.prune` event, so verification goes on."""
    minimum = settings.TAIZHANG_AUDIT_RETENTION_DAYS
    if days < minimum:
        raise ValidationFailed(f"操作留痕至少保存 {minimum} 天（等保要求不少于 6 个月），不能清理 {days} 天以内的记录")
    check = verify_chain()
    if not check["ok"]:
        raise ValidationFailed(f"哈希链在第 {check['broken']['seq']} 条记录处断开，清理前请先查明原因")
    cutoff = timezone.now() - timedelta(days=days)
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    # The chain's oldest part, up to the first event inside the retention period (never a later one, even if
    # a clock went backwards).
    first_kept = AuditEvent.objects.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
    old = AuditEvent.objects.filter(at__lt=cutoff)
    if first_kept is not None:
        old = old.filter(seq__lt=first_kept)
    last = old.order_by("-seq").first()
    if last is None:
        return {"ok": True, "deleted": 0, "cutoff": cutoff.isoformat()}
    deleted, _ = AuditEvent.objects.filter(seq__lte=last.seq).delete()
    head.base_seq, head.base_hash = last.seq, last.hash
    head.save(update_fields=["base_seq", "base_hash"])
    audit_record(actor=actor, action="audit.prune", object_repr=f"清理 {days} 天前的留痕",
                 changes={"deleted": deleted, "days": days, "base_seq": last.seq, "base_hash": last.hash})
    return {"ok": True, "deleted": deleted, "cutoff": cutoff.isoformat(), "start": last.seq + 1}
