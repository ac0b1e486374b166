"""The leader's and the office's home page show the figures they are judged by — red lights, overdue, closure
requests waiting for review, the rectification rate against the parent unit's — each with its trend over the
daily snapshots and a link to exactly the problems it counts."""

from datetime import timedelta

from django.utils import timezone

from taizhang.dashboard.selectors import judged_figures
from taizhang.ledger.tests import factories as F
from taizhang.stats import snapshots


def _world_with_history(world):
    campaign = world.campaign()
    F.accepted(world, "T1", deadline=F.overdue_by(10))
    F.in_review(world, "V1", requester="village_clerk", actor="village_clerk")
    F.closed(world, "K1")
    snapshots.snapshot_take(campaign, timezone.localdate() - timedelta(days=7), levels=4)
    F.accepted(world, "T2", deadline=F.overdue_by(1))  # one more red light since last week
    F.problem(world, "K2", actor="province_office")
    return campaign


def test_the_figures_carry_value_trend_link_and_the_parent_rate(world):
    campaign = _world_with_history(world)
    figures = {f["key"]: f for f in judged_figures(world.unit("K1"), campaign)}
    red = figures["problems.red"]
    assert (red["value"], red["delta"], red["worse"]) == (2, 1, True)
    assert red["spark"] and red["url"] == "/ledger/?campaign=test-campaign&unit=K1&metric=problems.red"
    assert figures["problems.review"]["value"] == 1
    rate = figures["problems.close_rate"]
    assert rate["parent_name"] == "甲市委" and rate["value"] == 25.0 and rate["parent_value"] == 20.0


def test_the_leader_sees_them_on_the_home_page_and_each_leads_to_its_problems(world, login):
    _world_with_history(world)
    client = login("county_leader")
    body = client.get("/").content.decode()
    assert "data-judged" in body and "较7天前 +1" in body and "甲市委：20.0%" in body
    listed = client.get("/ledger/?campaign=test-campaign&unit=K1&metric=problems.red")
    assert listed.context["page"]["total"] == 2


def test_a_clerk_home_page_has_no_judged_figures(world, login):
    _world_with_history(world)
    assert "data-judged" not in login("village_clerk").get("/").content.decode()
