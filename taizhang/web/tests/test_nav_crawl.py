"""Every link the navigation offers a role opens for that role: no entry, and no link on the pages the entries
open, answers 4xx (the roles are those the demo prints: offices, leaders and clerks at each level, a member, an
inspector over two counties and the three administrators)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from taizhang.testing import USERS
from taizhang.web.navigation import entries_for

HREF = re.compile(r"""<a\b[^>]*\bhref="(/[^"#]*)""")
# Links that leave the page's own work (downloads are requested too, but these would end the session or change it).
SKIP = re.compile(r"^/(accounts/logout|logout|static/|media/)|[?&](format|download)=")


def _links(html: str) -> list[str]:
    out = []
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        if not SKIP.search(href) and href not in out:
            out.append(href)
    return out


@pytest.mark.parametrize("username", [u[0] for u in USERS if u[0] not in ("outsider", "outsider_office")])
def test_no_link_reachable_from_the_navigation_answers_4xx(world, login, username):
    from taizhang.reports.tests.factories import ledger_data

    ledger_data(world)
    client = login(username)
    home = client.get("/")
    assert home.status_code == 200
    pages = ["/", *[e["url"] for e in entries_for(world.user(username))]]
    broken = []
    seen = set()
    for url in pages:
        response = client.get(url)
        seen.add(url)
        if response.status_code >= 400:
            broken.append(f"nav {url} → {response.status_code}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode())[:60]:
            path = urlsplit(link).path
            if link in seen or path in seen:
                continue
            seen.update({link, path})
            status = client.get(link).status_code
            if status >= 400:
                broken.append(f"{url} → {link} → {status}")
    assert not broken, "\n".join(broken)


def test_only_those_who_may_carry_problems_over_are_offered_it(world, login):
    from taizhang.campaigns.models import Campaign

    Campaign.objects.filter(slug="test-campaign").update(predecessor=Campaign.objects.get(slug="k3-campaign"))
    for username, offered in (("province_office", True), ("township_office", False), ("county_office", False)):
        page = login(username).get("/ledger/?campaign=test-campaign").content.decode()
        assert ("承接上一批问题" in page) is offered, username
        if offered:
            assert login(username).get("/ledger/carry-over/?campaign=test-campaign").status_code == 200


def test_the_menu_offers_no_page_the_role_cannot_open(world):
    labels = {u: {e["label"] for e in entries_for(world.user(u))} for u in ("county_clerk", "auditor", "county_office")}
    assert "统计看板" not in labels["county_clerk"] and "统计看板" in labels["county_office"]
    assert "组织架构" not in labels["auditor"] and labels["auditor"] >= {"操作留痕"}


def test_a_dashboard_without_problems_shows_no_empty_chart_cards(world, login):
    from taizhang.reports.tests.factories import ledger_data

    empty = login("outsider_office").get("/stats/", follow=True).content.decode()
    assert "问题状态分布" not in empty and "问题类别" not in empty and "销号与逾期趋势" not in empty
    ledger_data(world)
    full = login("county_office").get("/stats/", {"campaign": "test-campaign"}, follow=True).content.decode()
    assert "问题状态分布" in full and "红黄绿灯" in full
