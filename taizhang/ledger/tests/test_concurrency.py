"""Optimistic locking: of two editors who loaded the same version, exactly one saves."""

import pytest

from taizhang.core.exceptions import Conflict
from taizhang.ledger import services
from taizhang.ledger.models import Problem
from taizhang.ledger.tests import factories as F


def test_two_editors_of_one_record_get_exactly_one_conflict(world):
    p = F.problem(world)
    first, second = Problem.objects.get(pk=p.pk), Problem.objects.get(pk=p.pk)
    outcomes = []
    for copy, actor, title in ((first, world.county_office, "甲的修改"), (second, world.county_clerk, "乙的修改")):
        try:
            services.problem_update(actor=actor, problem=copy, expected_version=copy.version, title=title)
            outcomes.append("saved")
        except Conflict as exc:
            outcomes.append(exc.message)
    assert outcomes[0] == "saved"
    assert outcomes[1].startswith(f"该记录已被 {world.county_office.username} 于")
    assert Problem.objects.get(pk=p.pk).title == "甲的修改"


def test_the_edit_form_keeps_the_users_input_on_conflict(world, login):
    p = F.problem(world)
    stale = p.version
    services.problem_update(actor=world.county_office, problem=p, expected_version=stale, target="先到者")
    response = login("county_clerk").post(f"/ledger/p/{p.pk}/edit/", {
        "unit_code": "K1", "title": "我刚输入的标题", "level": "unit", "kind": "deadline",
        "deadline": "2026-12-31", "version": stale})
    assert response.status_code == 200
    body = response.content.decode()
    assert "该记录已被 county_office 于" in body and "我刚输入的标题" in body


def test_the_api_answers_409_on_a_stale_version(world, login):
    p = F.problem(world)
    client = login("county_office")
    url = f"/api/v1/problems/{p.pk}"
    ok = client.patch(url, {"version": p.version, "title": "新标题"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == p.version + 1
    stale = client.patch(url, {"version": p.version, "title": "旧版本上的修改"}, content_type="application/json")
    assert stale.status_code == 409 and "该记录已被" in stale.json()["message"]


@pytest.mark.parametrize("action", ["accept"])
def test_a_transition_with_a_stale_version_conflicts(world, action):
    from taizhang.ledger.lifecycle import problem_transition

    p = F.problem(world)
    services.problem_update(actor=world.county_office, problem=p, expected_version=p.version, target="改")
    with pytest.raises(Conflict):
        problem_transition(actor=world.county_office, problem=p, action=action, expected_version=1)
