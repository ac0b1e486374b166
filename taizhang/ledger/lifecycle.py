"""The rectification lifecycle (docs/design.md §4): the transition table, its guards, and the one service
that changes `Problem.status`.

    待认领 ──accept──▶ 整改中 ──request_closure──▶ 待审核 ──approve──▶ 已销号
                        ▲  ▲                         │                  │
                        │  └───────return────────────┘                  │
                        └───────────reopen (回头看 反弹)─────────────────┘
    待认领 / 整改中 ──withdraw (office, reason)──▶ 已撤销
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from taizhang.audit.services import audit_record, status_change_record
from taizhang.audit.versioning import save_versioned
from taizhang.core.exceptions import NotFound, PermissionDenied, TransitionRefused
from taizhang.ledger.models import (
    Attachment,
    ClosureDecision,
    ClosureRequest,
    Problem,
    ProblemStatus,
    RectificationKind,
)
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action

S = ProblemStatus


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    reason_required: bool = False
    guard: Callable | None = None


def _guard_accept(problem: Problem, actor, ctx: dict) -> None:
    if not (problem.responsible_id or problem.responsible_name.strip()):
        raise TransitionRefused("认领前须明确责任人", field="responsible")
    if problem.kind != RectificationKind.LONG_TERM and problem.deadline is None:
        raise TransitionRefused("认领前须明确整改时限（长期坚持类除外）", field="deadline")


def _guard_request_closure(problem: Problem, actor, ctx: dict) -> None:
    if not problem.progress_reports.exists():
        raise TransitionRefused("申请销号前须至少填报一次整改进展")
    if problem.campaign.require_closure_evidence:
        closure = ctx.get("closure")
        has_evidence = (closure is not None and closure.attachments.exists()) or Attachment.objects.filter(
            problem=problem, progress__isnull=False).exists()
        if not has_evidence:
            raise TransitionRefused("本专项工作要求销号须附佐证材料：请在销号申请或整改进展中上传佐证材料")


def open_closure(problem: Problem) -> ClosureRequest | None:
    return problem.closure_requests.filter(decision=ClosureDecision.PENDING).order_by("-requested_at", "-id").first()


def _guard_review(problem: Problem, actor, ctx: dict) -> None:
    closure = open_closure(problem)
    if closure is not None and actor is not None and closure.requested_by_id == getattr(actor, "pk", None):
        raise TransitionRefused("销号申请人不能审核自己提交的申请")


TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    Transition("accept", "认领", frozenset({S.PENDING}), S.IN_PROGRESS, P.CHANGE, guard=_guard_accept),
    Transition("request_closure", "申请销号", frozenset({S.IN_PROGRESS}), S.REVIEW, P.CHANGE,
               guard=_guard_request_closure),
    Transition("approve", "审核通过（销号）", frozenset({S.REVIEW}), S.CLOSED, P.REVIEW, guard=_guard_review),
    Transition("return", "退回", frozenset({S.REVIEW}), S.IN_PROGRESS, P.REVIEW, reason_required=True,
               guard=_guard_review),
    Transition("reopen", "重新整改", frozenset({S.CLOSED}), S.IN_PROGRESS, P.REVIEW, reason_required=True),
    Transition("withdraw", "撤销", frozenset({S.PENDING, S.IN_PROGRESS}), S.WITHDRAWN, P.REVIEW,
               reason_required=True),
]}

ACTION_ALIASES = {a.replace("_", "-"): a for a in TRANSITIONS}


def normalise_action(action: str) -> str:
    action = (action or "").strip()
    action = ACTION_ALIASES.get(action, action)
    if action not in TRANSITIONS:
        raise TransitionRefused(f"未知操作「{action}」，可选：{'、'.join(ACTION_ALIASES)}")
    return action


def allowed_actions(problem: Problem, actor) -> list[Transition]:
    """Transitions the actor may attempt now (source status and role; guards are checked on submit)."""
    return [t for t in TRANSITIONS.values()
            if problem.status in t.sources and has_action(actor, t.permission, problem.unit)]


def problem_transition(*, actor, problem: Problem, action: str, reason: str = "",
                       expected_version: int | None = None, evidence_summary: str = "",
                       files: tuple = (), at=None) -> Problem:
    """Perform one lifecycle action on a problem: lock it, check the guard, save, and write a StatusChange
    and an AuditEvent — all in one transaction. The only code that assigns `Problem.status`.

    `files` are uploaded evidence for a closure request (stored before the guard runs, so it sees them).
    """
    from taizhang.ledger.evidence import validate_and_store

    action = normalise_action(action)
    t = TRANSITIONS[action]
    reason = (reason or "").strip()
    # Files belong to a closure request; other actions take none.
    stored = [validate_and_store(f) for f in files] if action == "request_closure" else []
    with transaction.atomic():
        locked = Problem.objects.select_for_update().filter(pk=problem.pk).first()
        if locked is None or (actor is not None and not has_action(actor, P.VIEW, locked.unit)):
            raise NotFound("问题不存在或不在您的权限范围内")
        problem = locked
        if actor is not None and not has_action(actor, t.permission, problem.unit):
            raise PermissionDenied(f"您没有对该问题执行「{t.label}」的权限")
        if problem.status not in t.sources:
            raise TransitionRefused(f"问题当前状态为「{problem.get_status_display()}」，不能{t.label}")
        if t.reason_required and not reason:
            raise TransitionRefused(f"{t.label}须填写理由", field="reason")
        if expected_version is not None and expected_version != problem.version:
            from taizhang.audit.versioning import conflict_message
            from taizhang.core.exceptions import Conflict

            raise Conflict(conflict_message(problem))
        now = at or timezone.now()
        ctx: dict = {}
        if action == "request_closure":
            closure = ClosureRequest.objects.create(problem=problem, evidence_summary=(evidence_summary or reason),
                                                    requested_by=actor if getattr(actor, "pk", None) else None,
                                                    requested_at=now)
            Attachment.objects.bulk_create([Attachment(problem=problem, closure=closure, uploaded_by=closure.requested_by,
                                                       **fields) for fields in stored])
            ctx["closure"] = closure
        if t.guard is not None:
            t.guard(problem, actor, ctx)
        old = problem.status
        fields = ["status"]
        if action in ("approve", "return"):
            closure = open_closure(problem)
            if closure is not None:
                closure.decision = ClosureDecision.APPROVED if action == "approve" else ClosureDecision.RETURNED
                closure.reviewer = actor if getattr(actor, "pk", None) else None
                closure.comment = reason
                closure.decided_at = now
                closure.save(update_fields=["decision", "reviewer", "comment", "decided_at"])
        if action == "approve":
            problem.closed_at, problem.closed_on = now, timezone.localdate(now)
            fields += ["closed_at", "closed_on"]
        if action == "reopen":
            problem.closed_at = problem.closed_on = None
            fields += ["closed_at", "closed_on"]
        if action in ("return", "request_closure", "reopen"):
            problem.returned_pending = action == "return"
            fields.append("returned_pending")
        problem.status = t.target
        save_versioned(problem, expected_version=None, fields=fields)
        status_change_record(obj=problem, action=action, old=old, new=t.target, actor=actor, reason=reason, at=now)
        audit_record(actor=actor, action=f"problem.{action}", obj=problem,
                     changes={"status": [old, t.target], **({"reason": reason} if reason else {})})
    return problem
