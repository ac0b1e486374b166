"""Lead and co-operating units are chosen among the units the caller may see (issue 17, smaller holes)."""

import json

import pytest

from taizhang.ledger.models import Problem
from taizhang.ledger.tests import factories as F


def post(client, body):
    return client.post("/api/v1/problems", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("field", "value"), [("lead_unit", "K3"), ("co_units", ["T1", "K2"])])
def test_units_outside_the_callers_scope_are_refused_on_create(world, login, field, value):
    body = {"campaign": "test-campaign", "unit": "K1", "title": "越权配合单位", field: value}
    response = post(login("county_office"), body)
    assert response.status_code == 400 and response.json()["field"] == field
    assert "不在您的权限范围内" in response.json()["message"]
    assert not Problem.objects.filter(title="越权配合单位").exists()


def test_units_inside_the_scope_are_accepted(world, login):
    body = {"campaign": "test-campaign", "unit": "K1", "title": "范围内配合", "lead_unit": "T1", "co_units": ["T2"]}
    assert post(login("county_office"), body).status_code == 201


def test_units_outside_the_scope_are_refused_on_update(world, login):
    problem = F.problem(world)
    response = login("county_office").patch(f"/api/v1/problems/{problem.pk}", json.dumps(
        {"version": problem.version, "co_units": ["K3"]}), content_type="application/json")
    assert response.status_code == 400
    assert not problem.co_units.exists()
