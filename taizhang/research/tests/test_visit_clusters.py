"""避免扎堆调研: the planner is warned before saving, and the office sees the clusters."""

from datetime import date

import pytest

from taizhang.research import selectors, services
from taizhang.research.tests.factories import make_topic, make_visit


def _second_topic(world):
    return make_topic(world, unit="K1", leader="province_leader", status="researching", title="第二个课题")


def test_planning_at_a_busy_site_needs_confirmation(world):
    make_visit(world, site="V1", day=date(2026, 10, 10))
    topic = _second_topic(world)
    with pytest.raises(services.VisitClusterWarning) as caught:
        services.visit_create(actor=world.county_office, topic=topic, start_date=date(2026, 10, 20),
                              method="forum", site_unit=world.unit("V1"))
    assert len(caught.value.visits) == 1
    visit = services.visit_create(actor=world.county_office, topic=topic, start_date=date(2026, 10, 20),
                                  method="forum", site_unit=world.unit("V1"), confirm_cluster=True)
    assert visit.pk


def test_visits_outside_the_window_do_not_cluster(world):
    make_visit(world, site="V1", day=date(2026, 10, 1))
    topic = _second_topic(world)  # window is 14 days by default
    services.visit_create(actor=None, topic=topic, start_date=date(2026, 10, 20), method="forum",
                          site_unit=world.unit("V1"))


def test_the_same_leader_does_not_cluster_with_himself(world):
    first = make_visit(world, site="V1", day=date(2026, 10, 10))
    services.visit_create(actor=None, topic=first.topic, start_date=date(2026, 10, 12), method="visit",
                          site_unit=world.unit("V1"))


def test_free_text_places_cluster_ignoring_spaces(world):
    make_visit(world, site=None, day=date(2026, 10, 10))
    topic = _second_topic(world)
    with pytest.raises(services.VisitClusterWarning):
        services.visit_create(actor=None, topic=topic, start_date=date(2026, 10, 11), method="forum",
                              site_place="东村 文化礼堂")


def test_the_form_shows_the_clash_before_saving(login, world):
    make_visit(world, site="V1", day=date(2026, 10, 10))
    topic = _second_topic(world)
    data = {"start_date": "2026-10-15", "status": "planned", "site_unit_code": "V1", "method": "forum",
            "participant_count": 2, "people_met_count": 0, "solved_count": 0}
    response = login("county_office").post(f"/research/{topic.pk}/visits/new/", data)
    assert response.status_code == 200 and "避免扎堆调研" in response.content.decode()
    response = login("county_office").post(f"/research/{topic.pk}/visits/new/", {**data, "confirm_cluster": "on"})
    assert response.status_code == 302


def test_the_office_sees_the_cluster(login, world):
    make_visit(world, site="V1", day=date(2026, 10, 10))
    services.visit_create(actor=None, topic=_second_topic(world), start_date=date(2026, 10, 12), method="forum",
                          site_unit=world.unit("V1"), confirm_cluster=True)
    clusters = selectors.visit_clusters(world.county_office, world.campaign())
    assert len(clusters) == 1 and clusters[0]["leaders"] == 2
    assert selectors.visit_clusters(world.outsider_office, world.campaign()) == []
    assert "东村党支部" in login("county_office").get("/research/clusters/").content.decode()


def test_a_method_outside_the_campaign_list_is_refused(world):
    from taizhang.core.exceptions import ValidationFailed

    topic = make_topic(world, status="researching")
    with pytest.raises(ValidationFailed, match="调研方式"):
        services.visit_create(actor=None, topic=topic, start_date=date(2026, 10, 1), method="telepathy",
                              site_place="东村")
