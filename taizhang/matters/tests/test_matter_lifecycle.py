"""征集 → 认领 → 办理中 → 已办结; claims from the 需求清单 by members, units and leaders."""

from decimal import Decimal

import pytest

from taizhang.core.exceptions import PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.matters import selectors, services
from taizhang.matters.models import MatterStatus
from taizhang.matters.tests.factories import make_matter


def test_a_matter_walks_the_whole_lifecycle(world):
    matter = make_matter(world)
    services.matter_claim(actor=world.village_clerk, matter=matter, expected_version=matter.version)
    services.matter_transition(actor=world.village_clerk, matter=matter, action="start", expected_version=None)
    services.matter_transition(actor=world.village_clerk, matter=matter, action="finish", expected_version=None,
                               result="管网改造完成", beneficiaries=320, money=Decimal("45.50"),
                               satisfaction=Decimal("98.5"))
    matter.refresh_from_db()
    assert matter.status == MatterStatus.DONE and matter.money == Decimal("45.50") and matter.completed_at
    assert matter.claimed_unit == world.unit("V1")


def test_a_member_claims_from_the_demand_list(world):
    matter = make_matter(world)
    assert matter in selectors.demand_list(world.member)
    services.matter_claim(actor=world.member, matter=matter, expected_version=None)
    matter.refresh_from_db()
    assert matter.status == MatterStatus.CLAIMED and matter.claimed_by == world.member
    assert matter not in selectors.demand_list(world.member)


def test_a_leader_claiming_becomes_the_lead_leader(world):
    matter = make_matter(world)
    services.matter_claim(actor=world.county_leader, matter=matter, expected_version=None)
    matter.refresh_from_db()
    assert matter.lead_leader == world.county_leader


def test_a_claimed_matter_cannot_be_claimed_again(world):
    matter = make_matter(world, status="claimed")
    with pytest.raises(TransitionRefused, match="不能认领"):
        services.matter_claim(actor=world.member, matter=matter, expected_version=None)


def test_an_inspector_cannot_claim(world):
    with pytest.raises(PermissionDenied):
        services.matter_claim(actor=world.inspector, matter=make_matter(world), expected_version=None)


def test_finishing_needs_a_result(world):
    matter = make_matter(world, status="in_progress")
    with pytest.raises(TransitionRefused, match="办理结果"):
        services.matter_transition(actor=world.village_clerk, matter=matter, action="finish", expected_version=None)


def test_it_refuses_to_finish_before_handling(world):
    matter = make_matter(world, status="claimed")
    with pytest.raises(TransitionRefused, match="当前状态为「认领」"):
        services.matter_transition(actor=world.village_clerk, matter=matter, action="finish", expected_version=None,
                                   result="完成")


def test_negative_money_is_refused(world):
    matter = make_matter(world, status="in_progress")
    with pytest.raises(ValidationFailed, match="不能为负数"):
        services.matter_transition(actor=None, matter=matter, action="finish", expected_version=None,
                                   result="完成", money=Decimal("-1"))


def test_a_category_outside_the_campaign_list_is_refused(world):
    with pytest.raises(ValidationFailed, match="实事类别"):
        make_matter(world, category="moonbase")
