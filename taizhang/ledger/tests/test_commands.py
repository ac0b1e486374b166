"""taizhang problems list|transition and taizhang campaign carry-over."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from taizhang.campaigns.services import campaign_create
from taizhang.ledger.models import Problem
from taizhang.ledger.tests import factories as F


def run(*args) -> dict:
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_list_prints_problems_of_a_unit_subtree(world):
    F.problem(world, "V1", title="东村问题")
    F.problem(world, "K2", actor="province_office", title="中县问题")
    data = run("problems", "list", "--campaign", "test-campaign", "--unit", "K1")
    assert [p["title"] for p in data["problems"]] == ["东村问题"]
    assert set(data["problems"][0]) >= {"number", "title", "status", "light", "unit", "deadline"}


def test_transition_as_a_user(world):
    p = F.problem(world)
    data = run("problems", "transition", p.number, "accept", "--as", "county_clerk", "--campaign", "test-campaign")
    assert data["problem"]["status"] == "in_progress"


def test_a_refused_transition_exits_1_with_the_reason(world):
    p = F.problem(world)
    with pytest.raises(CommandError, match="不能审核通过") as exc:
        call_command("problems", "transition", p.number, "approve", "--as", "county_office", stdout=StringIO())
    assert exc.value.returncode == 1


def _refused(*args) -> str:
    with pytest.raises(CommandError) as exc:
        call_command("problems", "transition", *args, "--campaign", "test-campaign", stdout=StringIO())
    assert exc.value.returncode == 1
    return str(exc.value)


def test_the_requester_cannot_approve_from_the_command_line(world):
    p = F.in_review(world, requester="county_office")
    assert "申请人不能审核" in _refused(p.number, "approve", "--as", "county_office")


def test_a_clerk_cannot_approve_from_the_command_line(world):
    p = F.in_review(world, requester="county_office")
    assert "权限" in _refused(p.number, "approve", "--as", "county_clerk")


def test_a_closure_request_without_progress_is_refused(world):
    p = F.accepted(world)
    assert "至少填报一次整改进展" in _refused(p.number, "request-closure", "--as", "county_clerk")


def test_carry_over_is_idempotent(world):
    first = world.campaign()
    F.accepted(world)
    F.closed(world)
    campaign_create(actor=None, name="第二批", slug="second", root_unit=world.unit("P"),
                    start_date=first.start_date, end_date=first.end_date, predecessor=first)
    assert run("campaign", "carry-over", "--from", "test-campaign", "--to", "second")["copied"] == 1
    again = run("campaign", "carry-over", "--from", "test-campaign", "--to", "second")
    assert (again["copied"], again["skipped_already_carried"]) == (0, 1)
    assert Problem.objects.filter(campaign__slug="second").count() == 1


def test_demo_step_generates_every_state(world):
    import random
    from datetime import date

    from taizhang.demo.generator import DemoContext
    from taizhang.demo.steps import ledger as demo

    ctx = DemoContext(size="small", seed=1, today=date(2026, 11, 1), rng=random.Random(1))
    ctx.campaign = world.campaign()
    ctx.units_by_level = {"county": [world.unit("K1")], "township": [world.unit("T1")],
                          "village": [world.unit("V1"), world.unit("V2")]}
    ctx.users_by_unit = {world.unit("K1").pk: {"office": world.county_office, "clerk": world.county_clerk}}
    demo.generate(ctx)
    statuses = set(Problem.objects.filter(campaign=ctx.campaign).values_list("status", flat=True))
    assert statuses == {"pending", "in_progress", "review", "closed", "withdrawn"}
    assert ctx.counts["problems"] == 300 and ctx.counts["measures"] > 300
