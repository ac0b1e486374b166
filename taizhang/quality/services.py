"""Writes of 问题质量: marking a duplicate, and acting on a 共性问题 (a rule, a research topic) for all its problems."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.models import Problem, ProblemStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action
from taizhang.quality import checks
from taizhang.quality.models import DuplicateMark
from taizhang.quality.text import TextIndex


def _require_office(actor, unit, what: str) -> None:
    if actor is None:
        return
    if not has_action(actor, P.VIEW, unit):
        raise NotFound("记录不存在或不在您的权限范围内")
    if not has_action(actor, P.REVIEW, unit):
        raise PermissionDenied(f"只有主题教育办公室可以{what}")


@transaction.atomic
def problem_mark_duplicate(*, actor, duplicate: Problem, kept: Problem, reason: str = "") -> DuplicateMark:
    """标为重复: `duplicate` repeats `kept`. It is withdrawn through the lifecycle (its status change and history
    stay) with the kept problem named in the reason, and the link is recorded with an audit event."""
    _require_office(actor, duplicate.unit, "将问题标为重复")
    if actor is not None and not Problem.objects.for_user(actor, P.VIEW).filter(pk=kept.pk).exists():
        raise ValidationFailed("保留的问题不存在或不在您的权限范围内", field="kept")
    if kept.pk == duplicate.pk:
        raise ValidationFailed("不能把问题标为与自身重复", field="kept")
    if kept.campaign_id != duplicate.campaign_id:
        raise ValidationFailed(f"问题「{kept.number}」不属于同一专项工作", field="kept")
    if kept.status == ProblemStatus.WITHDRAWN:
        raise ValidationFailed(f"问题「{kept.number}」已撤销，请选择保留整改的问题", field="kept")
    if DuplicateMark.objects.filter(duplicate=duplicate).exists():
        raise ValidationFailed(f"问题「{duplicate.number}」已经标为重复问题")
    if DuplicateMark.objects.filter(kept=duplicate).exists():
        raise ValidationFailed(f"问题「{duplicate.number}」是其他重复问题保留整改的问题，不能再标为重复；"
                               f"请把问题「{kept.number}」标为与它重复")
    text = f"与问题 {kept.number} 重复，按 {kept.number} 整改" + (f"：{reason.strip()}" if reason.strip() else "")
    index = TextIndex([(0, checks.statement(duplicate.title, duplicate.description)),
                       (1, checks.statement(kept.title, kept.description))])
    problem_transition(actor=actor, problem=duplicate, action="withdraw", reason=text)
    mark = DuplicateMark.objects.create(duplicate=duplicate, kept=kept, reason=(reason or "").strip()[:300],
                                        similarity=round(index.similarity(0, 1), 4),
                                        marked_by=actor if getattr(actor, "pk", None) else None,
                                        marked_at=timezone.now())
    audit_record(actor=actor, action="problem.mark_duplicate", obj=duplicate,
                 changes={"kept": kept.number, "reason": mark.reason})
    return mark


def _cluster_problems(actor, campaign, problems) -> list[Problem]:
    problems = list(problems)
    if not problems:
        raise ValidationFailed("没有选中任何问题", field="problems")
    for p in problems:
        if p.campaign_id != campaign.pk:
            raise ValidationFailed(f"问题「{p.number}」不属于本专项工作", field="problems")
    return problems


@transaction.atomic
def cluster_create_institution(*, actor, campaign, unit, problems, title: str, kind: str = "new",
                               doc_number: str = "", issued_date: date | None = None, summary: str = ""):
    """建章立制 from a 共性问题: a new rule of `unit`, linked to every problem of the cluster."""
    from taizhang.dossier.services import institution_link_problems
    from taizhang.institutions.services import institution_create

    _require_office(actor, unit, "从共性问题建章立制")
    problems = _cluster_problems(actor, campaign, problems)
    inst = institution_create(actor=actor, campaign=campaign, unit=unit, title=title, kind=kind,
                              doc_number=doc_number, issued_date=issued_date, summary=summary)
    institution_link_problems(actor=actor, institution=inst, problems=problems)
    return inst


@transaction.atomic
def cluster_link_institution(*, actor, institution, problems) -> None:
    """Link an existing rule to every problem of a 共性问题 (those already linked stay as they are)."""
    from taizhang.dossier.services import institution_link_problems

    _require_office(actor, institution.unit, "从共性问题建章立制")
    problems = _cluster_problems(actor, institution.campaign, problems)
    institution_link_problems(actor=actor, institution=institution, problems=problems)


@transaction.atomic
def cluster_create_topic(*, actor, campaign, unit, problems, title: str, direction: str = "",
                         rationale: str = ""):
    """A research topic (调研课题) to study a 共性问题, open for a leader to take, linked to every problem."""
    from taizhang.dossier.services import topic_link_problems
    from taizhang.research.services import topic_create

    _require_office(actor, unit, "为共性问题立调研课题")
    problems = _cluster_problems(actor, campaign, problems)
    topic = topic_create(actor=actor, campaign=campaign, unit=unit, title=title, direction=direction,
                         rationale=rationale)
    topic_link_problems(actor=actor, topic=topic, problems=problems)
    return topic
