"""A clerk assigned to a campaign's root unit without its subunits holds only that unit's problems: the ledger
list and its export must not treat the root unit as the whole campaign (found by the load test, issue 17)."""

from datetime import date
from io import BytesIO

import openpyxl
import pytest

from taizhang.campaigns.services import campaign_create
from taizhang.ledger.tests import factories as F


@pytest.fixture
def county_campaign(world):
    campaign_create(actor=None, name="东县专项整治", slug="k1-campaign", root_unit=world.unit("K1"),
                    kind="special_rectification", start_date=date(2026, 9, 1), end_date=date(2026, 12, 31))
    own = F.problem(world, "K1", campaign="k1-campaign", title="县委本级会议文件过多")
    below = F.problem(world, "T1", campaign="k1-campaign", title="东镇填表报数负担重")
    return own, below


def _exported_titles(response) -> set[str]:
    sheet = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True).active
    return {cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)}


def test_the_root_units_clerk_lists_only_the_root_units_problems(county_campaign, login):
    own, below = county_campaign
    page = login("county_clerk").get("/ledger/?campaign=k1-campaign").content.decode()
    assert own.title in page and below.title not in page


def test_the_root_units_clerk_exports_only_the_root_units_problems(county_campaign, login):
    own, below = county_campaign
    titles = _exported_titles(login("county_clerk").get("/excel/export/?campaign=k1-campaign"))
    assert own.title in titles and below.title not in titles


def test_the_county_office_still_lists_and_exports_the_whole_campaign(county_campaign, login):
    own, below = county_campaign
    client = login("county_office")
    page = client.get("/ledger/?campaign=k1-campaign").content.decode()
    assert own.title in page and below.title in page
    assert {own.title, below.title} <= _exported_titles(client.get("/excel/export/?campaign=k1-campaign"))
