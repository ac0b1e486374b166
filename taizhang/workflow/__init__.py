"""The one lifecycle engine of taizhang. Every stateful record (problems, 督办单, 约谈建议, research topics and
transformations, practical matters) declares its steps as data — a `Lifecycle` of `Transition`s — and
every step is applied by `transition_apply`, which is the only code that assigns their `status`.

    transition_apply(obj, action, actor=…, reason=…, expected_version=…, **params)

resolves the action (aliases such as ``request-closure``), then in one transaction locks the row
(``select_for_update``) and re-reads it, so a stale object in the caller's hands is judged on the stored
status, and checks in this order: visibility (NotFound), who may (PermissionDenied), source status
(TransitionRefused), reason, the caller's version (Conflict), the guards. Only then it runs the effects
(fields set on the record, rows created), saves through `save_versioned`, writes the `StatusChange` row
and the audit event ``<model>.<action>``, and runs the follow-ups (notifications). A refusal writes
nothing. `available(obj, user)` lists the steps a user may try now (for the buttons).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from taizhang.core.exceptions import Conflict, NotFound, PermissionDenied, TransitionRefused
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action

Who = Callable[[Any, models.Model], bool]


def record_unit(obj: models.Model):
    """The unit that owns `obj` for scoping: the model's `scope_unit_field` (``unit`` unless it says else)."""
    unit = obj
    for name in getattr(type(obj), "scope_unit_field", "unit").split("__"):
        unit = getattr(unit, name)
    return unit


def holds(*actions: str) -> Who:
    """Who may: holders of any of `actions` (orgs.permissions) over the record's unit."""
    def may(actor, obj) -> bool:
        unit = record_unit(obj)
        return any(has_action(actor, a, unit) for a in actions)

    return may


@dataclass
class Step:
    """One transition being applied: what guards, effects and follow-ups see and add to.

    `obj` is the locked, freshly read record; `params` are the service's further keyword arguments (reply
    text, files, outcome figures …). Effects set fields through `set` (they are saved with the status) and
    put extra audit entries in `changes`."""

    transition: Transition
    obj: Any
    actor: Any
    reason: str
    at: datetime
    params: dict
    old: str
    fields: list[str] = field(default_factory=list)
    changes: dict = field(default_factory=dict)

    @property
    def who(self):
        """The acting account, or None for the system (rules, commands without --as)."""
        return self.actor if getattr(self.actor, "pk", None) else None

    def set(self, **values) -> None:
        for name, value in values.items():
            setattr(self.obj, name, value)
            if name not in self.fields:
                self.fields.append(name)


Hook = Callable[[Step], None]


@dataclass(frozen=True)
class Transition:
    """One allowed step: from any of `sources` to `target`, by those `may` admits (actor, record → bool).

    `guards` raise TransitionRefused (or ValidationFailed for bad input) when a condition is unmet; they run
    after every other check and before any write. `effects` run next, inside the transaction, and change
    the record (`step.set`) or write rows that belong to the step; `follow_ups` run after the status change
    and the audit event are written (notifications, which quote the new version)."""

    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    may: Who
    reason_required: bool = False
    guards: tuple[Hook, ...] = ()
    effects: tuple[Hook, ...] = ()
    follow_ups: tuple[Hook, ...] = ()


LIFECYCLES: dict[type[models.Model], Lifecycle] = {}


class Lifecycle:
    """The transitions of one model. `noun` names the record in messages (问题, 督办单 …); `visible` says whom
    the record exists for (others get NotFound, as from every page; default: VIEW over its unit); `related`
    are relations read with the locked row; `aliases` are further spellings of actions (each action's
    hyphenated form is always one). Declaring a lifecycle registers it, so `transition_apply` and `available`
    find it from the record."""

    def __init__(self, *, model: type[models.Model], noun: str, transitions: Iterable[Transition],
                 visible: Who | None = None, related: tuple[str, ...] = (), aliases: dict[str, str] | None = None):
        if model in LIFECYCLES:
            raise RuntimeError(f"{model._meta.label} already has a lifecycle")
        self.model, self.noun, self.related = model, noun, related
        self.visible = visible or holds(P.VIEW)
        self.transitions: dict[str, Transition] = {t.action: t for t in transitions}
        self.spellings: dict[str, str] = {}
        for action in self.transitions:
            self.spellings[action] = self.spellings[action.replace("_", "-")] = action
        self.spellings.update(aliases or {})
        LIFECYCLES[model] = self

    def resolve(self, action: str) -> Transition:
        """The transition an action (or an alias of it) names; unknown names are refused with the choices."""
        action = (action or "").strip()
        name = self.spellings.get(action)
        if name is None:
            raise TransitionRefused(f"未知操作「{action}」，可选：{'、'.join(self.transitions)}")
        return self.transitions[name]


def lifecycle_of(obj: models.Model) -> Lifecycle:
    return LIFECYCLES[type(obj)._meta.concrete_model]


def available(obj: models.Model, user) -> list[Transition]:
    """The transitions `user` may try on `obj` now: its status is a source and the user may do the step.
    Guards and reasons are checked when the step is applied."""
    return [t for t in lifecycle_of(obj).transitions.values()
            if obj.status in t.sources and (user is None or t.may(user, obj))]


def _lock(lifecycle: Lifecycle, pk):
    """Lock the row and read it afresh (with `related`, read after the lock: FOR UPDATE must not reach
    the nullable side of an outer join)."""
    rows = lifecycle.model._base_manager.filter(pk=pk)
    if not lifecycle.related:
        return rows.select_for_update().first()
    if not rows.select_for_update().values_list("pk", flat=True):
        return None
    return rows.select_related(*lifecycle.related).first()


def transition_apply(obj: models.Model, action: str, *, actor, reason: str = "", expected_version: int | None = None,
                     at: datetime | None = None, **params) -> models.Model:
    """Apply one lifecycle step to `obj` (see the module docstring for the order of checks) and return `obj`,
    brought up to date with the stored row. `actor=None` is the system: visibility and `may` are not asked.
    Raises NotFound, PermissionDenied, TransitionRefused or Conflict and then writes nothing."""
    from taizhang.audit.services import audit_record, status_change_record
    from taizhang.audit.versioning import conflict_message, save_versioned

    lifecycle = lifecycle_of(obj)
    t = lifecycle.resolve(action)
    reason = (reason or "").strip()
    noun = lifecycle.noun
    with transaction.atomic():
        fresh = _lock(lifecycle, obj.pk)
        if fresh is None or (actor is not None and not lifecycle.visible(actor, fresh)):
            raise NotFound(f"{noun}不存在或不在您的权限范围内")
        if actor is not None and not t.may(actor, fresh):
            raise PermissionDenied(f"您没有对该{noun}执行「{t.label}」的权限")
        if fresh.status not in t.sources:
            raise TransitionRefused(f"{noun}当前状态为「{fresh.get_status_display()}」，不能{t.label}")
        if t.reason_required and not reason:
            raise TransitionRefused(f"{t.label}须填写理由", field="reason")
        if expected_version is not None and expected_version != fresh.version:
            raise Conflict(conflict_message(fresh))
        step = Step(transition=t, obj=fresh, actor=actor, reason=reason, at=at or timezone.now(), params=params,
                    old=fresh.status)
        for guard in t.guards:
            guard(step)
        for effect in t.effects:
            effect(step)
        fresh.status = t.target
        fields = ["status", *step.fields]
        if hasattr(fresh, "version"):
            save_versioned(fresh, expected_version=None, fields=fields)
        else:
            fresh.save(update_fields=fields)
        status_change_record(obj=fresh, action=t.action, old=step.old, new=t.target, actor=actor, reason=reason,
                             at=step.at)
        audit_record(actor=actor, action=f"{fresh._meta.model_name}.{t.action}", obj=fresh, unit=record_unit(fresh),
                     changes={"status": [step.old, t.target], **({"reason": reason} if reason else {}),
                              **step.changes})
        for follow_up in t.follow_ups:
            follow_up(step)
    for f in type(fresh)._meta.concrete_fields:
        setattr(obj, f.attname, getattr(fresh, f.attname))
    return obj
