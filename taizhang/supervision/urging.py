"""催办: urging a problem's unit on, one problem at a time (the batch runs it per problem).

催办 issues the 督办单 that fits the problem's deadline — a 提示单 while the deadline is still ahead (or when
there is none), a 预警单 once it has passed — through `slip_issue`, which numbers it, audits it and tells the
unit's handlers. The responsible person hears of it at once as well: an inbox message, and the group robots
of their unit with their mobile @-mentioned where the platform allows it (notifications.notify).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from taizhang.core.exceptions import PermissionDenied, TransitionRefused
from taizhang.ledger.models import ProblemStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action
from taizhang.supervision.models import SlipKind, SupervisionSlip
from taizhang.supervision.services import cn_day, send_notice, slip_issue, slip_link

URGEABLE_STATUSES = (ProblemStatus.PENDING, ProblemStatus.IN_PROGRESS)


def urge_kind(problem, on: date | None = None) -> str:
    """提示单 before the deadline (or without one), 预警单 after it."""
    on = on or timezone.localdate()
    if problem.deadline is not None and problem.deadline < on:
        return SlipKind.WARNING
    return SlipKind.REMINDER


def may_urge(actor, problem) -> bool:
    """Whether the 催办 button is offered: an open problem the actor may issue 督办单 about."""
    return problem.status in URGEABLE_STATUSES and has_action(actor, P.SUPERVISE, problem.unit)


def _content(problem, kind: str, on: date) -> str:
    head = f"问题 {problem.number}「{problem.title}」"
    if kind == SlipKind.WARNING:
        days = (on - problem.deadline).days
        return f"{head}已超过整改时限（{cn_day(problem.deadline)}）{days} 天仍未销号，请立即推进整改并反馈进展。"
    if problem.deadline is not None:
        return f"{head}的整改时限为{cn_day(problem.deadline)}，请抓紧推进整改，按期申请销号。"
    return f"{head}尚未完成整改，请抓紧推进并及时填报进展。"


@transaction.atomic
def problem_urge(*, actor, problem, on: date | None = None) -> SupervisionSlip:
    """催办 one problem: issue its 提示单 or 预警单 to the problem's unit and tell the responsible person."""
    if problem.status not in URGEABLE_STATUSES:
        raise TransitionRefused(f"状态为「{problem.get_status_display()}」，不需要催办")
    if actor is not None and not has_action(actor, P.SUPERVISE, problem.unit):
        raise PermissionDenied("您没有向该单位签发督办单的权限")
    on = on or timezone.localdate()
    kind = urge_kind(problem, on)
    reply_by = on + timedelta(days=3) if kind == SlipKind.WARNING else problem.deadline
    if reply_by is not None and reply_by < on:
        reply_by = on
    slip = slip_issue(actor=actor, kind=kind, target_unit=problem.unit, problems=[problem],
                      title=f"关于问题{problem.number}的{SlipKind(kind).label}", content=_content(problem, kind, on),
                      reply_deadline=reply_by)
    if problem.responsible_id and problem.responsible.is_active:
        send_notice(recipients=[problem.responsible], title=f"催办：{problem.number} {problem.title}"[:200],
                    body=f"{slip.issuer_unit.name}签发{slip.get_kind_display()}{slip.number}：{slip.content}",
                    link=slip_link(slip), kind=f"slip.{kind}", obj=slip,
                    dedupe_key=f"slip:{slip.pk}:urge:{problem.responsible_id}", actor=actor)
    return slip
