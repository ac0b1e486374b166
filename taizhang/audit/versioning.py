"""Optimistic locking: a versioned save that refuses a stale write and names who changed the record last."""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from taizhang.core.exceptions import Conflict

# Sent after a versioned save (a conditional UPDATE, which the ORM's post_save does not see): sender is the model,
# `instance` the saved object. The statistics cells mark the problem's unit with it (taizhang.stats.cells).
versioned_saved = Signal()


def conflict_message(obj: models.Model) -> str:
    """该记录已被 XXX 于 HH:MM 修改 — who changed the record last, from the audit trail."""
    from taizhang.audit.models import AuditEvent

    event = (AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
             .order_by("-seq").only("actor_name", "at").first())
    if event is None:
        return "该记录已被他人修改，请刷新后再编辑"
    local = timezone.localtime(event.at)
    return f"该记录已被 {event.actor_name} 于 {local:%H:%M} 修改，请刷新后在最新内容上再编辑"


def save_versioned(obj: models.Model, *, expected_version: int | None, fields: list[str]) -> None:
    """Save `fields` of `obj` only if its stored version is still `expected_version`.

    The conditional UPDATE is atomic on every database: of two editors who loaded version N, exactly one
    writes N+1 and the other gets Conflict. `expected_version=None` means the caller holds a row lock.
    """
    model = type(obj)
    if hasattr(obj, "updated_at"):
        obj.updated_at = timezone.now()
        fields = [*fields, "updated_at"] if "updated_at" not in fields else fields
    values = {name: getattr(obj, model._meta.get_field(name).attname) for name in fields}
    qs = model._base_manager.filter(pk=obj.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    updated = qs.update(**{model._meta.get_field(k).attname: v for k, v in values.items()}, version=F("version") + 1)
    if not updated:
        raise Conflict(conflict_message(obj))
    versioned_saved.send(sender=model, instance=obj)
    obj.version = model._base_manager.filter(pk=obj.pk).values_list("version", flat=True).get()
