"""All writes of practical matters: collecting, claiming (需求清单), handling, completing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from taizhang.audit.services import assign_fields, record_create, record_update
from taizhang.core.exceptions import PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.core.validation import full_clean_or_raise
from taizhang.matters.models import MatterStatus, PracticalMatter
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, require_action
from taizhang.workflow import Lifecycle, Step, Transition, holds, transition_apply

MATTER_FIELDS = ["title", "category", "source", "source_note", "description", "lead_leader", "lead_leader_name",
                 "deadline", "beneficiaries", "money", "satisfaction", "result"]
OUTCOME_FIELDS = ("beneficiaries", "money", "satisfaction", "result")


def _outcome(step: Step) -> dict:
    """The outcome figures a finish brings (those given), over what the matter already holds."""
    return {name: step.params[name] for name in OUTCOME_FIELDS if step.params.get(name) is not None}


def _has_result_and_sound_outcome(step: Step) -> None:
    outcome = {**{name: getattr(step.obj, name) for name in OUTCOME_FIELDS}, **_outcome(step)}
    if not (outcome["result"] or "").strip():
        raise TransitionRefused("请填写办理结果后再办结")
    _check_outcome(outcome["money"], outcome["satisfaction"])


def _finished(step: Step) -> None:
    step.set(**_outcome(step), completed_at=timezone.localdate(step.at))


def _claimed(step: Step) -> None:
    """A member claims personally, a clerk or office for a unit in its scope (default the matter's unit), a
    leader becomes the 领办 leader."""
    matter, actor, claimed_unit = step.obj, step.actor, step.params.get("claimed_unit")
    step.set(claimed_by=step.who)
    if has_action(actor, P.LEAD, matter.unit):
        step.set(lead_leader=step.who, lead_leader_name=str(actor))
    if has_action(actor, P.CREATE, matter.unit) or claimed_unit is not None:
        unit = claimed_unit or matter.unit
        if not has_action(actor, P.CREATE, unit):
            raise PermissionDenied(f"您不能以「{unit.name}」的名义认领")
        step.set(claimed_unit=unit)


# 征集 → 认领 → 办理中 → 已办结.
MATTER = Lifecycle(model=PracticalMatter, noun="实事", visible=holds(P.VIEW, P.OWN), transitions=[
    Transition("claim", "认领", (MatterStatus.COLLECTING,), MatterStatus.CLAIMED, holds(P.CREATE, P.LEAD, P.OWN),
               effects=(_claimed,)),
    Transition("start", "开始办理", (MatterStatus.CLAIMED,), MatterStatus.IN_PROGRESS, holds(P.CHANGE, P.LEAD)),
    Transition("finish", "办结", (MatterStatus.IN_PROGRESS,), MatterStatus.DONE, holds(P.CHANGE, P.LEAD),
               guards=(_has_result_and_sound_outcome,), effects=(_finished,)),
])
MATTER_TRANSITIONS = MATTER.transitions


def _check_category(campaign, category: str) -> None:
    if category not in dict(campaign.code_choices("matter_category")):
        raise ValidationFailed(f"实事类别「{category}」不在本专项工作的实事类别代码表中", field="category")


def _check_outcome(money, satisfaction) -> None:
    if money is not None and money < 0:
        raise ValidationFailed(f"投入资金 {money} 万元不能为负数", field="money")
    if satisfaction is not None and not (Decimal(0) <= satisfaction <= Decimal(100)):
        raise ValidationFailed(f"满意度 {satisfaction} 应在 0 到 100 之间", field="satisfaction")


@transaction.atomic
def matter_create(*, actor, campaign, unit, title: str, category: str, source: str = "public",
                  source_note: str = "", description: str = "", lead_leader=None, lead_leader_name: str = "",
                  deadline: date | None = None) -> PracticalMatter:
    """Put a matter on the 需求清单 (征集). With a 领办 leader it is claimed at once by that leader."""
    require_action(actor, unit, P.CREATE, message="您没有权限在该单位登记实事")
    _check_category(campaign, category)
    matter = PracticalMatter(campaign=campaign, unit=unit, title=(title or "").strip(), category=category,
                             source=source, source_note=source_note, description=description,
                             lead_leader=lead_leader,
                             lead_leader_name=lead_leader_name or (str(lead_leader) if lead_leader else ""),
                             deadline=deadline, created_by=actor if getattr(actor, "pk", None) else None)
    return record_create(actor=actor, obj=matter, tracked=MATTER_FIELDS, action="practicalmatter.create")


@transaction.atomic
def matter_update(*, actor, matter: PracticalMatter, expected_version: int | None, **fields) -> PracticalMatter:
    require_action(actor, matter.unit, P.CHANGE, P.LEAD, message="您没有权限修改该实事")
    before = assign_fields(matter, fields, allowed=MATTER_FIELDS)
    _check_category(matter.campaign, matter.category)
    _check_outcome(matter.money, matter.satisfaction)
    full_clean_or_raise(matter)
    record_update(actor=actor, obj=matter, before=before, tracked=MATTER_FIELDS, expected_version=expected_version,
                  fields=fields, action="practicalmatter.update")
    return matter


def matter_claim(*, actor, matter: PracticalMatter, expected_version: int | None, claimed_unit=None) -> PracticalMatter:
    """认领 from the 需求清单 (see `_claimed` for who claims for whom)."""
    return transition_apply(matter, "claim", actor=actor, expected_version=expected_version, claimed_unit=claimed_unit)


def matter_transition(*, actor, matter: PracticalMatter, action: str, expected_version: int | None,
                      reason: str = "", **outcome) -> PracticalMatter:
    """claim / start / finish. Finishing records the outcome (惠及人数, 资金, 满意度, 办理结果)."""
    unknown = set(outcome) - set(OUTCOME_FIELDS)
    if unknown:
        raise ValidationFailed(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    return transition_apply(matter, action, actor=actor, expected_version=expected_version, reason=reason, **outcome)
