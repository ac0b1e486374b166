"""Links between workstream records and ledger problems (调研发现的问题, 制度针对的问题)."""

from django.db import transaction

from taizhang.audit.services import audit_record
from taizhang.core import permissions as P
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.core.scope import has_action
from taizhang.ledger.models import Problem


def _check(actor, owner_unit, campaign_id, problems) -> None:
    if actor is not None and not has_action(actor, P.CHANGE, owner_unit):
        raise PermissionDenied("您没有权限关联问题")
    for p in problems:
        if p.campaign_id != campaign_id:
            raise ValidationFailed(f"问题「{p.number}」不属于本专项工作", field="problems")
        if actor is not None and not Problem.objects.for_user(actor, P.VIEW).filter(pk=p.pk).exists():
            raise ValidationFailed(f"问题「{p.number}」不在您的权限范围内", field="problems")


@transaction.atomic
def visit_link_problems(*, actor, visit, problems) -> None:
    """Record the problems a visit found (they become 调研发现 problems of the ledger)."""
    problems = list(problems)
    _check(actor, visit.unit, visit.campaign_id, problems)
    visit.problems.add(*problems)
    audit_record(actor=actor, action="researchvisit.link_problems", obj=visit,
                 changes={"problems": [p.number for p in problems]})


@transaction.atomic
def institution_link_problems(*, actor, institution, problems) -> None:
    """从解决一个问题到解决一类问题: the problems a rule answers."""
    problems = list(problems)
    _check(actor, institution.unit, institution.campaign_id, problems)
    institution.problems.add(*problems)
    audit_record(actor=actor, action="institution.link_problems", obj=institution,
                 changes={"problems": [p.number for p in problems]})
