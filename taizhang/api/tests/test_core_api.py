from taizhang.api.tests.helpers import items
from taizhang.orgs import services


def test_me_lists_the_users_roles(login, world):
    body = login("inspector").get("/api/v1/me").json()
    assert body["username"] == "inspector"
    assert {a["unit"] for a in body["assignments"]} == {"K1", "K3"}


def test_a_bearer_token_authenticates(client, world):
    _, key = services.token_create(actor=world.county_office, name="脚本")
    response = client.get("/api/v1/units/K1/children", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert [(u["code"], u["parent"]) for u in items(response)] == [("T1", "K1"), ("T2", "K1")]


def test_a_revoked_token_is_refused_with_a_chinese_message(client, world):
    token, key = services.token_create(actor=world.county_office, name="脚本")
    services.token_revoke(actor=world.county_office, token=token)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    assert response.json()["message"] == "未登录或令牌无效"


def test_a_unit_outside_scope_answers_404_with_a_message(login, world):
    response = login("outsider").get("/api/v1/units/V1")
    assert response.status_code == 404
    assert "不在您的权限范围内" in response.json()["message"]


def test_subtree_is_limited_in_depth(login, world):
    rows = items(login("province_office").get("/api/v1/units/P/tree?depth=1"))
    assert [(r["code"], r["parent"], r["depth"]) for r in rows] == [("P", None, 1), ("C1", "P", 2), ("C2", "P", 2)]


def test_roots_and_detail_name_the_parent(login, world):
    assert [(u["code"], u["parent"]) for u in items(login("inspector").get("/api/v1/units"))] == [
        ("K1", "C1"), ("K3", "C2")]
    body = login("county_office").get("/api/v1/units/T1").json()
    assert (body["code"], body["parent"], body["children"], body["kind_label"]) == ("T1", "K1", 2, "乡镇街道")


def test_me_names_the_unit_and_role_labels(login, world):
    body = login("county_clerk").get("/api/v1/me").json()
    assert body["unit"] == "K1"
    assert [(a["role"], a["role_label"], a["unit"], a["unit_name"]) for a in body["assignments"]] == [
        ("clerk", "经办人", "K1", world.unit("K1").name)]


def test_campaigns_are_listed_as_a_page(login, world):
    rows = items(login("county_office").get("/api/v1/campaigns"))
    assert "test-campaign" in {c["slug"] for c in rows}
    row = next(c for c in rows if c["slug"] == "test-campaign")
    assert (row["root_unit"], row["predecessor"]) == (world.campaign().root_unit.code, None)


def test_campaign_detail_carries_its_code_lists(login, world):
    body = login("county_office").get("/api/v1/campaigns/test-campaign").json()
    assert [c["label"] for c in body["codes"]["problem_category"]] == [
        "理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"]
    assert [s["name"] for s in body["stages"]] == list(world.campaign().stages.values_list("name", flat=True))


def test_openapi_schema_is_served(client, world):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/problems"]["get"]["parameters"]}
    assert {"campaign", "unit", "status", "light", "overdue", "q", "sort", "page", "page_size"} <= params
    page = schema["components"]["schemas"]["PagedProblemOut"]
    assert set(page["properties"]) == {"count", "count_capped", "page", "page_size", "has_next", "items"}


def test_invalid_parameters_are_named_in_chinese(login, world):
    response = login("county_office").get("/api/v1/problems", {"overdue": "maybe", "page": "x"})
    assert response.status_code == 422
    assert response.json()["message"] == "参数无效：overdue、page"
    assert response.json()["errors"] == [{"field": "overdue", "message": "应为 true 或 false"},
                                         {"field": "page", "message": "应为整数"}]
