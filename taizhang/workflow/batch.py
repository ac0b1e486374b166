"""Batch work: one action applied to many records, each through the same single-record service.

A batch is not one transaction: every record is applied in its own savepoint, so one refused record (a
problem that is no longer in review, a stale version, a missing permission) neither undoes nor blocks the
others. Each applied record writes its own status change and audit event, exactly as when it is done on its
own page; the batch adds no write of its own. The result names every record that was refused and why, in
the words users read on the record's page («问题 ZG-0007：状态为「整改中」，不能审核通过（销号）»).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from taizhang.core.exceptions import TaizhangError
from taizhang.workflow import lifecycle_of


@dataclass(frozen=True)
class Refusal:
    """One record the batch did not apply, and why (the service's own message)."""

    record: Any
    label: str
    reason: str

    def __str__(self) -> str:
        return f"{self.label}：{self.reason}"


@dataclass
class BatchResult:
    """What a batch did: the records applied (with what each service returned) and the refusals."""

    done: list = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.done)


def batch_apply(records: Iterable, apply: Callable[[Any], Any], *, label: Callable[[Any], str],
                check: Callable[[Any], str | None] | None = None) -> BatchResult:
    """Apply `apply(record)` to each record in its own savepoint. `check(record)` may name a reason to refuse
    before anything is tried; a TaizhangError raised by `apply` refuses the record with its message."""
    result = BatchResult()
    for record in records:
        reason = check(record) if check is not None else None
        if reason:
            result.refused.append(Refusal(record, label(record), reason))
            continue
        try:
            with transaction.atomic():
                result.done.append(apply(record))
        except TaizhangError as exc:
            result.refused.append(Refusal(record, label(record), exc.message))
    return result


def batch_transition(records: Iterable, action: str, *, actor, reason: str = "",
                     label: Callable[[Any], str] = str, **params) -> BatchResult:
    """One lifecycle step (`action`) on every record, each by `transition_apply` with the same reason.

    A record whose status is not a source of the step is refused up front with a short reason («状态为「整改中」，
    不能审核通过（销号）»); every other refusal (permission, guard, reason) is the engine's own."""
    from taizhang.workflow import transition_apply

    records = list(records)
    if not records:
        return BatchResult()

    def check(record) -> str | None:
        t = lifecycle_of(record).resolve(action)
        if record.status not in t.sources:
            return f"状态为「{record.get_status_display()}」，不能{t.label}"
        return None

    return batch_apply(records, lambda r: transition_apply(r, action, actor=actor, reason=reason, **params),
                       label=label, check=check)
