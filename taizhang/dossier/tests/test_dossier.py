"""一事一档: topic → visit → problem → … → institution, as a page and as JSON."""

import pytest

from taizhang.core.exceptions import ValidationFailed
from taizhang.dossier import services
from taizhang.dossier.tests.factories import make_chain
from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.research.tests.factories import make_visit


def test_the_page_shows_the_whole_chain(login, world):
    found, visit, inst = make_chain(world)
    body = login("county_office").get(f"/dossier/problems/{found.pk}/").content.decode()
    assert visit.topic.title in body and "东村党支部" in body and inst.title in body


def test_the_api_returns_the_same_chain(login, world):
    found, visit, inst = make_chain(world)
    data = login("inspector").get(f"/api/v1/dossier/problems/{found.pk}").json()
    assert data["problem"]["id"] == found.pk
    assert [t["id"] for t in data["topics"]] == [visit.topic_id]
    assert [v["id"] for v in data["visits"]] == [visit.pk] and data["visits"][0]["site"] == "东村党支部"
    assert [i["id"] for i in data["institutions"]] == [inst.pk]


def test_a_problem_of_another_campaign_cannot_be_linked(world):
    other = make_problem(world, "K3", campaign="k3-campaign", actor="outsider_office")
    with pytest.raises(ValidationFailed, match="不属于本专项工作"):
        services.visit_link_problems(actor=None, visit=make_visit(world), problems=[other])
