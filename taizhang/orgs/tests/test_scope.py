from taizhang.orgs import permissions as P
from taizhang.orgs.models import Unit
from taizhang.orgs.scope import path_upper_bound, scope_q


def test_path_upper_bound_is_the_next_sibling_prefix():
    assert path_upper_bound("0001") == "0002"
    assert path_upper_bound("000Z") == "001"
    assert path_upper_bound("00010009") == "0001000A"


def _codes(user, action=P.VIEW):
    return set(Unit.objects.filter(scope_q(user, action, "")).values_list("code", flat=True))


def test_county_office_sees_its_county_subtree(world):
    assert _codes(world.county_office) == {"K1", "T1", "V1", "V2", "T2", "V3"}


def test_clerk_without_subunits_sees_only_its_unit(world):
    assert _codes(world.county_clerk) == {"K1"}


def test_inspector_sees_two_unrelated_counties(world):
    assert _codes(world.inspector) == {"K1", "T1", "V1", "V2", "T2", "V3", "K3", "T4", "V5"}


def test_inspector_may_supervise_but_not_change(world):
    assert _codes(world.inspector, P.SUPERVISE)
    assert scope_q(world.inspector, P.CHANGE) is None


def test_three_admins_have_no_business_scope(world):
    for name in ("sysadmin", "secadmin", "auditor"):
        assert scope_q(world.user(name), P.VIEW) is None
