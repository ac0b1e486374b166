"""All writes of practical matters: collecting, claiming (需求清单), handling, completing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from taizhang.audit.services import audit_record, diff_fields, snapshot
from taizhang.audit.versioning import save_versioned
from taizhang.core.exceptions import PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.core.validation import full_clean_or_raise
from taizhang.matters.models import MatterStatus, PracticalMatter
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action
from taizhang.workflow import Transition, transition_apply

MATTER_FIELDS = ["title", "category", "source", "source_note", "description", "lead_leader", "lead_leader_name",
                 "deadline", "beneficiaries", "money", "satisfaction", "result"]
OUTCOME_FIELDS = ("beneficiaries", "money", "satisfaction", "result")


def _has_result(m: PracticalMatter) -> str | None:
    if not (m.result or "").strip():
        return "请填写办理结果后再办结"
    return None


# 征集 → 认领 → 办理中 → 已办结. Claiming goes through matter_claim (it records who claimed).
MATTER_TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    Transition("claim", "认领", (MatterStatus.COLLECTING,), MatterStatus.CLAIMED, (P.CREATE, P.LEAD, P.OWN)),
    Transition("start", "开始办理", (MatterStatus.CLAIMED,), MatterStatus.IN_PROGRESS, (P.CHANGE, P.LEAD)),
    Transition("finish", "办结", (MatterStatus.IN_PROGRESS,), MatterStatus.DONE, (P.CHANGE, P.LEAD), _has_result),
]}


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
    if actor is not None and not has_action(actor, P.CREATE, unit):
        raise PermissionDenied("您没有权限在该单位登记实事")
    _check_category(campaign, category)
    matter = PracticalMatter(campaign=campaign, unit=unit, title=(title or "").strip(), category=category,
                             source=source, source_note=source_note, description=description,
                             lead_leader=lead_leader,
                             lead_leader_name=lead_leader_name or (str(lead_leader) if lead_leader else ""),
                             deadline=deadline, created_by=actor if getattr(actor, "pk", None) else None)
    full_clean_or_raise(matter)
    matter.save()
    audit_record(actor=actor, action="practicalmatter.create", obj=matter, changes=snapshot(matter, MATTER_FIELDS))
    return matter


@transaction.atomic
def matter_update(*, actor, matter: PracticalMatter, expected_version: int | None, **fields) -> PracticalMatter:
    if actor is not None and not any(has_action(actor, a, matter.unit) for a in (P.CHANGE, P.LEAD)):
        raise PermissionDenied("您没有权限修改该实事")
    unknown = set(fields) - set(MATTER_FIELDS)
    if unknown:
        raise ValidationFailed(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    before = snapshot(matter, MATTER_FIELDS)
    for name, value in fields.items():
        setattr(matter, name, value)
    _check_category(matter.campaign, matter.category)
    _check_outcome(matter.money, matter.satisfaction)
    full_clean_or_raise(matter)
    save_versioned(matter, expected_version=expected_version, fields=list(fields))
    changes = diff_fields(before, snapshot(matter, MATTER_FIELDS))
    if changes:
        audit_record(actor=actor, action="practicalmatter.update", obj=matter, changes=changes)
    return matter


@transaction.atomic
def matter_claim(*, actor, matter: PracticalMatter, expected_version: int | None, claimed_unit=None) -> PracticalMatter:
    """认领 from the 需求清单: a member claims it personally, a clerk or office for a unit in its scope
    (default the matter's unit), a leader becomes its 领办 leader."""
    PracticalMatter.objects.select_for_update().filter(pk=matter.pk).first()  # lock against a racing claim
    matter.refresh_from_db()
    if matter.status != MatterStatus.COLLECTING:
        raise TransitionRefused(f"该实事当前状态为「{matter.get_status_display()}」，不能认领")
    fields = ["claimed_by"]
    matter.claimed_by = actor
    if has_action(actor, P.LEAD, matter.unit):
        matter.lead_leader, matter.lead_leader_name = actor, str(actor)
        fields += ["lead_leader", "lead_leader_name"]
    if has_action(actor, P.CREATE, matter.unit) or claimed_unit is not None:
        unit = claimed_unit or matter.unit
        if not has_action(actor, P.CREATE, unit):
            raise PermissionDenied(f"您不能以「{unit.name}」的名义认领")
        matter.claimed_unit = unit
        fields.append("claimed_unit")
    transition_apply(obj=matter, table=MATTER_TRANSITIONS, action="claim", actor=actor,
                     expected_version=expected_version, fields=tuple(fields))
    return matter


def matter_transition(*, actor, matter: PracticalMatter, action: str, expected_version: int | None,
                      reason: str = "", **outcome) -> PracticalMatter:
    """start / finish. Finishing records the outcome (惠及人数, 资金, 满意度, 办理结果)."""
    if action == "claim":
        return matter_claim(actor=actor, matter=matter, expected_version=expected_version)
    unknown = set(outcome) - set(OUTCOME_FIELDS)
    if unknown:
        raise ValidationFailed(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        fields: tuple[str, ...] = ()
        if action == "finish":
            for name, value in outcome.items():
                if value is not None:
                    setattr(matter, name, value)
            _check_outcome(matter.money, matter.satisfaction)
            matter.completed_at = timezone.localdate()
            fields = (*[f for f in OUTCOME_FIELDS if outcome.get(f) is not None], "completed_at")
        transition_apply(obj=matter, table=MATTER_TRANSITIONS, action=action, actor=actor,
                         expected_version=expected_version, reason=reason, fields=fields)
    return matter
