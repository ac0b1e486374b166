"""Item 7: an absolute session limit beside the idle timeout; TLS settings from the environment;
`taizhang check --deploy --json` lists every unsafe setting and is clean in the documented production profile."""

import json
import os
import subprocess
import sys
import time

from django.conf import settings as django_settings

from taizhang.security.signals import SESSION_STARTED_KEY

ROOT = django_settings.BASE_DIR

# The production profile of docs/security.md (a throw-away secret key and audit key file stand in for the real).
PRODUCTION = {
    "TAIZHANG_DEBUG": "false",
    "TAIZHANG_ALLOWED_HOSTS": "taizhang.example.gov.cn",
    "TAIZHANG_CSRF_TRUSTED_ORIGINS": "https://taizhang.example.gov.cn",
    "TAIZHANG_BASE_URL": "https://taizhang.example.gov.cn",
    "TAIZHANG_SECURE_COOKIES": "true",
    "TAIZHANG_SSL_REDIRECT": "true",
    "TAIZHANG_HSTS_SECONDS": "31536000",
    "TAIZHANG_HSTS_SUBDOMAINS": "true",
    "TAIZHANG_HSTS_PRELOAD": "true",
    "TAIZHANG_TRUSTED_PROXIES": "127.0.0.1",
    "TAIZHANG_OTP_REQUIRED_ROLES": "sysadmin,secadmin,auditor,office",
    "TAIZHANG_PASSWORD_MAX_AGE_DAYS": "90",
    "TAIZHANG_SESSION_MAX_HOURS": "8",
}


def _check(tmp_path, extra: dict) -> tuple[int, dict]:
    # A deployment's environment: none of this process's TAIZHANG_* settings, nor the test run's async switch.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAIZHANG_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "TAIZHANG_DATA_DIR": str(tmp_path), **extra})
    result = subprocess.run([sys.executable, "-m", "taizhang.cli", "check", "--deploy", "--json"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)
    return result.returncode, json.loads(result.stdout)


def test_the_deploy_check_is_clean_in_the_production_profile(tmp_path):
    key_file = tmp_path / "audit.key"
    key_file.write_text("k" * 24 + "-audit-key-outside-the-db-0123456789")
    env = {**PRODUCTION, "TAIZHANG_SECRET_KEY": "s" * 10 + "-production-secret-key-for-the-test-0123456789abcdefgh",
           "TAIZHANG_AUDIT_KEY_FILE": str(key_file)}
    code, result = _check(tmp_path, env)
    assert result == {"ok": True, "deploy": True, "issues": []}
    assert code == 0


def test_the_deploy_check_lists_every_unsafe_setting_of_the_default_install(tmp_path):
    code, result = _check(tmp_path, {"TAIZHANG_DEBUG": "true"})
    ids = {i["id"] for i in result["issues"]}
    assert code == 1 and result["ok"] is False
    # Django's own: DEBUG, SSL redirect, HSTS, cookies
    assert {"security.W018", "security.W008", "security.W004", "security.W012", "security.W016"} <= ids
    # taizhang's: DEBUG, audit key, second factor for the 三员 and offices, cookies, TLS redirect, HSTS, hosts
    assert {f"taizhang.W00{n}" for n in range(1, 8)} <= ids
    otp = next(i for i in result["issues"] if i["id"] == "taizhang.W003")
    assert all(name in otp["message"] for name in ("系统管理员", "安全管理员", "审计管理员", "主题教育办公室"))


def test_a_session_ends_after_its_absolute_limit_however_active(world, client, password, settings):
    settings.TAIZHANG_SESSION_MAX_HOURS = 8
    client.post("/login/", {"username": "county_office", "password": password})
    assert client.get("/ledger/").status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 8 * 3600 - 60
    session.save()
    response = client.get("/ledger/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "登录已超过 8 小时" in page


def test_an_active_session_within_the_limit_goes_on(world, client, password):
    client.post("/login/", {"username": "county_office", "password": password})
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 7 * 3600
    session.save()
    assert client.get("/ledger/").status_code == 200


def test_tls_settings_switch_on_hsts_redirect_and_secure_cookies(world, client, password, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = True
    plain = client.get("/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.post("/login/", {"username": "county_office", "password": password}, secure=True)
    assert secure.cookies["sessionid"]["secure"]
    assert client.get("/login/", secure=True)["Strict-Transport-Security"].startswith("max-age=31536000")


def test_logging_out_leaves_nothing_of_the_session_behind(world, client, password):
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    client.post("/login/", {"username": "village_clerk", "password": password})
    key = client.session.session_key
    store: type[SessionBase] = import_string(f"{django_settings.SESSION_ENGINE}.SessionStore")
    assert store().exists(key) and client.get("/ledger/").status_code == 200
    client.post("/logout/")
    assert not store().exists(key)  # the server-side session is deleted, not merely forgotten by the browser
    again = client.get("/ledger/", HTTP_COOKIE=f"{django_settings.SESSION_COOKIE_NAME}={key}")
    assert again.status_code == 302 and again["Location"].startswith("/login/")
