
"""Item 8: TOTP with an authenticator app, backup codes, mandatory per role, asked after the password; API
tokens unaffected; a reset by the security administrator is an audit event."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from taizhang.audit.models import AuditEvent
from taizhang.orgs.services import token_create
from taizhang.security import otp


def _code(device, offset=0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _enrolled(user, backup=("12345678",)):
    device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="备用码", confirmed=True)
    for c in backup:
        StaticToken.objects.create(device=static, token=otp.backup_code_digest(user.pk, c))
    return device


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_enrolment_shows_a_qr_code_drawn_on_the_server_and_confirms_with_a_code(world, login):
    client = login("village_clerk")
    page = client.get("/security/otp/setup/").content.decode()
    assert "<svg" in page and "绑定身份验证器" in page and "http" not in page.split("<svg", 1)[1][:50]
    device = TOTPDevice.objects.get(user=world.user("village_clerk"), confirmed=False)
    assert otp.secret_text(device).replace(" ", "") in page.replace(" ", "")
    wrong = client.post("/security/otp/setup/", {"code": "000000"}).content.decode()
    assert "动态口令不正确" in wrong
    device.refresh_from_db()
    assert not device.confirmed
    response = client.post("/security/otp/setup/", {"code": _code(device)})
    body = response.content.decode()
    assert "身份验证器已绑定" in body
    device.refresh_from_db()
    assert device.confirmed
    stored = set(StaticToken.objects.filter(device__user=device.user).values_list("token", flat=True))
    shown = re.findall(r"\b\d{8}\b", body)
    assert len(stored) == 10 and len(set(shown)) == 10
    assert {otp.backup_code_digest(device.user_id, c) for c in shown} == stored  # kept only as keyed hashes
    assert not stored & set(shown)
    assert AuditEvent.objects.filter(action="security.otp_enrol", object_id=str(device.user_id)).exists()


def test_the_login_asks_for_the_code_after_the_password(world, client, password):
    device = _enrolled(world.user("village_clerk"))
    response = _login(client, "village_clerk", password)
    assert response.status_code == 302
    blocked = client.get("/ledger/")
    assert blocked.status_code == 302 and blocked["Location"] == "/security/otp/"
    api = client.get("/api/v1/problems")
    assert api.status_code == 403 and api.json()["code"] == "otp_required"
    page = client.get("/security/otp/").content.decode()
    assert "动态口令" in page
    bad = client.post("/security/otp/", {"code": "000000"}).content.decode()
    assert "动态口令不正确" in bad and client.get("/ledger/").status_code == 302
    assert AuditEvent.objects.filter(action="security.otp_failed").count() == 1
    # right after a wrong code even the right one is refused for a moment (django-otp's throttling) …
    assert client.post("/security/otp/", {"code": _code(device)}).status_code == 200
    # … and accepted once the wait has passed
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5))
    assert client.post("/security/otp/", {"code": _code(device, offset=1)}).status_code == 302
    assert client.get("/ledger/").status_code == 200


def test_a_backup_code_works_once(world, client, password):
    _enrolled(world.user("village_clerk"), backup=("24681357",))
    _login(client, "village_clerk", password)
    client.post("/security/otp/", {"code": "2468 1357"})
    assert client.get("/ledger/").status_code == 200
    assert AuditEvent.objects.filter(action="security.otp_backup_used").count() == 1
    client.post("/logout/")
    _login(client, "village_clerk", password)
    client.post("/security/otp/", {"code": "24681357"})
    assert client.get("/ledger/").status_code == 302


def test_the_security_administrator_makes_it_mandatory_per_role(world, client, login, password):
    admin = login("secadmin")
    response = admin.post("/security/second-factor/", {"roles": ["clerk"]}, follow=True)
    assert "双因素认证策略已保存" in response.content.decode()
    assert AuditEvent.objects.filter(action="security.otp_policy").first().changes == {"otp_roles": [[], ["clerk"]]}
    client.logout()
    _login(client, "village_clerk", password)
    assert client.get("/ledger/")["Location"] == "/security/otp/setup/"
    assert "您的角色须使用双因素认证" in client.get("/security/otp/setup/").content.decode()
    client.logout()
    _login(client, "county_office", password)  # an office is not in the policy
    assert client.get("/ledger/").status_code == 200


def test_the_production_profile_requires_it_for_the_three_admins_and_offices(world, client, login, password,
                                                                              settings):
    settings.TAIZHANG_OTP_REQUIRED_ROLES = ["sysadmin", "secadmin", "auditor", "office"]
    for username in ("sysadmin", "secadmin", "auditor", "county_office"):
        client.logout()
        _login(client, username, password)
        assert client.get("/org/profile/")["Location"] == "/security/otp/setup/", username
    client.logout()
    _login(client, "village_clerk", password)
    assert client.get("/org/profile/").status_code == 200
    # the page cannot lift the environment's roles
    page = login("secadmin")
    assert otp.required_roles() >= {"sysadmin", "office"}
    otp.policy_set(actor=world.user("secadmin"), roles=[])
    assert "office" in otp.required_roles()
    assert page is not None


def test_api_tokens_are_not_asked_for_the_code(world, client, settings):
    settings.TAIZHANG_OTP_REQUIRED_ROLES = ["office"]
    user = world.user("county_office")
    _enrolled(user)
    _, key = token_create(actor=user, name="脚本")
    response = client.get("/api/v1/problems", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and "items" in response.json()


def test_a_reset_by_the_security_administrator_is_an_audit_event(world, login, client, password):
    target = world.user("village_clerk")
    _enrolled(target)
    response = login("secadmin").post(f"/security/second-factor/{target.pk}/reset/", follow=True)
    assert "已重置「" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert not StaticDevice.objects.filter(user=target).exists()
    event = AuditEvent.objects.get(action="security.otp_reset")
    assert event.actor.username == "secadmin" and event.object_id == str(target.pk)
    client.logout()
    _login(client, "village_clerk", password)
    assert client.get("/ledger/").status_code == 200  # no device and not required: signs in with the password


def test_renewing_backup_codes_replaces_the_old_ones(world, client, password):
    device = _enrolled(world.user("village_clerk"), backup=("11112222",))
    _login(client, "village_clerk", password)
    client.post("/security/otp/", {"code": _code(device)})
    body = client.post("/security/otp/backup-codes/").content.decode()
    tokens = set(StaticToken.objects.filter(device__user__username="village_clerk").values_list("token", flat=True))
    shown = set(re.findall(r"\b\d{8}\b", body))
    assert len(tokens) == 10 and {otp.backup_code_digest(device.user_id, c) for c in shown} == tokens
    assert otp.backup_code_digest(device.user_id, "11112222") not in tokens


def test_backup_codes_stored_in_plain_text_by_an_earlier_release_are_hashed_and_still_work(world, client, password):
    from importlib import import_module

    from django.apps import apps

    user = world.user("village_clerk")
    _enrolled(user, backup=())
    static = StaticDevice.objects.get(user=user)
    StaticToken.objects.create(device=static, token="86421357")
    import_module("taizhang.security.migrations.0002_hash_backup_codes").hash_plain_codes(apps, None)
    assert list(StaticToken.objects.filter(device=static).values_list("token", flat=True)) == [
        otp.backup_code_digest(user.pk, "86421357")]
    _login(client, "village_clerk", password)
    assert client.post("/security/otp/", {"code": "86421357"}).status_code == 302
    assert client.get("/ledger/").status_code == 200


@pytest.mark.parametrize("username", ["secadmin"])
def test_nobody_resets_their_own_second_factor(world, login, username):
    _enrolled(world.user(username))
    from taizhang.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        otp.otp_reset(actor=world.user(username), user=world.user(username))


def test_a_reset_password_and_a_mandatory_second_factor_lead_one_after_the_other(world, client, password, settings):
    """Enrolment first, then the new password — never a redirect loop between the two pages."""
    settings.TAIZHANG_OTP_REQUIRED_ROLES = ["clerk"]
    from taizhang.orgs.models import User

    User.objects.filter(username="village_clerk").update(must_change_password=True)
    _login(client, "village_clerk", password)
    assert client.get("/ledger/")["Location"] == "/security/otp/setup/"
    assert client.get("/security/otp/setup/").status_code == 200
    device = TOTPDevice.objects.get(user__username="village_clerk", confirmed=False)
    client.post("/security/otp/setup/", {"code": _code(device)})
    assert client.get("/ledger/")["Location"] == "/org/password/"
    assert client.get("/org/password/").status_code == 200
