import pytest

from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.orgs import permissions as P
from taizhang.orgs import services
from taizhang.orgs.models import RoleAssignment


@pytest.fixture
def fresh_user(world):
    return services.user_create(actor=world.sysadmin, username="newbie", password="Xy7-qwerty-9",
                                display_name="新同志", unit=world.unit("K1"))


def test_secadmin_grants_a_business_role(world, fresh_user):
    services.role_assign(actor=world.secadmin, user=fresh_user, role=P.CLERK, unit=world.unit("K1"))
    assert fresh_user.assignments.filter(role=P.CLERK).exists()


def test_one_account_cannot_hold_two_of_the_three_admin_roles(world, fresh_user):
    services.role_assign(actor=world.secadmin, user=fresh_user, role=P.SYSADMIN, unit=world.unit("P"))
    with pytest.raises(ValidationFailed) as exc:
        services.role_assign(actor=world.secadmin, user=fresh_user, role=P.AUDITOR, unit=world.unit("P"))
    assert "三员分立" in exc.value.message
    assert list(fresh_user.assignments.values_list("role", flat=True)) == [P.SYSADMIN]


def test_a_three_admin_account_cannot_take_a_business_role(world, fresh_user):
    services.role_assign(actor=world.secadmin, user=fresh_user, role=P.AUDITOR, unit=world.unit("P"))
    with pytest.raises(ValidationFailed) as exc:
        services.role_assign(actor=world.secadmin, user=fresh_user, role=P.OFFICE, unit=world.unit("K1"))
    assert "三员账号不能再授予业务角色" in exc.value.message


def test_a_business_account_cannot_become_a_three_admin(world):
    with pytest.raises(ValidationFailed):
        services.role_assign(actor=world.secadmin, user=world.county_office, role=P.SECADMIN, unit=world.unit("P"))
    assert not RoleAssignment.objects.filter(user=world.county_office, role=P.SECADMIN).exists()


def test_only_the_secadmin_grants_roles(world, fresh_user):
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=world.sysadmin, user=fresh_user, role=P.CLERK, unit=world.unit("K1"))


def test_the_three_admins_see_no_business_data(world):
    from taizhang.campaigns.models import Campaign

    for name in ("sysadmin", "secadmin", "auditor"):
        assert not Campaign.objects.for_user(world.user(name), "any").exists()
        assert not Campaign.objects.for_user(world.user(name), P.VIEW).exists()


def test_phone_numbers_are_masked():
    from taizhang.orgs.models import mask_phone

    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("") == ""
