"""Links between workstream records and ledger problems (调研发现的问题, 制度针对的问题)."""

from django.db import transaction

from taizhang.audit.services import audit_record
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.ledger.models import Problem
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action


def _check(actor, owner_unit, campaign_id, problems) -> None:
    if actor is not None and not has_action(actor, P.CHANGE, owner_unit):
        raise PermissionDenied("您没有权限关联问题")
    for p in problems:
        if p.campaign_id != campaign_id:
            raise ValidationFailed(f"问题「{p.number}」不属于本专项工作", field="problems")
        if actor is not None and not Problem.objects.for_user(actor, P.VIEW).filter(pk=p.pk).exists():
            raise ValidationFailed(f"问题「{p.number}」不在您的权限范围内", field="problems")


def _link(actor, owner, problems, action: str) -> None:
    """Link `problems` to `owner` (a visit, an institution or a topic) of the same campaign, with an audit event."""
    problems = list(problems)
    _check(actor, owner.unit, owner.campaign_id, problems)
    owner.problems.add(*problems)
    audit_record(actor=actor, action=action, obj=owner, changes={"problems": [p.number for p in problems]})


@transaction.atomic
def visit_link_problems(*, actor, visit, problems) -> None:
    """Record the problems a visit found (they become 调研发现 problems of the ledger)."""
    _link(actor, visit, problems, "researchvisit.link_problems")


@transaction.atomic
def institution_link_problems(*, actor, institution, problems) -> None:
    """从解决一个问题到解决一类问题: the problems a rule answers."""
    _link(actor, institution, problems, "institution.link_problems")


@transaction.atomic
def topic_link_problems(*, actor, topic, problems) -> None:
    """The problems a research topic studies (a 共性问题 raised to a topic)."""
    _link(actor, topic, problems, "researchtopic.link_problems")


def _unlink(actor, owner, problem, action: str) -> None:
    """Take back one link of `owner` (a visit or an institution) made by mistake. The problem stays in the ledger
    as it is (a 调研发现 problem keeps its source); only the link goes, with an audit event."""
    if actor is not None and not has_action(actor, P.CHANGE, owner.unit):
        raise PermissionDenied("您没有权限取消关联")
    if not owner.problems.filter(pk=problem.pk).exists():
        raise ValidationFailed(f"问题「{problem.number}」没有关联在这里")
    owner.problems.remove(problem)
    audit_record(actor=actor, action=action, obj=owner, changes={"problems": [problem.number]})


@transaction.atomic
def visit_unlink_problem(*, actor, visit, problem) -> None:
    _unlink(actor, visit, problem, "researchvisit.unlink_problem")


@transaction.atomic
def institution_unlink_problem(*, actor, institution, problem) -> None:
    _unlink(actor, institution, problem, "institution.unlink_problem")


@transaction.atomic
def visit_record_problem(*, actor, visit, unit, title: str, description: str = "", category: str = "",
                         **fields) -> Problem:
    """记录调研发现的问题: a new 调研发现 problem in the ledger of `unit` (the visit's unit or one in the
    actor's scope), linked to the visit in the same transaction."""
    from taizhang.ledger.services import problem_create

    if actor is not None and not has_action(actor, P.CHANGE, visit.unit):
        raise PermissionDenied("您没有权限为该调研走访记录问题")
    problem = problem_create(actor=actor, campaign=visit.campaign, unit=unit, title=title,
                             description=description, category=category, source="research", **fields)
    visit_link_problems(actor=actor, visit=visit, problems=[problem])
    return problem


def _require_office(actor, problem) -> None:
    """把解决一个问题变成解决一类问题 is the office's call over the problem's unit."""
    if actor is not None and not (has_action(actor, P.CONFIGURE, problem.unit)
                                  or has_action(actor, P.REVIEW, problem.unit)):
        raise PermissionDenied("只有主题教育办公室可以为问题建章立制")


@transaction.atomic
def problem_link_institution(*, actor, problem, institution) -> None:
    """Link an existing institution of the campaign to `problem` (from the problem's page)."""
    _require_office(actor, problem)
    institution_link_problems(actor=actor, institution=institution, problems=[problem])


@transaction.atomic
def problem_create_institution(*, actor, problem, title: str, kind: str = "new", doc_number: str = "",
                               issued_date=None, summary: str = "", unit=None):
    """Register a new rule (in the problem's unit unless another is given) that answers `problem`."""
    from taizhang.institutions.services import institution_create

    _require_office(actor, problem)
    inst = institution_create(actor=actor, campaign=problem.campaign, unit=unit or problem.unit, title=title,
                              kind=kind, doc_number=doc_number, issued_date=issued_date, summary=summary)
    institution_link_problems(actor=actor, institution=inst, problems=[problem])
    return inst
