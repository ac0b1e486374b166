"""The side menu: one table of every app's entries, shown by role."""

from __future__ import annotations

from taizhang.web.navigation import entries_for


def test_the_menu_shows_each_user_the_entries_of_their_roles(world):
    office = [e["label"] for e in entries_for(world.user("county_office"))]
    assert {"消息", "整改台账", "调研课题", "实事清单", "督办单", "组织架构"} <= set(office)
    assert office.index("消息") < office.index("整改台账") < office.index("组织架构")
    secadmin = {e["label"] for e in entries_for(world.user("secadmin"))}
    assert "角色授权" in secadmin and "整改台账" not in secadmin



def test_every_entry_of_the_menu_names_a_page_once():
    from django.urls import reverse

    from taizhang.web.navigation import _ENTRIES

    assert len({e.label for e in _ENTRIES}) == len({e.url_name for e in _ENTRIES}) == len(_ENTRIES)
    assert all(reverse(e.url_name).startswith("/") for e in _ENTRIES)


def test_the_login_page_names_taizhang_not_the_host(client):
    page = client.get("/login/", HTTP_HOST="testserver").content.decode()
    assert "<title>登录 · 台账</title>" in page and '<div class="tz-login-brand">台账</div>' in page
    assert "testserver" not in page
