"""/api/v1/study: the 学习活动 list as on the page, its detail, and a member's own record."""

from taizhang.api.tests.helpers import items
from taizhang.study.tests.factories import make_activity


def test_activities_are_paged_and_filtered_like_the_page(world, login):
    reading = make_activity(world)
    make_activity(world, "T2", type="party_lecture", title="专题党课")
    client = login("county_office")
    rows = items(client.get("/api/v1/study/activities", {"type": "reading_class"}))
    assert [(a["id"], a["unit"], a["type_label"]) for a in rows] == [(reading.pk, "V1", reading.get_type_display())]
    assert [a["title"] for a in items(client.get("/api/v1/study/activities", {"unit": "T2"}))] == ["专题党课"]


def test_detail_lists_materials_and_participants(world, login):
    a = make_activity(world, participants=[world.member])
    body = login("county_office").get(f"/api/v1/study/activities/{a.pk}").json()
    assert (body["participants"], body["materials"], body["campaign"]) == (["member"], [], "test-campaign")
