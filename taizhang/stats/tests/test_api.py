"""/api/v1/stats: the catalogue is a page like every list; a ranking row names the unit by code and name."""

from taizhang.api.tests.helpers import items
from taizhang.ledger.tests import factories as F
from taizhang.stats.catalogue import METRICS


def test_the_catalogue_is_a_page_of_metrics(world, login):
    rows = items(login("county_office").get("/api/v1/stats/catalogue", {"page_size": 200}))
    first = METRICS[0]
    assert len(rows) == min(len(METRICS), 200)
    assert rows[0] == {"key": first.key, "label": first.label, "unit": first.unit, "group": first.group,
                       "additive": first.additive, "description": first.description}


def test_a_ranking_row_names_the_unit(world, login):
    F.problem(world, "T1")
    body = login("county_office").get("/api/v1/stats/ranking", {"campaign": "test-campaign", "unit": "K1",
                                                                 "metric": "problems.found"}).json()
    assert body["rows"][0] == {"rank": 1, "unit": "T1", "unit_name": world.unit("T1").name, "value": 1}
