"""The side menu gathers the entries every app declares as data."""

from __future__ import annotations

from django.apps import apps

from taizhang.web.navigation import entries_for


def test_every_app_declaring_a_menu_is_loaded_with_its_own_config():
    assert apps.get_app_config("research").verbose_name == "调查研究"
    assert apps.get_app_config("orgs").verbose_name == "组织与用户"


def test_the_menu_shows_each_user_the_entries_of_their_roles(world):
    office = [e["label"] for e in entries_for(world.user("county_office"))]
    assert {"消息", "整改台账", "调研课题", "实事清单", "督办单", "组织架构"} <= set(office)
    assert office.index("消息") < office.index("整改台账") < office.index("组织架构")
    secadmin = {e["label"] for e in entries_for(world.user("secadmin"))}
    assert "角色授权" in secadmin and "整改台账" not in secadmin
