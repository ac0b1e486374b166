"""List filters (taizhang.core.filters) and the list shape: one definition read by the page, its export and the API."""

from __future__ import annotations

import io

import pytest
from django.http import QueryDict
from django.urls import reverse
from python_calamine import CalamineWorkbook

from taizhang.core.exceptions import ValidationFailed
from taizhang.ledger.filters import ProblemFilters
from taizhang.matters.filters import MatterFilter
from taizhang.matters.tests.factories import make_matter
from taizhang.orgs.filters import NO_UNIT
from taizhang.research.filters import TopicFilter
from taizhang.research.tests.factories import make_topic


def test_a_filter_reads_a_query_string_into_values(world):
    f = TopicFilter.from_params(world.user("county_office"), QueryDict("status=taken&unit=T1"))
    assert f.status == "taken" and f.unit.code == "T1" and f.errors == {}
    assert f.values() == {"unit": world.unit("T1"), "status": "taken", "metric": ""}
    assert f.params() == {"unit": "T1", "status": "taken"}


def test_a_choice_may_be_given_by_its_chinese_label(world):
    assert MatterFilter.from_params(world.user("county_office"), {"status": "已办结"}).status == "done"


def test_unusable_values_are_left_out_and_named_in_chinese(world):
    f = TopicFilter.from_params(world.user("county_office"), {"status": "bogus", "unit": "K2"})
    # an unusable status is ignored; an unusable unit narrows the list to nothing (see test_unit_filters.py)
    assert (f.status, f.unit) == ("", NO_UNIT)
    assert f.errors["status"].startswith("「状态」的值「bogus」无效，可选：")
    assert f.errors["unit"] == "「单位」：未找到名为「K2」的单位，或该单位不在您的权限范围内"
    assert f.blocked and f.notice == f.errors["unit"] and f.params() == {"unit": "K2"}


def test_strict_parsing_raises_with_every_field_named(world):
    with pytest.raises(ValidationFailed) as caught:
        TopicFilter.from_params(world.user("county_office"), {"status": "bogus", "unit": "K2"}, strict=True)
    assert set(caught.value.errors) == {"status", "unit"}


def test_the_ledger_filter_checks_codes_against_the_campaigns_lists(world):
    campaign = world.campaign()
    value, label = campaign.code_choices("problem_category")[0]
    user = world.user("county_office")
    f = ProblemFilters.from_params(user, {"category": label, "overdue": "on", "sort": "-deadline"}, campaign=campaign)
    assert (f.category, f.overdue, f.sort) == (value, True, "-deadline")
    assert f.problem_filter().category == value
    assert "category" in ProblemFilters.from_params(user, {"category": "nonsense"}, campaign=campaign).errors
    assert ProblemFilters.from_params(user, {}).sort == "number"


# --- the list shape --------------------------------------------------------------------------------

def test_a_list_page_and_its_export_hold_the_same_rows_for_the_same_query(world, login):
    make_topic(world, "K1", title="东县课题")
    make_topic(world, "V1", title="东村课题")
    client = login("county_office")
    query = {"campaign": "test-campaign", "unit": "V1"}
    page = client.get(reverse("research:topic_list"), query).content.decode()
    assert "东村课题" in page and "东县课题" not in page
    data = b"".join(client.get(reverse("imports:export_kind", args=["research"]), query).streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[3:]
    assert [r[0] for r in rows] == ["东村课题"]


def test_the_pager_keeps_the_lists_filters(world, login):
    for n in range(31):
        make_matter(world, title=f"实事{n:02d}")
    body = login("county_office").get(reverse("matters:matter_list"), {"status": "collecting"}).content.decode()
    assert "?status=collecting&amp;page=2" in body


def test_a_page_past_the_end_shows_the_last_page(world, login):
    make_matter(world, title="唯一的实事")
    body = login("county_office").get(reverse("matters:matter_list"), {"page": "9"}).content.decode()
    assert "唯一的实事" in body


def test_htmx_asks_for_the_results_only(world, login):
    response = login("county_office").get(reverse("ledger:list"), {"campaign": "test-campaign"},
                                          HTTP_HX_REQUEST="true")
    assert "tz-status-counts" in response.content.decode() and "<html" not in response.content.decode()
    assert response.context["query"] == "campaign=test-campaign"


def test_a_unit_outside_the_scope_is_explained_on_the_ledger_list(world, login):
    body = login("county_office").get(reverse("ledger:list"), {"campaign": "test-campaign", "unit": "K2"}
                                      ).content.decode()
    assert "「单位」：未找到名为「K2」的单位，或该单位不在您的权限范围内" in body
