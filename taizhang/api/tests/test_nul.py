"""A NUL character in any API input answers a JSON 422 naming it (PostgreSQL answered 500: it cannot store NUL)."""

import json

from taizhang.audit.models import AuditEvent
from taizhang.ledger.models import Problem


def test_a_nul_character_in_a_query_parameter_is_refused(login, world):
    response = login("county_office").get("/api/v1/people", {"q": "张\x00三"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "q", "message": "不能包含空字符（U+0000）"}]
    assert "q" in response.json()["message"]


def test_a_nul_character_in_a_json_body_is_refused_and_nothing_is_stored(login, world):
    client = login("county_office")
    events = AuditEvent.objects.count()
    body = {"campaign": "test-campaign", "unit": "K1", "title": "理论学习\x00不够", "category": "theory"}
    response = client.post("/api/v1/problems", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "title"
    assert not Problem.objects.filter(title__startswith="理论学习").exists()
    assert AuditEvent.objects.count() == events


def test_text_without_nul_still_passes(login, world):
    response = login("county_office").get("/api/v1/people", {"q": "张三"})
    assert response.status_code == 200
