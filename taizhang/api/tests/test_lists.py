"""Every list route reads a page in a fixed number of queries, however many rows the page holds."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.institutions.tests.factories import make_institution
from taizhang.ledger.tests import factories as F
from taizhang.materials.tests.factories import make_material
from taizhang.matters.tests.factories import make_matter
from taizhang.research.tests.factories import make_topic, make_visit
from taizhang.study.tests.factories import make_activity
from taizhang.supervision.tests.factories import slip


def _institution(world, n):
    return make_institution(world, doc_number=f"东办发〔2026〕{n}号")


LISTS = [
    ("/api/v1/problems?campaign=test-campaign", lambda w, n: F.problem(w, title=f"问题{n}")),
    ("/api/v1/research/topics", lambda w, n: make_topic(w, title=f"课题{n}")),
    ("/api/v1/research/visits", lambda w, n: make_visit(w, day=date(2026, 10, n + 1))),
    ("/api/v1/matters/", lambda w, n: make_matter(w, title=f"实事{n}")),
    ("/api/v1/study/activities", lambda w, n: make_activity(w, title=f"活动{n}")),
    ("/api/v1/institutions/", _institution),
    ("/api/v1/materials/", lambda w, n: make_material(w, "K1", author="county_office", title=f"材料{n}")),
    ("/api/v1/supervision/slips", lambda w, n: slip(w)),
]


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(url).json()
    return len(ctx), len(body["items"])


@pytest.mark.parametrize(("url", "make"), LISTS, ids=[u for u, _ in LISTS])
def test_a_list_reads_a_page_without_a_query_per_row(world, login, url, make):
    client = login("county_office")
    make(world, 1)
    one, rows = _queries(client, url)
    make(world, 2)
    make(world, 3)
    three, more = _queries(client, url)
    assert (rows, more) == (1, 3) and three == one
