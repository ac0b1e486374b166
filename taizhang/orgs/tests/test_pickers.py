"""The unit and person pickers: one look-up selector for the web pickers and the API, fields that accept a unit's
name, and list filters that never widen to every row when a unit cannot be applied."""

from __future__ import annotations

import pytest
from django.urls import reverse

from taizhang.ledger.models import Problem
from taizhang.ledger.tests import factories as F
from taizhang.orgs.fields import UnitsField
from taizhang.orgs.models import Unit
from taizhang.orgs.selectors import path_label, people_lookup, unit_lookup
from taizhang.research.tests.factories import make_topic


def _codes(rows) -> list[str]:
    return [u.code for u in rows]


def _namesakes(world, name="新村党支部"):
    """Two villages of the same name in two townships of 东县 (K1)."""
    a = Unit.objects.add_child(world.unit("T1"), {"code": "V1-N", "name": name, "kind": "branch"})
    b = Unit.objects.add_child(world.unit("T2"), {"code": "V3-N", "name": name, "kind": "branch"})
    return a, b


# --- the selector ------------------------------------------------------------------------------------

def test_units_are_found_by_any_part_of_the_name_short_name_or_code(world):
    Unit.objects.filter(code="V2").update(short_name="鹤岭村")
    office = world.county_office
    assert _codes(unit_lookup(office, "东村")) == ["V1"]
    assert _codes(unit_lookup(office, "鹤岭")) == ["V2"]
    assert _codes(unit_lookup(office, "t1")) == ["T1"]
    assert set(_codes(unit_lookup(office, "村"))) == {"V1", "V2", "V3"}


def test_exact_and_leading_matches_come_first(world):
    Unit.objects.add_child(world.unit("T1"), {"code": "V1-X", "name": "小东村党支部", "kind": "branch"})
    assert _codes(unit_lookup(world.county_office, "东村党支部"))[:2] == ["V1", "V1-X"]


def test_nothing_outside_the_callers_subtree_is_offered(world):
    assert set(_codes(unit_lookup(world.outsider, "村"))) == {"V4"}
    assert _codes(unit_lookup(world.county_office, "中村")) == []
    assert _codes(unit_lookup(world.village_clerk, "镇")) == []
    assert _codes(unit_lookup(world.auditor, "村")) == []


def test_the_look_up_can_be_narrowed_to_units_where_the_user_may_act(world):
    assert set(_codes(unit_lookup(world.county_leader, "村"))) == {"V1", "V2", "V3"}
    assert _codes(unit_lookup(world.county_leader, "村", "create")) == []


def test_each_unit_shows_its_path_to_tell_namesakes_apart(world):
    _namesakes(world)
    labels = [path_label(u) for u in unit_lookup(world.county_office, "新村")]
    assert labels == ["东县县委 › 东镇党委 › 新村党支部", "东县县委 › 西镇党委 › 新村党支部"]
    assert path_label(world.unit("V1")) == "东县县委 › 东镇党委 › 东村党支部"


def test_people_are_found_by_name_or_username_within_the_scope(world):
    office = world.county_office
    assert [u.username for u in people_lookup(office, "village_clerk姓名")] == ["village_clerk"]
    assert "county_clerk" in [u.username for u in people_lookup(office, "clerk")]
    assert "outsider" not in [u.username for u in people_lookup(office, "outsider")]
    theirs = list(people_lookup(world.outsider, "o"))
    assert "outsider" in [u.username for u in theirs]
    assert all(u.unit.path.startswith(world.unit("K2").path) for u in theirs)


# --- the web look-ups and the API ---------------------------------------------------------------------

def test_the_web_picker_reads_the_same_selector(world, login):
    client = login("county_office")
    items = client.get(reverse("orgs:unit_lookup"), {"q": "东村"}).json()["items"]
    assert items == [{"value": "V1", "code": "V1", "name": "东村党支部", "short_name": "",
                      "path_label": "东县县委 › 东镇党委 › 东村党支部"}]
    people = client.get(reverse("orgs:people_lookup"), {"q": "village"}).json()["items"]
    assert people == [{"value": "village_clerk", "username": "village_clerk", "name": "village_clerk姓名",
                       "unit": "V1", "unit_name": "东村党支部"}]
    assert client.get(reverse("orgs:unit_lookup"), {"q": "中村"}).json()["items"] == []


def test_the_api_finds_units_and_people_paged(world, login):
    client = login("county_office")
    page = client.get("/api/v1/units", {"q": "村", "page_size": 2}).json()
    assert page["count"] == 3 and page["has_next"] is True and len(page["items"]) == 2
    first = page["items"][0]
    assert {first["code"], first["name"], first["path_label"]} >= {"V1", "东村党支部", "东县县委 › 东镇党委 › 东村党支部"}
    assert [u["code"] for u in client.get("/api/v1/units").json()["items"]] == ["K1"]  # without q: the roots
    people = client.get("/api/v1/people", {"q": "village"}).json()
    assert people["items"] == [{"username": "village_clerk", "name": "village_clerk姓名", "unit": "V1",
                                "unit_name": "东村党支部"}]
    assert client.get("/api/v1/people", {"q": "outsider"}).json()["count"] == 0


# --- forms ---------------------------------------------------------------------------------------------

def _problem_post(client, unit, **extra):
    data = {"unit_code": unit, "title": "村务公开不及时", "level": "unit", "kind": "deadline", **extra}
    return client.post("/ledger/new/", data)


def test_a_unit_may_be_typed_by_its_full_name(world, login):
    Unit.objects.filter(code="V2").update(name="岭店乡鹤岭村党支部")
    response = _problem_post(login("county_office"), "岭店乡鹤岭村党支部", responsible_name="village_clerk姓名")
    assert response.status_code == 302
    problem = Problem.objects.get(title="村务公开不及时")
    assert problem.unit.code == "V2"
    assert problem.responsible == world.village_clerk  # a name carried by one account in scope links it


def test_an_ambiguous_name_asks_to_pick_from_the_list(world, login):
    _namesakes(world)
    body = _problem_post(login("county_office"), "新村党支部").content.decode()
    assert "「新村党支部」对应多个单位，请从下拉中选择" in body
    assert not Problem.objects.filter(title="村务公开不及时").exists()


def test_a_name_outside_the_scope_is_named_in_the_error(world, login):
    body = _problem_post(login("county_office"), "中村党支部").content.decode()
    assert "单位「中村党支部」不存在或不在您的权限范围内" in body
    assert not Problem.objects.filter(title="村务公开不及时").exists()


def test_co_units_may_be_named_too(world, login):
    _problem_post(login("county_office"), "V1", co_unit_codes="南村党支部，T2")
    problem = Problem.objects.get(title="村务公开不及时")
    assert {u.code for u in problem.co_units.all()} == {"V2", "T2"}


def test_the_unit_widget_shows_the_units_path_and_submits_the_code(world, login):
    body = login("county_office").get(reverse("ledger:create")).content.decode()
    assert 'data-picker="unit"' in body and 'data-picker="person"' in body
    assert 'data-label="测试省委 › 甲市委 › 东县县委"' in body  # the office's own unit, filled in
    assert UnitsField(required=False).clean("V1， 南村党支部、T2") == ["V1", "南村党支部", "T2"]


# --- filters ---------------------------------------------------------------------------------------

def test_a_unique_unit_name_applies_as_the_filter(world, login):
    F.problem(world, "V1", title="东村的问题")
    F.problem(world, "K1", title="县里的问题")
    body = login("county_office").get(reverse("ledger:list"), {"unit": "东村党支部"}).content.decode()
    assert "东村的问题" in body and "县里的问题" not in body


@pytest.mark.parametrize(("typed", "message"), [
    ("不存在的村", "未找到名为「不存在的村」的单位"),
    ("新村党支部", "「新村党支部」对应多个单位，请从下拉中选择"),
])
def test_an_unusable_unit_shows_why_and_no_rows_never_all_rows(world, login, typed, message):
    _namesakes(world)
    F.problem(world, "V1", title="东村的问题")
    make_topic(world, "V1", title="东村课题")
    client = login("county_office")
    response = client.get(reverse("ledger:list"), {"unit": typed})
    body = response.content.decode()
    assert message in body and "东村的问题" not in body
    assert response.context["counts"]["all"] == 0
    topics = client.get(reverse("research:topic_list"), {"unit": typed})
    assert message in topics.content.decode() and "东村课题" not in topics.content.decode()
    assert client.get(reverse("imports:export_kind", args=["problems"]), {"unit": typed}).status_code == 404
    refused = client.get("/api/v1/problems", {"unit": typed})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "unit"
    assert message in refused.json()["message"]


# --- the other forms read the same resolution ------------------------------------------------------

def test_a_supervision_slip_goes_to_a_unit_named_by_its_name(world, login):
    from taizhang.supervision.models import SupervisionSlip

    client = login("county_office")
    client.post("/supervision/new/", {"kind": "notice", "unit_code": "东镇党委", "content": "请抓紧整改"})
    assert SupervisionSlip.objects.get(content="请抓紧整改").target_unit.code == "T1"
    _namesakes(world)
    body = client.post("/supervision/new/", {"kind": "notice", "unit_code": "新村党支部", "content": "再次督办"},
                       follow=True).content.decode()
    assert "「新村党支部」对应多个单位，请从下拉中选择" in body
    assert not SupervisionSlip.objects.filter(content="再次督办").exists()


def test_a_topic_is_registered_for_a_unit_and_leader_named_by_name(world, login):
    from taizhang.research.models import ResearchTopic

    login("county_office").post(reverse("research:topic_create"), {
        "unit_code": "东县县委", "title": "基层减负调研", "direction": "作风建设", "leader_username": "county_leader姓名"})
    topic = ResearchTopic.objects.get(title="基层减负调研")
    assert topic.unit.code == "K1" and topic.lead_leader == world.county_leader


def test_every_list_with_a_unit_filter_offers_the_unit_picker(world, login):
    make_topic(world, "V1", title="东村课题")
    make_topic(world, "K1", title="东县课题")
    client = login("county_office")
    for name in ("research:topic_list", "matters:matter_list", "study:activity_list", "institutions:institution_list",
                 "materials:material_list"):
        body = client.get(reverse(name)).content.decode()
        assert 'id="id_filter_unit" name="unit"' in body and 'data-picker="unit"' in body, name
    body = client.get(reverse("research:topic_list"), {"unit": "东村党支部"}).content.decode()
    assert "东村课题" in body and "东县课题" not in body and 'data-label="东村党支部"' in body
