"""Every API error is JSON with the right status (issue 17, smaller holes: 508 of 512 server errors a fuzzer
found were out-of-range page numbers)."""

import pytest

from taizhang.ledger.tests import factories as F


@pytest.mark.parametrize("query", ["page=-1", "page=0", "page=100000000000000000000", "page_size=-5",
                                   "page_size=100000000000000000000", "page=abc"])
def test_out_of_range_paging_answers_a_json_422(login, world, query):
    response = login("county_office").get(f"/api/v1/problems?campaign=test-campaign&{query}")
    assert response.status_code == 422 and response["Content-Type"].startswith("application/json")
    assert "参数无效" in response.json()["message"]


def test_the_largest_page_answers_an_empty_page(login, world):
    response = login("county_office").get("/api/v1/problems?campaign=test-campaign&page=1000000&page_size=200")
    assert response.status_code == 200 and response.json()["items"] == []


def test_an_unknown_api_route_answers_json(login, world):
    response = login("county_office").get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.json()["message"].startswith("页面不存在")


def test_the_dossier_of_a_problem_with_co_operating_units(login, world):
    problem = F.problem(world, co_units=[world.unit("T1"), world.unit("T2")])
    response = login("county_office").get(f"/api/v1/dossier/problems/{problem.pk}")
    assert response.status_code == 200
    assert sorted(response.json()["problem"]["co_units"]) == sorted([world.unit("T1").pk, world.unit("T2").pk])


@pytest.mark.parametrize("extra", [{"status": "closed"}, {"number": "ZG-9999"}, {"titel": "拼错的字段"}])
def test_a_body_with_fields_outside_the_schema_is_refused(login, world, extra):
    import json

    from taizhang.ledger.models import Problem

    body = {"campaign": "test-campaign", "unit": "K1", "title": "多余字段", **extra}
    response = login("county_office").post("/api/v1/problems", json.dumps(body), content_type="application/json")
    assert response.status_code == 422 and next(iter(extra)) in response.json()["message"]
    assert not Problem.objects.filter(title="多余字段").exists()
