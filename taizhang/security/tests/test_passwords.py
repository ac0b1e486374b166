"""Item 5 of the security checklist: password rules, history, expiry, tokens on a change, accounts to look at."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import ValidationFailed
from taizhang.orgs.models import ApiToken
from taizhang.orgs.services import token_create, user_create, user_set_password
from taizhang.security.models import PasswordHistory


@pytest.mark.parametrize("weak, words", [
    ("Ab1!x", "至少"),  # too short (Django's validator says 至少包含 8 个字符)
    ("abcdefgh12", "至少 3 类"),  # two classes
    ("ABCDEFGH!!", "至少 3 类"),
    ("xVillage_clerk9", "用户名"),  # contains the user name
])
def test_a_weak_password_is_refused_naming_the_rule(world, password, weak, words):
    user = world.user("village_clerk")
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as caught:
        user_set_password(actor=user, user=user, password=weak, old_password=password)
    assert words in caught.value.message and caught.value.field == "password"
    user.refresh_from_db()
    assert user.check_password(password)


def test_none_of_the_last_five_passwords_may_be_chosen_again(world, password):
    user = world.user("village_clerk")
    chosen = [f"Rotate-{i}-Pass!" for i in range(6)]
    current = password
    for new in chosen:
        user_set_password(actor=user, user=user, password=new, old_password=current)
        user.refresh_from_db()
        current = new
    assert PasswordHistory.objects.filter(user=user).count() == 5
    for old in chosen[1:5]:  # the last five (the current one included) are refused
        with pytest.raises(ValidationFailed, match="最近 5 次"):
            user_set_password(actor=user, user=user, password=old, old_password=current)
    user_set_password(actor=user, user=user, password=chosen[0], old_password=current)  # the sixth back is free
    user.refresh_from_db()
    assert user.check_password(chosen[0])


def test_an_expired_password_leads_to_the_change_page_until_it_is_changed(world, client, password, settings):
    settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS = 90
    user = world.user("village_clerk")
    PasswordHistory.objects.create(user=user, password=user.password, set_at=timezone.now() - timedelta(days=91),
                                   by_holder=True)
    assert client.post("/login/", {"username": "village_clerk", "password": password}).status_code == 302
    response = client.get("/ledger/")
    assert response.status_code == 302 and response["Location"] == "/org/password/"
    page = client.get("/org/password/").content.decode()
    assert "已超过 90 天未修改" in page
    api = client.get("/api/v1/problems")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    client.post("/org/password/", {"old_password": password, "password": "Fresh-Start-2026!",
                                   "password2": "Fresh-Start-2026!"})
    assert client.get("/ledger/").status_code == 200


def test_a_recent_password_and_the_demo_profile_are_not_forced_to_change(world, client, password, settings):
    user = world.user("village_clerk")
    PasswordHistory.objects.create(user=user, password=user.password, set_at=timezone.now() - timedelta(days=91),
                                   by_holder=True)
    settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS = 0  # the demo profile: no expiry
    client.post("/login/", {"username": "village_clerk", "password": password})
    assert client.get("/ledger/").status_code == 200


def test_changing_the_password_revokes_the_tokens_unless_the_holder_keeps_them(world, password):
    user = world.user("village_clerk")
    token, _ = token_create(actor=user, name="报表脚本")
    user_set_password(actor=user, user=user, password="First-Change-77!", old_password=password)
    token.refresh_from_db()
    assert token.revoked
    event = AuditEvent.objects.filter(action="user.password", object_id=str(user.pk)).first()
    assert event.changes == {"tokens_revoked": 1, "tokens_kept": False}

    user.refresh_from_db()
    kept, _ = token_create(actor=user, name="保留的脚本")
    user_set_password(actor=user, user=user, password="Second-Change-88!", old_password="First-Change-77!",
                      keep_tokens=True)
    kept.refresh_from_db()
    assert not kept.revoked


def test_the_profile_form_offers_to_keep_the_tokens(world, login, password):
    client = login("village_clerk")
    user = world.user("village_clerk")
    token_create(actor=user, name="脚本")
    page = client.get("/org/profile/").content.decode()
    assert "保留我的接口令牌" in page
    client.post("/org/profile/", {"form": "password", "old_password": password, "password": "Keep-Tokens-9!",
                                  "password2": "Keep-Tokens-9!", "keep_tokens": "on"})
    assert ApiToken.objects.filter(user=user, revoked=False).count() == 1


def _demo_like_accounts(world):
    """Two accounts sharing one hash of the demo's password, as the demo generator writes them, and one dormant."""
    from django.contrib.auth.hashers import make_password

    from taizhang.orgs.models import User

    shared = make_password("Taizhang@2023")
    User.objects.filter(username__in=["village_clerk", "inspector"]).update(password=shared)
    User.objects.filter(username="member").update(last_login=timezone.now() - timedelta(days=200))
    User.objects.filter(username="county_office").update(last_login=timezone.now())


def test_default_and_dormant_accounts_are_flagged_to_the_security_administrator(world, login):
    _demo_like_accounts(world)
    created = user_create(actor=world.user("sysadmin"), username="newcomer", password="Initial-Pass-1!",
                          display_name="新同志", unit=world.unit("V1"))
    created.last_login = timezone.now()
    created.save(update_fields=["last_login"])
    page = login("secadmin").get("/security/accounts/").content.decode()
    assert "使用默认或演示密码" in page and "village_clerk" in page and "inspector" in page
    assert "长期未登录" in page and "member" in page
    assert "初始密码或重置后的密码尚未由本人修改" in page and "newcomer" in page
    rows = page.split("<tbody>")[1]
    assert "county_office" not in rows  # logged in today, own password


def test_the_command_lists_the_same_accounts_as_json(world):
    _demo_like_accounts(world)
    out = StringIO()
    call_command("security", "accounts", "--json", stdout=out)
    result = json.loads(out.getvalue())
    by_name = {a["username"]: a["reasons"] for a in result["accounts"]}
    assert "default_password" in by_name["village_clerk"]
    assert "dormant" in by_name["member"]
    assert "county_office" not in by_name or "dormant" not in by_name["county_office"]
    assert result["counts"]["default_password"] >= 2
