"""Every transition of a practical matter (征集 → 认领 → 办理中 → 已办结): what it changes and what it writes."""

from decimal import Decimal

import pytest
from django.utils import timezone

from taizhang.core.exceptions import NotFound, PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.matters import services
from taizhang.matters.models import MatterStatus, PracticalMatter
from taizhang.matters.tests.factories import make_matter
from taizhang.workflow.tests.steps import Case, assert_step_written, status_changes


def _handled(w, result: str = "管网改造完成") -> PracticalMatter:
    """A matter in 办理中 whose result is already recorded (through an edit)."""
    matter = make_matter(w, status="in_progress")
    return services.matter_update(actor=None, matter=matter, expected_version=None, result=result)


CASES = [
    Case("claim", make_matter, "village_clerk", MatterStatus.COLLECTING, MatterStatus.CLAIMED),
    Case("start", lambda w: make_matter(w, status="claimed"), "county_leader", MatterStatus.CLAIMED,
         MatterStatus.IN_PROGRESS),
    Case("finish", _handled, "village_clerk",
         MatterStatus.IN_PROGRESS, MatterStatus.DONE),
]


def test_every_matter_transition_is_specified():
    assert [c.action for c in CASES] == list(services.MATTER_TRANSITIONS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.action)
def test_a_matter_transition_moves_the_matter_and_writes_the_step(world, case):
    matter = case.build(world)
    actor = world.user(case.actor)
    version = matter.version
    returned = services.matter_transition(actor=actor, matter=matter, action=case.action, expected_version=version)
    assert returned is matter and matter.status == case.new
    assert_step_written(matter, case, actor, version)


def test_a_clerk_claims_for_the_matters_unit(world):
    matter = make_matter(world)
    services.matter_claim(actor=world.village_clerk, matter=matter, expected_version=matter.version)
    stored = PracticalMatter.objects.get(pk=matter.pk)
    assert (stored.status, stored.claimed_by, stored.claimed_unit) == (
        MatterStatus.CLAIMED, world.village_clerk, world.unit("V1"))
    assert stored.lead_leader is None


def test_an_office_claims_for_another_unit_in_its_scope(world):
    matter = make_matter(world)
    services.matter_claim(actor=world.township_office, matter=matter, expected_version=None,
                          claimed_unit=world.unit("V2"))
    assert PracticalMatter.objects.get(pk=matter.pk).claimed_unit == world.unit("V2")


def test_a_member_claims_personally(world):
    matter = make_matter(world)
    services.matter_transition(actor=world.member, matter=matter, action="claim", expected_version=None)
    stored = PracticalMatter.objects.get(pk=matter.pk)
    assert (stored.claimed_by, stored.claimed_unit, stored.lead_leader) == (world.member, None, None)


def test_a_leader_claiming_leads_the_matter(world):
    matter = make_matter(world)
    services.matter_claim(actor=world.county_leader, matter=matter, expected_version=None)
    stored = PracticalMatter.objects.get(pk=matter.pk)
    assert (stored.lead_leader, stored.lead_leader_name, stored.claimed_by) == (
        world.county_leader, str(world.county_leader), world.county_leader)


def test_finishing_records_the_outcome(world):
    matter = make_matter(world, status="in_progress")
    services.matter_transition(actor=world.village_clerk, matter=matter, action="finish", expected_version=None,
                               result="管网改造完成", beneficiaries=320, money=Decimal("45.50"),
                               satisfaction=Decimal("98.5"))
    stored = PracticalMatter.objects.get(pk=matter.pk)
    assert (stored.result, stored.beneficiaries, stored.money, stored.satisfaction, stored.completed_at) == (
        "管网改造完成", 320, Decimal("45.50"), Decimal("98.5"), timezone.localdate())


def test_finishing_keeps_a_result_already_recorded(world):
    matter = _handled(world, "已通水")
    services.matter_transition(actor=world.village_clerk, matter=matter, action="finish", expected_version=None,
                               beneficiaries=12)
    stored = PracticalMatter.objects.get(pk=matter.pk)
    assert (stored.status, stored.result, stored.beneficiaries) == (MatterStatus.DONE, "已通水", 12)


def test_a_satisfaction_over_100_refuses_the_finish_and_writes_nothing(world):
    matter = make_matter(world, status="in_progress")
    with pytest.raises(ValidationFailed, match="满意度"):
        services.matter_transition(actor=world.village_clerk, matter=matter, action="finish", expected_version=None,
                                   result="完成", satisfaction=Decimal("120"))
    stored = PracticalMatter.objects.get(pk=matter.pk)
    assert (stored.status, stored.result, stored.satisfaction) == (MatterStatus.IN_PROGRESS, "", None)
    assert [c[0] for c in status_changes(matter)] == ["claim", "start"]


def test_an_unknown_outcome_field_is_refused(world):
    matter = make_matter(world, status="in_progress")
    with pytest.raises(ValidationFailed, match="不能修改的字段：title"):
        services.matter_transition(actor=None, matter=matter, action="finish", expected_version=None, title="改名")


def test_claiming_for_a_unit_outside_the_scope_is_refused(world):
    matter = make_matter(world)
    with pytest.raises(PermissionDenied, match="名义认领"):
        services.matter_claim(actor=world.village_clerk, matter=matter, expected_version=None,
                              claimed_unit=world.unit("V2"))
    assert PracticalMatter.objects.get(pk=matter.pk).status == MatterStatus.COLLECTING


def test_a_matter_outside_the_scope_does_not_exist_for_the_actor(world):
    matter = make_matter(world)
    with pytest.raises(NotFound):
        services.matter_claim(actor=world.outsider, matter=matter, expected_version=None)


def test_a_member_may_not_start_the_handling(world):
    matter = make_matter(world, status="claimed")
    with pytest.raises(PermissionDenied):
        services.matter_transition(actor=world.member, matter=matter, action="start", expected_version=None)
    with pytest.raises(TransitionRefused, match="未知操作「close」"):
        services.matter_transition(actor=world.village_clerk, matter=matter, action="close", expected_version=None)
