"""Test helpers for lifecycle specifications: one case per transition and what a step must have written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from taizhang.audit.models import AuditEvent, StatusChange


@dataclass
class Case:
    """`action` applied by `actor` to the record `build(world)` returns, which is in status `old`; ends in `new`."""

    action: str
    build: Callable
    actor: str
    old: str
    new: str


def status_changes(obj) -> list[tuple[str, str, str]]:
    ct = ContentType.objects.get_for_model(type(obj))
    return list(StatusChange.objects.filter(content_type=ct, object_id=obj.pk).order_by("at", "id")
                .values_list("action", "old_status", "new_status"))


def audit_actions(obj) -> list[str]:
    return list(AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
                .order_by("seq").values_list("action", flat=True))


def assert_step_written(obj, case: Case, actor, version_before: int) -> None:
    """The stored record is in `case.new` one version on, with the StatusChange row and the audit event."""
    stored = type(obj).objects.get(pk=obj.pk)
    assert (stored.status, stored.version) == (case.new, version_before + 1)
    ct = ContentType.objects.get_for_model(type(obj))
    last = StatusChange.objects.filter(content_type=ct, object_id=obj.pk).latest("at", "id")
    assert (last.action, last.old_status, last.new_status, last.actor) == (case.action, case.old, case.new, actor)
    event = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).latest("seq")
    assert event.action == f"{obj._meta.model_name}.{case.action}" and event.actor == actor
    assert event.changes["status"] == [case.old, case.new]
