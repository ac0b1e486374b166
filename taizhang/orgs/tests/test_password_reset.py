"""Password resets cannot be used to take over an account (issue 17, hole 2: 三员 bypass).

No 三员 account's password can be reset by another account; a reset of any account forces a change at the
next login, revokes the account's API tokens, tells the holder and is an audit event the auditor reads;
there is no way to act as another user.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import get_resolver

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import PermissionDenied
from taizhang.notifications.models import Notification, OutboundMessage, OutboxChannel
from taizhang.notifications.tests.factories import make_robot
from taizhang.orgs.models import ApiToken, User
from taizhang.orgs.services import token_create, user_set_password

NEW = "Reset-Passw0rd!2026"


@pytest.mark.parametrize(("actor", "target"), [
    ("sysadmin", "secadmin"), ("sysadmin", "auditor"), ("secadmin", "auditor"), ("secadmin", "sysadmin"),
    ("auditor", "sysadmin"),
])
def test_no_three_admin_account_resets_another(world, actor, target):
    victim = world.user(target)
    with pytest.raises(PermissionDenied) as exc:
        user_set_password(actor=world.user(actor), user=victim, password=NEW)
    assert "三员" in exc.value.message
    victim.refresh_from_db()
    assert not victim.check_password(NEW) and not victim.must_change_password


def test_the_reset_form_refuses_a_three_admin_account(world, login):
    victim = world.user("auditor")
    page = login("sysadmin").post(f"/org/users/{victim.pk}/", {"reset": "1", "password": NEW}, follow=True)
    assert page.status_code in (200, 404)
    victim.refresh_from_db()
    assert not victim.check_password(NEW)
    assert not AuditEvent.objects.filter(action="user.password_reset").exists()


def test_a_reset_forces_a_change_revokes_tokens_tells_the_holder_and_is_audited(world):
    clerk = world.user("village_clerk")
    make_robot(world, unit="V1")  # a group chat covering the clerk's unit must not hear of the reset
    token, _ = token_create(actor=clerk, name="脚本")
    user_set_password(actor=world.user("sysadmin"), user=clerk, password=NEW)
    clerk.refresh_from_db()
    assert clerk.check_password(NEW) and clerk.must_change_password
    assert ApiToken.objects.get(pk=token.pk).revoked
    note = Notification.objects.get(recipient=clerk, kind="security")
    assert "重置" in note.title and "安全管理员" in note.body
    assert not OutboundMessage.objects.filter(channel=OutboxChannel.ROBOT).exists()
    event = AuditEvent.objects.get(action="user.password_reset")
    assert (event.actor_name, event.object_id) == ("sysadmin", str(clerk.pk))
    assert event.changes == {"must_change_password": True, "tokens_revoked": 1}


def test_the_auditor_sees_the_reset(world, login):
    user_set_password(actor=world.user("sysadmin"), user=world.user("village_clerk"), password=NEW)
    page = login("auditor").get("/audit/").content.decode()
    assert "重置密码" in page


def test_after_a_reset_every_page_leads_to_the_change_page_until_the_password_is_changed(world, client):
    clerk = world.user("village_clerk")
    user_set_password(actor=world.user("sysadmin"), user=clerk, password=NEW)
    assert client.login(username="village_clerk", password=NEW)
    for url in ("/", "/ledger/", "/org/profile/", "/notifications/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/org/password/", url
    api = client.get("/api/v1/problems")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    page = client.get("/org/password/").content.decode()
    assert "您的密码已被管理员重置" in page
    same = client.post("/org/password/", {"old_password": NEW, "password": NEW, "password2": NEW})
    assert same.status_code == 200 and "新密码不能与原密码相同" in same.content.decode()
    done = client.post("/org/password/", {"old_password": NEW, "password": "Own-Choice#2026x",
                                          "password2": "Own-Choice#2026x"})
    assert done.status_code == 302
    clerk.refresh_from_db()
    assert not clerk.must_change_password
    assert client.get("/").status_code == 200  # the session survives the holder's own change


def test_an_account_changing_its_own_password_is_not_forced_again(world):
    clerk = world.user("village_clerk")
    from taizhang.testing import PASSWORD

    user_set_password(actor=clerk, user=clerk, password="Own-Choice#2026x", old_password=PASSWORD)
    clerk.refresh_from_db()
    assert not clerk.must_change_password
    assert AuditEvent.objects.filter(action="user.password").exists()


def test_nothing_lets_one_account_act_as_another():
    """No impersonation app, and no route that switches the signed-in user."""
    apps = " ".join(settings.INSTALLED_APPS).lower()
    assert not any(word in apps for word in ("hijack", "impersonat", "loginas", "django.contrib.admin"))
    names = " ".join(str(p.pattern) + " " + (getattr(p, "name", "") or "")
                     for p in get_resolver().url_patterns).lower()
    assert not any(word in names for word in ("hijack", "impersonat", "login_as", "login-as", "switch_user", "su/"))


def test_operators_reset_a_three_admin_on_the_server(world):
    """The operator (no actor: the server's command line) can still reset a 三员 account, with the same fence."""
    auditor = world.user("auditor")
    user_set_password(actor=None, user=auditor, password=NEW)
    auditor.refresh_from_db()
    assert auditor.must_change_password
    assert User.objects.get(pk=auditor.pk).check_password(NEW)
