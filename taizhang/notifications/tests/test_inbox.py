"""消息 inbox: unread badge, mark read, mark all read, open the record; and the API."""

from __future__ import annotations

from taizhang.audit.models import AuditEvent
from taizhang.notifications.models import Notification
from taizhang.notifications.services import notify


def test_the_navbar_shows_the_unread_count(world, login):
    notify(recipients=[world.county_office], title="第一条")
    notify(recipients=[world.county_office], title="第二条")
    html = login("county_office").get("/").content.decode()
    assert 'text-bg-danger" aria-label="未读消息">2</span>' in html


def test_the_inbox_lists_only_own_messages(world, login):
    notify(recipients=[world.county_office], title="给县办的")
    notify(recipients=[world.outsider], title="给别人的")
    html = login("county_office").get("/notifications/").content.decode()
    assert "给县办的" in html and "给别人的" not in html


def test_opening_a_message_marks_it_read_and_goes_to_the_record(world, login):
    note, = notify(recipients=[world.county_office], title="请审核销号", link="/campaigns/test-campaign/")
    response = login("county_office").post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/campaigns/test-campaign/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert AuditEvent.objects.filter(action="notification.read", object_id=str(note.pk)).exists()


def test_a_foreign_link_is_not_followed(world, login):
    note, = notify(recipients=[world.county_office], title="x", link="https://evil.example.com/")
    response = login("county_office").post(f"/notifications/{note.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_mark_all_read(world, login):
    for i in range(3):
        notify(recipients=[world.county_office], title=f"第{i}条")
    notify(recipients=[world.outsider], title="别人的")
    login("county_office").post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient__username="county_office", read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient__username="outsider", read_at__isnull=True).count() == 1


def test_someone_elses_message_cannot_be_marked(world, login):
    note, = notify(recipients=[world.outsider], title="别人的")
    assert login("county_office").post(f"/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_api_lists_the_own_inbox_with_the_unread_count(world, login):
    notify(recipients=[world.county_office], title="一", link="/a/")
    notify(recipients=[world.county_office], title="二")
    notify(recipients=[world.outsider], title="别人的")
    client = login("county_office")
    assert [n["title"] for n in client.get("/api/v1/notifications").json()["items"]] == ["二", "一"]
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 2


def test_the_api_marks_read(world, login):
    note, = notify(recipients=[world.county_office], title="一")
    client = login("county_office")
    body = client.post(f"/api/v1/notifications/{note.pk}/read").json()
    assert body["id"] == note.pk and body["read_at"]
    unread = client.get("/api/v1/notifications?unread=true").json()
    assert (unread["count"], unread["items"]) == (0, [])
    other, = notify(recipients=[world.outsider], title="别人的")
    assert client.post(f"/api/v1/notifications/{other.pk}/read").status_code == 404
