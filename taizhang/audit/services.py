"""Writing and verifying the audit chain. Services call `audit_record` inside their own transaction."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

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
            unit_path, changes, prev_hash) -> str:
    payload = json.dumps(
        [seq, at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"), actor_id, actor_name, ip, action,
         object_type, object_id, object_repr, unit_path, changes, prev_hash],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


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
    """Walk the chain in order. Returns {"ok": True, "events": n} or the first broken link."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    last_seq = 0
    qs = AuditEvent.objects.order_by("seq")
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
            else:
                digest = _digest(
                    seq=e.seq, at=e.at, actor_id=e.actor_id, actor_name=e.actor_name, ip=e.ip, action=e.action,
                    object_type=e.object_type, object_id=e.object_id, object_repr=e.object_repr,
                    unit_path=e.unit_path, changes=e.changes, prev_hash=e.prev_hash,
                )
                if digest != e.hash:
                    problem = "记录内容与哈希不符（记录被篡改）"
            if problem:
                return {"ok": False, "events": count, "broken": {"seq": e.seq, "id": e.pk, "action": e.action,
                                                                  "at": e.at.isoformat(), "reason": problem}}
            prev = e.hash
            expected_seq += 1
            count += 1
            last_seq = e.seq
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.seq != last_seq:
        return {"ok": False, "events": count, "broken": {"seq": last_seq + 1, "id": None, "action": "",
                                                          "at": "", "reason": "链尾记录缺失（有记录被删除）"}}
    return {"ok": True, "events": count}
