"""bench.pages times the pages people open most for offices at several levels, with the database's sizes and the
plans of the slowest statements (the figures of docs/scaling.md). Here it runs on the test world: every page it
lists must answer each account, and what it reports must be what it measured."""

import json

import pytest

from bench import pages
from taizhang.ledger.tests.factories import with_progress


@pytest.mark.django_db
def test_every_listed_page_answers_each_office_and_the_slowest_come_with_their_plans(world, capsys):
    problem = with_progress(world, "V1", actor="village_clerk")
    code = pages.main(["--campaign", "test-campaign", "--repeat", "1", "--explain", "2", "--json"])
    result = json.loads(capsys.readouterr().out)

    assert code == 0
    assert result["errors"] == []
    accounts = {p["account"] for p in result["pages"]}
    assert {"root office", "level 2 office"} <= accounts
    root_pages = {p["page"] for p in result["pages"] if p["account"] == "root office"}
    assert {name for name, _ in pages.PAGES} == root_pages
    dashboard = next(p for p in result["pages"] if p["account"] == "root office" and p["page"] == "看板")
    assert dashboard["url"].startswith("/stats/u/P/") and dashboard["queries"] > 0
    assert dashboard["slowest_sql"] and dashboard["slowest_sql_ms"] <= dashboard["sql_ms"]
    detail = next(p for p in result["pages"] if p["account"] == "root office" and p["page"] == "问题详情")
    assert detail["url"] == f"/ledger/p/{problem.pk}/"
    planned = [p for p in result["pages"] if "plan" in p]
    assert len(planned) == 2 and all(p["plan"] for p in planned if p["slowest_sql"].lstrip().upper()
                                     .startswith(("SELECT", "WITH")))
    assert result["slowest"][0][2] == max(p["ms"] for p in result["pages"])
    assert result["sizes"]["database_mb"] > 0
