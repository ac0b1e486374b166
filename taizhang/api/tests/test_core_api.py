from taizhang.orgs import services


def test_me_lists_the_users_roles(login, world):
    body = login("inspector").get("/api/v1/me").json()
    assert body["username"] == "inspector"
    assert {a["unit"] for a in body["assignments"]} == {"K1", "K3"}


def test_a_bearer_token_authenticates(client, world):
    _, key = services.token_create(actor=world.county_office, name="脚本")
    response = client.get("/api/v1/units/K1/children", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert [u["code"] for u in response.json()] == ["T1", "T2"]


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
    rows = login("province_office").get("/api/v1/units/P/tree?depth=1").json()
    assert [r["code"] for r in rows] == ["P", "C1", "C2"]
    assert rows[1]["parent"] == "P"


def test_campaign_detail_carries_its_code_lists(login, world):
    body = login("county_office").get("/api/v1/campaigns/test-campaign").json()
    assert [c["label"] for c in body["codes"]["problem_category"]] == [
        "理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"]


def test_openapi_schema_is_served(client, world):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]
