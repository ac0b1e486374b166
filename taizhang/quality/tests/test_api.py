"""The API of 问题质量 (/api/v1/quality): similar problems, quality warnings with reasons and 共性问题 clusters,
each the same answer as the pages' selectors and never anything outside the caller's scope."""

import json

from taizhang.ledger.tests.factories import problem as make_problem


def _get(client, path: str, **params):
    response = client.get(f"/api/v1/quality/{path}", params)
    return response.status_code, json.loads(response.content)


def test_similar_problems_are_the_closest_of_the_callers_scope(world, login):
    near = [make_problem(world, code, title="理论学习不够深入系统，学用结合不紧") for code in ("V1", "V2", "V3")]
    make_problem(world, "T1", title="村务公开栏更新不及时")
    theirs = make_problem(world, "T3", actor="province_office", title="理论学习不够深入系统，学用结合不紧")
    status, body = _get(login("county_office"), "similar", campaign="test-campaign", text="理论学习不够深入系统")
    assert status == 200
    ids = [row["problem"]["id"] for row in body]
    assert set(ids) == {p.pk for p in near}
    assert theirs.pk not in ids
    assert all(row["percent"] >= 15 and row["problem"]["status_label"] == "待认领" for row in body)
    status, body = _get(login("province_office"), "similar", campaign="test-campaign", text="理论学习不够深入系统")
    assert theirs.pk in [row["problem"]["id"] for row in body] and len(body) == 4


def test_a_unit_outside_the_scope_answers_404(world, login):
    make_problem(world, "T3", actor="province_office", title="学习流于形式")
    client = login("county_office")
    for path, params in (("similar", {"text": "学习流于形式", "unit": "T3"}), ("warnings", {"unit": "T3"}),
                         ("clusters", {"unit": "T3"})):
        status, body = _get(client, path, campaign="test-campaign", **params)
        assert status == 404, path
        assert "学习流于形式" not in json.dumps(body, ensure_ascii=False)


def test_warnings_say_why_and_stay_in_the_subtree(world, login):
    ours = make_problem(world, "V1", title="XX村理论学习不够深入", responsible_name="")
    theirs = make_problem(world, "T3", actor="province_office", title="某某镇学习流于形式")
    status, body = _get(login("county_office"), "warnings", campaign="test-campaign")
    assert status == 200
    rows = {row["problem"]["id"]: row for row in body["items"]}
    assert theirs.pk not in rows
    kinds = {f["kind"]: f for f in rows[ours.pk]["findings"]}
    assert {"placeholder", "no_responsible"} <= set(kinds)
    assert "XX" in kinds["placeholder"]["why"] and kinds["placeholder"]["label"] == "模板占位符未替换"
    status, body = _get(login("county_office"), "warnings", campaign="test-campaign", kind="no_responsible")
    assert {f["kind"] for row in body["items"] for f in row["findings"]} == {"no_responsible"}
    status, body = _get(login("county_office"), "warnings", campaign="test-campaign", kind="nonsense")
    assert status in (400, 422) and "nonsense" in json.dumps(body, ensure_ascii=False)


def test_clusters_of_a_units_subtree(world, login):
    members = [make_problem(world, code, title="学习流于形式，满足于读读文件") for code in ("V1", "V2", "V3")]
    make_problem(world, "V1", title="村级活动场所利用率低")
    status, body = _get(login("county_office"), "clusters", campaign="test-campaign", unit="K1")
    assert status == 200
    assert body["count"] == 1
    cluster = body["items"][0]
    assert cluster["size"] == 3 and sorted(cluster["problem_ids"]) == sorted(p.pk for p in members)
    assert cluster["representative"]["title"] == "学习流于形式，满足于读读文件"
    assert {u["unit"] for u in cluster["units"]} == {"V1", "V2", "V3"}
    assert cluster["statuses"] == [{"status": "pending", "label": "待认领", "count": 3}]
    status, body = _get(login("county_office"), "clusters", campaign="test-campaign", unit="K1", min_units=4)
    assert body["count"] == 0
