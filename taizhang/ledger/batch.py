"""Batch actions of the 整改台账 list: decide closure requests, assign a responsible person and a deadline,
and 催办 — each applied record by record through the service that does it for one problem
(taizhang.workflow.batch), so every problem gets its own audit event and every refusal is named.
"""

from __future__ import annotations

from datetime import date

from taizhang.ledger.models import OPEN_STATUSES, Problem
from taizhang.ledger.services import problem_update
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action
from taizhang.workflow.batch import BatchResult, batch_apply, batch_transition

DECISIONS = {"approve": "approve", "return": "return"}


def problem_label(problem: Problem) -> str:
    return f"问题 {problem.number}"


def problems_decide(*, actor, problems, decision: str, reason: str = "") -> BatchResult:
    """Approve (销号) or return every selected closure request with one reason (required to return)."""
    return batch_transition(problems, DECISIONS[decision], actor=actor, reason=reason, label=problem_label)


def problems_assign(*, actor, problems, responsible=None, responsible_name: str = "",
                    deadline: date | None = None) -> BatchResult:
    """Set the responsible person and/or the deadline of the selected open problems (problem_update each)."""
    fields: dict = {}
    if responsible is not None or responsible_name:
        fields.update(responsible=responsible, responsible_name=responsible_name)
    if deadline is not None:
        fields["deadline"] = deadline

    def check(problem) -> str | None:
        if not fields:
            return "未指定责任人或整改时限"
        if problem.status not in OPEN_STATUSES:
            return f"状态为「{problem.get_status_display()}」，不能修改"
        if not has_action(actor, P.REVIEW, problem.unit):
            return "只有主题教育办公室可以批量修改"
        return None

    return batch_apply(problems, lambda p: problem_update(actor=actor, problem=p, expected_version=None, **fields),
                       label=problem_label, check=check)


def problems_urge(*, actor, problems, on: date | None = None) -> BatchResult:
    """催办 every selected problem: a 提示单 or 预警单 each (supervision.urging.problem_urge)."""
    from taizhang.supervision.urging import problem_urge

    return batch_apply(problems, lambda p: problem_urge(actor=actor, problem=p, on=on), label=problem_label)
