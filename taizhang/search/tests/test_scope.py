"""Nothing outside the user's scope is found — not in the results, the counts, the snippets or the drop-down —
and the filters narrow inside it."""

import json

import pytest

from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.materials.tests.factories import make_material, make_self_review
from taizhang.search.selectors import grouped, search_entries
from taizhang.search.tests.test_index import found


@pytest.fixture
def two_towns(world):
    """The same words in 东镇 (T1, under the county office's K1) and in 中镇 (T3, the sibling county K2)."""
    ours = make_problem(world, "T1", title="学习流于形式", description="理论学习不够深入系统，东镇机关")
    theirs = make_problem(world, "T3", actor="province_office", title="学习流于形式",
                          description="理论学习不够深入系统，中镇秘密细节")
    return ours, theirs


def test_a_sibling_subtree_is_never_found(world, two_towns):
    ours, theirs = two_towns
    assert found(world.county_office, "理论学习") == {("problem", ours.pk)}
    assert found(world.outsider, "理论学习") == {("problem", theirs.pk)}
    assert found(world.province_office, "理论学习") == {("problem", ours.pk), ("problem", theirs.pk)}


def test_a_village_clerk_finds_only_its_village(world, two_towns):
    mine = make_problem(world, "V1", title="学习流于形式", actor="village_clerk")
    assert found(world.village_clerk, "流于形式") == {("problem", mine.pk)}


def test_the_results_page_shows_no_word_of_another_subtree(login, world, two_towns):
    page = login("county_office").get("/search/", {"q": "理论学习"}).content.decode()
    assert "东镇机关" in page and "<mark>理论学习</mark>" in page
    assert "中镇秘密细节" not in page and "中镇" not in page


def test_the_drop_down_shows_no_word_of_another_subtree(login, world, two_towns):
    html = login("county_office").get("/search/suggest/", {"q": "理论学习"}).content.decode()
    assert "东镇机关" in html and "中镇秘密细节" not in html
    assert "查看全部 1 条结果" in html


def test_the_api_answers_only_the_callers_scope(login, world, two_towns):
    ours, _ = two_towns
    body = json.loads(login("county_office").get("/api/v1/search", {"q": "理论学习"}).content)
    assert body["count"] == 1
    assert [(i["kind"], i["id"]) for i in body["items"]] == [("problem", ours.pk)]
    assert "中镇" not in json.dumps(body, ensure_ascii=False)


def test_an_inspector_finds_in_both_of_its_counties(world):
    k1 = make_problem(world, "T1", title="调研走过场")
    k3 = make_problem(world, "T4", actor="province_office", title="调研走过场")
    k2 = make_problem(world, "T3", actor="province_office", title="调研走过场")
    assert found(world.inspector, "走过场") == {("problem", k1.pk), ("problem", k3.pk)}
    assert ("problem", k2.pk) not in found(world.inspector, "走过场")


def test_a_confidential_material_is_found_only_by_those_who_may_read_it(world):
    review = make_self_review(world)  # 对照检查材料 of the member in V1
    make_material(world, title="查摆问题的经验", body="查摆问题要见人见事")
    assert ("material", review.pk) not in found(world.county_office, "查摆问题")
    assert ("material", review.pk) not in found(world.village_clerk, "查摆问题")
    assert ("material", review.pk) in found(world.township_office, "查摆问题")  # the office of V1's parent


def test_filters_narrow_by_kind_campaign_unit_and_status(world):
    p1 = make_problem(world, "V1", title="基层减负不到位", actor="county_office")
    p2 = make_problem(world, "T2", title="基层减负不到位")
    p3 = make_problem(world, "K3", campaign="k3-campaign", actor="province_office", title="基层减负不到位")
    office = world.province_office
    assert found(office, "基层减负", unit=world.unit("T1")) == {("problem", p1.pk)}
    assert found(office, "基层减负", campaign=world.campaign("k3-campaign")) == {("problem", p3.pk)}
    assert found(office, "基层减负", kind="measure") == set()
    assert found(office, "基层减负", status="pending") == {("problem", p.pk) for p in (p1, p2, p3)}
    assert found(office, "基层减负", status="closed") == set()


def test_counts_per_kind_are_of_the_scope(world, two_towns):
    result = grouped(world.county_office, "理论学习")
    assert result.counts == {"problem": 1}
    assert result.total == 1


def test_an_unknown_query_finds_nothing_rather_than_everything(world, two_towns):
    assert not search_entries(world.province_office, "，。").exists()
