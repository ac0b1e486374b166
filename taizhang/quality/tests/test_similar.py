"""相似问题 while a problem is typed: the most similar problems of the campaign, only from the user's scope."""

from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.tests.factories import problem
from taizhang.quality import selectors

NEAR = ["理论学习不够深入系统，学用结合不紧", "理论学习不够深入系统", "理论学习不够深入、不够系统"]


def _filed(world):
    near = [problem(world, code, title=t) for code, t in zip(("V1", "V2", "T1"), NEAR, strict=True)]
    problem(world, "V3", title="河道保洁责任分工不清，垃圾清运不及时")
    outside = problem(world, "V4", title="理论学习不够深入系统", actor="province_office")
    return near, outside


def test_the_near_problems_of_the_scope_are_offered_best_first(world):
    near, outside = _filed(world)
    hits = selectors.similar_problems(world.county_office, world.campaign(), "理论学习不够深入系统")
    assert hits[0]["problem"].pk == near[1].pk and hits[0]["score"] == 1.0
    assert {h["problem"].pk for h in hits} == {p.pk for p in near}
    assert all(0.3 < h["score"] <= 1 for h in hits)
    assert outside.pk not in [h["problem"].pk for h in hits]


def test_nothing_outside_the_users_scope_is_offered(world):
    near, outside = _filed(world)
    village = selectors.similar_problems(world.village_clerk, world.campaign(), "理论学习不够深入系统")
    assert [h["problem"].pk for h in village] == [near[0].pk]
    province = selectors.similar_problems(world.province_office, world.campaign(), "理论学习不够深入系统")
    assert outside.pk in [h["problem"].pk for h in province]


def test_withdrawn_problems_and_the_problem_being_edited_are_not_offered(world):
    near, _ = _filed(world)
    problem_transition(actor=world.county_office, problem=near[1], action="withdraw", reason="录入错误")
    hits = selectors.similar_problems(world.county_office, world.campaign(), "理论学习不够深入系统",
                                      exclude_pk=near[0].pk)
    assert [h["problem"].pk for h in hits] == [near[2].pk]


def test_at_most_five_are_offered(world):
    for code in ("V1", "V2", "V3", "T1", "T2", "K1", "V1"):
        problem(world, code, title="学习流于形式，满足于读读文件")
    hits = selectors.similar_problems(world.county_office, world.campaign(), "学习流于形式")
    assert len(hits) == 5


def test_an_edited_statement_is_compared_as_it_now_reads(world):
    from taizhang.ledger.services import problem_update

    p = problem(world, "V1", title="河道保洁不及时")
    assert selectors.similar_problems(world.county_office, world.campaign(), "学习流于形式") == []
    problem_update(actor=world.county_office, problem=p, expected_version=p.version, title="学习流于形式")
    assert [h["problem"].pk for h in selectors.similar_problems(world.county_office, world.campaign(),
                                                                "学习流于形式")] == [p.pk]


def test_the_fragment_names_unit_status_and_similarity_and_links_the_problem(world, login):
    near, outside = _filed(world)
    response = login("county_office").get("/quality/similar/", {"campaign": "test-campaign",
                                                                "q": "理论学习不够深入系统"})
    html = response.content.decode()
    assert f"/ledger/p/{near[0].pk}/" in html and near[0].number in html
    assert "东村党支部" in html and "待认领" in html and "%" in html
    assert f"/ledger/p/{outside.pk}/" not in html


def test_the_problem_form_carries_the_suggestion_box(world, login):
    html = login("county_clerk").get("/ledger/new/?campaign=test-campaign").content.decode()
    assert 'id="tz-similar"' in html and "/quality/similar/?campaign=test-campaign" in html
    assert "quality/similar.js" in html


def test_a_very_large_scope_compares_with_the_neighbourhood_of_the_unit_filed_for(world, monkeypatch):
    near, _ = _filed(world)
    far = problem(world, "V3", title="理论学习不够深入系统")
    monkeypatch.setattr(selectors, "LARGE_SCOPE", 0)
    hits = selectors.similar_problems(world.county_office, world.campaign(), "理论学习不够深入系统",
                                      near_unit=world.unit("V1"))
    assert {h["problem"].pk for h in hits} == {p.pk for p in near[:2]} | {near[2].pk}
    assert far.pk not in {h["problem"].pk for h in hits}
