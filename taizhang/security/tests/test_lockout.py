"""Item 6: lockout per account and address, a limit per address across user names (password spraying),
attempts during a lockout do not extend it, lockouts are audit events, the security administrator lifts them."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from taizhang.audit.models import AuditEvent


@pytest.fixture
def lockout_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.TAIZHANG_LOGIN_ADDRESS_LIMIT = 10
    from django.core.cache import cache

    cache.clear()
    return settings


def _try(client, username, password="wrong-Password-1", ip="203.0.113.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_sixteen_usernames_from_one_address_are_blocked_after_the_address_limit(world, client, password, lockout_on):
    answers = [_try(client, f"guess{i:02d}").status_code for i in range(16)]
    assert answers[:10] == [200] * 10  # the login page again, with its error
    assert answers[10:] == [429] * 6  # the address is refused for every further user name
    # a real account with its right password is refused from that address too, but not from another one
    assert _try(client, "county_office", password).status_code == 429
    assert "_auth_user_id" not in client.session
    assert _try(client, "county_office", password, ip="198.51.100.9").status_code == 302
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").values("username").distinct().count() == 10


def test_attempts_during_a_lockout_do_not_extend_it(world, client, lockout_on):
    for _ in range(5):
        _try(client, "village_clerk")
    attempt = AccessAttempt.objects.get(username="village_clerk", ip_address="203.0.113.7")
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=timezone.now() - timedelta(minutes=10))
    for _ in range(5):
        assert _try(client, "village_clerk").status_code == 429
    attempt.refresh_from_db()
    assert attempt.failures_since_start == 5
    assert timezone.now() - attempt.attempt_time >= timedelta(minutes=10)  # the lockout still ends when it would


def test_a_lockout_is_one_audit_event_however_often_it_is_tried(world, client, lockout_on):
    for _ in range(9):
        _try(client, "village_clerk")
    events = AuditEvent.objects.filter(action="auth.lockout")
    assert events.count() == 1
    assert events[0].changes["username"] == "village_clerk" and events[0].changes["ip"] == "203.0.113.7"
    assert events[0].ip == "203.0.113.7"


def test_an_address_block_is_an_audit_event(world, client, lockout_on):
    for i in range(13):
        _try(client, f"spray{i:02d}")
    events = AuditEvent.objects.filter(action="auth.lockout_address")
    assert events.count() == 1 and events[0].object_repr == "203.0.113.7"


def test_the_security_administrator_sees_and_lifts_a_lockout(world, client, login, password, lockout_on):
    for _ in range(5):
        _try(client, "village_clerk")
    assert _try(client, "village_clerk", password).status_code == 429
    admin = login("secadmin")
    page = admin.get("/security/lockouts/").content.decode()
    assert "village_clerk" in page and "203.0.113.7" in page and "解除锁定" in page
    response = admin.post("/security/lockouts/release/", {"kind": "account", "ip": "203.0.113.7",
                                                          "username": "village_clerk"}, follow=True)
    assert "已解除对「village_clerk」的锁定" in response.content.decode()
    event = AuditEvent.objects.filter(action="lockout.release").first()
    assert event.actor.username == "secadmin" and event.changes["username"] == "village_clerk"
    client.logout()
    assert _try(client, "village_clerk", password).status_code == 302


def test_an_address_block_is_lifted_for_every_username(world, client, login, password, lockout_on):
    for i in range(10):
        _try(client, f"spray{i:02d}")
    admin = login("secadmin")
    assert "10 个用户名" in admin.get("/security/lockouts/").content.decode()
    admin.post("/security/lockouts/release/", {"kind": "address", "ip": "203.0.113.7"})
    client.logout()
    assert _try(client, "village_clerk", password).status_code == 302


def test_only_the_security_administrator_lifts_lockouts(world, login, lockout_on):
    AccessAttempt.objects.create(username="village_clerk", ip_address="10.1.1.1", user_agent="x",
                                 failures_since_start=5, attempt_time=timezone.now(), get_data="", post_data="",
                                 http_accept="", path_info="/login/")
    response = login("sysadmin").post("/security/lockouts/release/", {"kind": "account", "ip": "10.1.1.1",
                                                                      "username": "village_clerk"})
    assert response.status_code == 404
    assert AccessAttempt.objects.filter(username="village_clerk").exists()


def test_the_lockout_command_lists_lockouts(world, client, lockout_on):
    import json
    from io import StringIO

    from django.core.management import call_command

    for _ in range(5):
        _try(client, "village_clerk")
    out = StringIO()
    call_command("security", "lockouts", "--json", stdout=out)
    rows = json.loads(out.getvalue())["lockouts"]
    assert [(r["kind"], r["username"], r["ip"]) for r in rows] == [("account", "village_clerk", "203.0.113.7")]
