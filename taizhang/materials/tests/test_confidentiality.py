"""对照检查材料 and personal materials: author, the unit's office and granted leaders only."""

import pytest

from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.materials import selectors, services
from taizhang.materials.tests.factories import make_material, make_self_review


def _sees(user, material) -> bool:
    return selectors.materials_visible(user).filter(pk=material.pk).exists()


def test_a_self_review_is_invisible_to_a_clerk_of_the_same_unit_and_the_inspector(world):
    material = make_self_review(world)
    assert material.confidential
    assert _sees(world.member, material)
    assert _sees(world.township_office, material)
    for name in ("village_clerk", "inspector", "county_leader", "county_office", "outsider"):
        assert not _sees(world.user(name), material), name


def test_a_granted_leader_sees_it_and_loses_it_on_revoke(login, world):
    material = make_self_review(world)
    services.material_grant(actor=world.member, material=material, grantee=world.county_leader)
    assert _sees(world.county_leader, material)
    assert login("county_leader").get(f"/materials/{material.pk}/").status_code == 200
    assert not _sees(world.inspector, material)
    services.material_revoke(actor=world.township_office, material=material, grantee=world.county_leader)
    assert not _sees(world.county_leader, material)


def test_the_web_page_and_api_answer_404_to_the_clerk(login, world):
    material = make_self_review(world)
    assert login("village_clerk").get(f"/materials/{material.pk}/").status_code == 404
    assert login("village_clerk").get(f"/api/v1/materials/{material.pk}").status_code == 404
    assert material.title not in login("village_clerk").get("/materials/").content.decode()


def test_only_leaders_can_be_granted(world):
    material = make_self_review(world)
    with pytest.raises(ValidationFailed, match="不是该单位的领导"):
        services.material_grant(actor=world.member, material=material, grantee=world.inspector)


def test_a_clerk_cannot_grant(world):
    material = make_self_review(world)
    with pytest.raises(PermissionDenied):
        services.material_grant(actor=world.village_clerk, material=material, grantee=world.county_leader)


def test_a_personal_reflection_is_confidential_too(world):
    material = make_material(world, author="member", genre="reflection", personal=True)
    assert material.confidential and not _sees(world.village_clerk, material)


def test_ordinary_materials_follow_scope(world):
    material = make_material(world)
    assert _sees(world.inspector, material) and _sees(world.county_office, material)
    assert not _sees(world.outsider, material)


def test_confidential_materials_stay_out_of_compilations(world):
    comp = services.compilation_create(actor=world.county_office, campaign=world.campaign(), unit=world.unit("K1"),
                                       title="汇编")
    with pytest.raises(ValidationFailed, match="保密"):
        services.compilation_add(actor=world.county_office, compilation=comp, material=make_self_review(world))


def test_the_cli_leaves_confidential_materials_out(world, capsys):
    import json

    from django.core.management import call_command

    make_self_review(world)
    make_material(world)
    call_command("materials", "list", "--campaign", "test-campaign", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == 1 and not out["items"][0]["confidential"]
