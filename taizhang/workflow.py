"""Lifecycle transitions of workstream records (research, matters): a table of allowed steps and the function
that applies one, writing the StatusChange row and the audit event in the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from taizhang.audit.versioning import save_versioned
from taizhang.core.exceptions import PermissionDenied, TransitionRefused
from taizhang.orgs.scope import has_action


@dataclass(frozen=True)
class Transition:
    """One allowed lifecycle step: from any of `sources` to `target`, for holders of one of `actions`
    on the record's unit. `guard(obj)` returns a refusal message (Chinese) or None."""

    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    actions: tuple[str, ...]
    guard: Callable[[object], str | None] | None = None


def transitions_available(obj, table: dict[str, Transition], user) -> list[Transition]:
    """The transitions the user could try on `obj` now (the guard is checked when applied)."""
    return [t for t in table.values()
            if obj.status in t.sources and any(has_action(user, a, obj.unit) for a in t.actions)]


def transition_apply(*, obj, table: dict[str, Transition], action: str, actor, expected_version: int | None,
                     reason: str = "", fields: tuple[str, ...] = ()) -> None:
    """Move `obj` along `table[action]` or raise TransitionRefused / PermissionDenied / Conflict.

    `fields` are further fields the caller set on `obj` that are saved in the same versioned write.
    """
    from taizhang.audit.services import audit_record, status_change_record

    t = table.get(action)
    if t is None:
        raise TransitionRefused(f"未知的操作「{action}」")
    if actor is not None and not any(has_action(actor, a, obj.unit) for a in t.actions):
        raise PermissionDenied(f"您没有权限对该记录执行「{t.label}」")
    if obj.status not in t.sources:
        raise TransitionRefused(f"当前状态为「{obj.get_status_display()}」，不能执行「{t.label}」")
    if t.guard is not None:
        refusal = t.guard(obj)
        if refusal:
            raise TransitionRefused(refusal)
    old = obj.status
    obj.status = t.target
    save_versioned(obj, expected_version=expected_version, fields=["status", *fields])
    status_change_record(obj=obj, action=action, old=old, new=t.target, actor=actor, reason=reason)
    audit_record(actor=actor, action=f"{obj._meta.model_name}.{action}", obj=obj,
                 changes={"status": [old, t.target], **({"reason": reason} if reason else {})})
