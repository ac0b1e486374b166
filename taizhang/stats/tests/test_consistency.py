"""The same key gives the same number on the dashboard, in the API, from the CLI and from a snapshot."""

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from taizhang.stats import rollup, snapshots
from taizhang.stats.catalogue import ADDITIVE_KEYS
from taizhang.stats.views import dashboard_context


def test_dashboard_api_and_cli_agree(world, ledger, login):
    unit = world.unit("K1")
    page = dashboard_context(world.county_office, unit, ledger)["metrics"]
    api = login("county_office").get("/api/v1/stats?campaign=test-campaign&unit=K1").json()["metrics"]
    out = StringIO()
    call_command("stats", "--campaign", "test-campaign", "--unit", "K1", "--json", stdout=out)
    cli = json.loads(out.getvalue())
    assert cli["unit"] == "K1" and cli["campaign"] == "test-campaign"
    assert page == api == cli["metrics"]
    assert page["problems.found"] == 7


def test_ranking_api_and_cli_agree(world, ledger, login):
    api = login("inspector").get("/api/v1/stats/ranking?campaign=test-campaign&unit=K1&metric=problems.found").json()
    out = StringIO()
    call_command("rank", "--campaign", "test-campaign", "--unit", "K1", "--metric", "problems.found", "--json",
                 stdout=out)
    assert api["rows"] == json.loads(out.getvalue())["rows"]


def test_a_past_day_reads_its_snapshot(world, ledger):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    snapshots.snapshot_take(ledger, yesterday, levels=4)  # down to the villages
    for code in ("P", "K1", "T1", "V1"):
        unit = world.unit(code)
        live = rollup.stats_for(unit, ledger, keys=list(ADDITIVE_KEYS))
        past = rollup.stats_for(unit, ledger, as_of=yesterday, keys=list(ADDITIVE_KEYS))
        # Counts that do not depend on the day agree with today's live figures.
        for key in ("problems.found", "problems.closed", "study.sessions", "institutions.new", "matters.total"):
            assert past[key] == live[key], (code, key)


def test_snapshot_command_and_missing_day(world, ledger, login):
    out = StringIO()
    call_command("stats", "snapshot", "--campaign", "test-campaign", "--date", "2026-10-01", "--json", stdout=out)
    assert json.loads(out.getvalue())["snapshots"][0]["date"] == "2026-10-01"
    client = login("county_office")
    ok = client.get("/api/v1/stats?campaign=test-campaign&unit=K1&as_of=2026-10-01&keys=problems.found")
    assert ok.status_code == 200 and ok.json()["metrics"] == {"problems.found": 7}
    missing = client.get("/api/v1/stats?campaign=test-campaign&unit=K1&as_of=2026-10-02")
    assert missing.status_code == 400 and "快照" in missing.json()["message"]


def test_unknown_key_is_a_clear_error(world, ledger, login):
    r = login("county_office").get("/api/v1/stats?campaign=test-campaign&unit=K1&keys=problems.nope")
    assert r.status_code == 400 and "problems.nope" in r.json()["message"]


def test_the_dashboard_page_shows_the_children_and_links_to_them(world, ledger, login):
    r = login("county_office").get("/stats/u/K1/?campaign=test-campaign")
    assert r.status_code == 200
    body = r.content.decode()
    assert "/stats/u/T1/" in body and 'id="tz-dashboard-data"' in body and "<script>" not in body
    home = login("county_office").get("/")
    assert "/stats/u/K1/" in home.content.decode()
