"""/api/v1/research: topics and visits as on the pages; a transition needs the version the caller read."""

from taizhang.api.tests.helpers import assert_version_required, items
from taizhang.audit.models import AuditEvent, StatusChange
from taizhang.research import services
from taizhang.research.models import ResearchTopic, TopicStatus
from taizhang.research.tests.factories import make_topic, make_visit


def test_topics_are_paged_and_filtered_like_the_page(world, login):
    make_topic(world, title="乡村振兴调研")
    make_topic(world, title="基层减负调研", status=TopicStatus.TAKEN)
    make_topic(world, "K3", title="远县课题")
    client = login("county_office")
    rows = items(client.get("/api/v1/research/topics", {"campaign": "test-campaign"}))
    assert [t["title"] for t in rows] == ["基层减负调研", "乡村振兴调研"]  # newest first, as on the page
    assert {t["unit"] for t in rows} == {"K1"} and rows[0]["campaign"] == "test-campaign"
    rows = items(client.get("/api/v1/research/topics", {"status": "taken"}))
    assert [(t["title"], t["status_label"]) for t in rows] == [("基层减负调研", "已领题")]
    refused = client.get("/api/v1/research/topics", {"unit": "K3"})
    assert refused.status_code == 422 and refused.json()["message"] == "「单位」：未找到名为「K3」的单位，或该单位不在您的权限范围内"


def test_topic_detail_lists_its_visits(world, login):
    visit = make_visit(world)
    body = login("county_office").get(f"/api/v1/research/topics/{visit.topic_id}").json()
    assert [(v["id"], v["unit"], v["site"]) for v in body["visits"]] == [(visit.pk, "K1", visit.site_display)]
    assert body["transformations"] == [] and body["lead_leader"] == str(world.county_leader)
    rows = items(login("county_office").get("/api/v1/research/visits"))
    assert [v["id"] for v in rows] == [visit.pk]


def test_an_action_moves_the_topic_and_records_it(world, login):
    topic = make_topic(world)
    response = login("county_office").post(f"/api/v1/research/topics/{topic.pk}/actions/assign",
                                           {"version": topic.version}, content_type="application/json")
    topic.refresh_from_db()
    assert response.json()["status"] == topic.status == TopicStatus.TAKEN
    assert response.json()["version"] == topic.version
    assert StatusChange.objects.filter(object_id=topic.pk, action="assign").exists()
    assert AuditEvent.objects.filter(action="researchtopic.assign", object_id=str(topic.pk)).exists()


def test_an_action_requires_a_current_version(world, login):
    topic = make_topic(world)
    old = topic.version
    services.topic_update(actor=world.county_office, topic=topic, expected_version=old, title="改过的题目")
    assert_version_required(login("county_office"), f"/api/v1/research/topics/{topic.pk}/actions/assign", {}, topic,
                            stale=old)
    assert ResearchTopic.objects.get(pk=topic.pk).status == TopicStatus.PROPOSED
