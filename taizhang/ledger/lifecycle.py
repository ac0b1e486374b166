"""The rectification lifecycle (docs/design.md §4), declared for the lifecycle engine (taizhang.workflow):

    待认领 ──accept──▶ 整改中 ──request_closure──▶ 待审核 ──approve──▶ 已销号
                        ▲  ▲                         │                  │
                        │  └───────return────────────┘                  │
                        └───────────reopen (回头看 反弹)─────────────────┘
    待认领 / 整改中 ──withdraw (office, reason)──▶ 已撤销

A closure request (销号申请) lives and dies with the problem's steps: request_closure opens one with its
evidence, approve and return decide it.
"""

from __future__ import annotations

from django.utils import timezone

from taizhang.core.exceptions import TransitionRefused
from taizhang.ledger.models import (
    Attachment,
    ClosureDecision,
    ClosureRequest,
    Problem,
    ProblemStatus,
    RectificationKind,
)
from taizhang.orgs import permissions as P
from taizhang.workflow import Lifecycle, Step, Transition, holds, transition_apply

S = ProblemStatus


def open_closure(problem: Problem) -> ClosureRequest | None:
    return problem.closure_requests.filter(decision=ClosureDecision.PENDING).order_by("-requested_at", "-id").first()


# --- guards ------------------------------------------------------------------------------------------

def _has_responsible_and_deadline(step: Step) -> None:
    problem = step.obj
    if not (problem.responsible_id or problem.responsible_name.strip()):
        raise TransitionRefused("认领前须明确责任人", field="responsible")
    if problem.kind != RectificationKind.LONG_TERM and problem.deadline is None:
        raise TransitionRefused("认领前须明确整改时限（长期坚持类除外）", field="deadline")


def _has_progress_and_evidence(step: Step) -> None:
    problem = step.obj
    if not problem.progress_reports.exists():
        raise TransitionRefused("申请销号前须至少填报一次整改进展")
    if problem.campaign.require_closure_evidence and not step.params.get("files") and not Attachment.objects.filter(
            problem=problem, progress__isnull=False).exists():
        raise TransitionRefused("本专项工作要求销号须附佐证材料：请在销号申请或整改进展中上传佐证材料")


def _reviewer_is_not_requester(step: Step) -> None:
    closure = open_closure(step.obj)
    if closure is not None and step.who is not None and closure.requested_by_id == step.who.pk:
        raise TransitionRefused("销号申请人不能审核自己提交的申请")


# --- effects -----------------------------------------------------------------------------------------

def _open_closure_request(step: Step) -> None:
    """The 销号申请 with its evidence files (checked and stored here; a refused file refuses the step)."""
    from taizhang.ledger.evidence import validate_and_store

    stored = [validate_and_store(f) for f in step.params.get("files", ())]
    closure = ClosureRequest.objects.create(
        problem=step.obj, evidence_summary=step.params.get("evidence_summary") or step.reason,
        requested_by=step.who, requested_at=step.at)
    Attachment.objects.bulk_create([Attachment(problem=step.obj, closure=closure, uploaded_by=step.who, **fields)
                                    for fields in stored])
    step.set(returned_pending=False)


def _decide_closure_request(step: Step) -> None:
    closure = open_closure(step.obj)
    if closure is not None:
        closure.decision = ClosureDecision.APPROVED if step.transition.target == S.CLOSED else ClosureDecision.RETURNED
        closure.reviewer, closure.comment, closure.decided_at = step.who, step.reason, step.at
        closure.save(update_fields=["decision", "reviewer", "comment", "decided_at"])


def _close(step: Step) -> None:
    step.set(closed_at=step.at, closed_on=timezone.localdate(step.at))


def _mark_returned(step: Step) -> None:
    step.set(returned_pending=True)


def _reopen(step: Step) -> None:
    step.set(closed_at=None, closed_on=None, returned_pending=False)


# --- follow-ups --------------------------------------------------------------------------------------

def _announce(step: Step) -> None:
    """Tell the people the step concerns (notifications.events: the event declared on this transition),
    once the transaction commits."""
    from taizhang.notifications.events import announce_transition

    announce_transition(step)


PROBLEM = Lifecycle(model=Problem, noun="问题", transitions=[
    Transition("accept", "认领", (S.PENDING,), S.IN_PROGRESS, holds(P.CHANGE),
               guards=(_has_responsible_and_deadline,)),
    Transition("request_closure", "申请销号", (S.IN_PROGRESS,), S.REVIEW, holds(P.CHANGE),
               guards=(_has_progress_and_evidence,), effects=(_open_closure_request,), follow_ups=(_announce,)),
    Transition("approve", "审核通过（销号）", (S.REVIEW,), S.CLOSED, holds(P.REVIEW),
               guards=(_reviewer_is_not_requester,), effects=(_decide_closure_request, _close), follow_ups=(_announce,)),
    Transition("return", "退回", (S.REVIEW,), S.IN_PROGRESS, holds(P.REVIEW), reason_required=True,
               guards=(_reviewer_is_not_requester,), effects=(_decide_closure_request, _mark_returned),
               follow_ups=(_announce,)),
    Transition("reopen", "重新整改", (S.CLOSED,), S.IN_PROGRESS, holds(P.REVIEW), reason_required=True,
               effects=(_reopen,), follow_ups=(_announce,)),
    Transition("withdraw", "撤销", (S.PENDING, S.IN_PROGRESS), S.WITHDRAWN, holds(P.REVIEW), reason_required=True,
               follow_ups=(_announce,)),
])
TRANSITIONS = PROBLEM.transitions
ACTION_ALIASES = PROBLEM.spellings


def problem_transition(*, actor, problem: Problem, action: str, reason: str = "",
                       expected_version: int | None = None, evidence_summary: str = "",
                       files: tuple = (), at=None) -> Problem:
    """Perform one lifecycle action on a problem. `files` and `evidence_summary` belong to a closure request."""
    return transition_apply(problem, action, actor=actor, reason=reason, expected_version=expected_version, at=at,
                            evidence_summary=evidence_summary, files=files)
