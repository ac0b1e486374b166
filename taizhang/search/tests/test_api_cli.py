"""GET /api/v1/search and `taizhang search`."""

import json

import pytest
from django.core.management import CommandError, call_command

from taizhang.ledger.tests.factories import problem as make_problem


@pytest.fixture
def problems(world):
    return [make_problem(world, "T1", title=f"形式主义问题{i}", description="文山会海，基层负担重") for i in range(3)]


def test_the_api_pages_like_every_list(login, world, problems):
    body = json.loads(login("county_office").get("/api/v1/search", {"q": "文山会海", "page_size": 2}).content)
    assert body["count"] == 3 and body["page_size"] == 2 and body["has_next"] is True
    item = body["items"][0]
    assert item["kind"] == "problem" and item["unit"] == "T1" and item["campaign"] == "test-campaign"
    assert "<mark>文山会海</mark>" in item["snippet"] and item["url"].startswith("/ledger/p/")
    assert item["status"] == "pending" and item["status_label"] == "待认领"


@pytest.mark.parametrize(("params", "message"), [
    ({}, "缺少必填参数：q"),
    ({"q": "，"}, "没有可检索的词语"),
    ({"q": "文山会海", "kind": "nope"}, "「类型」的值「nope」无效"),
    ({"q": "文山会海", "unit": "K3"}, "不在您的权限范围内"),
    ({"q": "文山会海", "page": 0}, "参数无效：page"),
])
def test_bad_parameters_answer_a_json_422_in_chinese(login, world, params, message):
    response = login("county_office").get("/api/v1/search", params)
    assert response.status_code == 422
    assert message in response.json()["message"]


def test_the_command_prints_json(world, problems, capsys):
    call_command("search", "文山会海", "--campaign", "test-campaign", "--unit", "T1", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["count"] == 3 and out["counts"] == {"problem": 3}
    assert {i["id"] for i in out["items"]} == {p.pk for p in problems}
    assert "【文山会海】" in out["items"][0]["snippet"]


def test_the_command_searches_as_a_user_with_user(world, problems, capsys):
    call_command("search", "文山会海", "--user", "outsider", "--json")
    assert json.loads(capsys.readouterr().out)["count"] == 0


def test_the_command_narrows_to_a_unit(world, problems, capsys):
    call_command("search", "文山会海", "--unit", "T2", "--json")
    assert json.loads(capsys.readouterr().out)["count"] == 0


@pytest.mark.parametrize(("args", "message"), [
    (["reindex", "--campaign", "test-campaign"], "reindex 不接受"),
    (["，"], "没有可检索的词"),
    (["文山会海", "--kind", "nope"], "参数 --kind 的取值"),
])
def test_usage_errors_exit_2_in_chinese(world, args, message):
    with pytest.raises(CommandError) as exc:
        call_command("search", *args)
    assert exc.value.returncode == 2 and message in str(exc.value)


def test_an_unknown_campaign_exits_1(world):
    with pytest.raises(CommandError) as exc:
        call_command("search", "文山会海", "--campaign", "nope")
    assert exc.value.returncode == 1 and "专项工作「nope」不存在" in str(exc.value)
