"""Production settings keep their security whatever the environment says; the test suite runs on its own module."""

import json
import os
import subprocess
import sys

from django.conf import settings

ROOT = settings.BASE_DIR

# Variables and conditions that once switched production settings into a weaker test mode.
WEAKENING_ENV = {
    "TAIZHANG_TESTING": "1",
    "TAIZHANG_AXES_IN_TESTS": "0",
    "TAIZHANG_HUEY_IMMEDIATE": "1",
}

PROBE = """
import json, sys
import pytest  # noqa: F401 -- "pytest" in sys.modules once turned test mode on
from django.conf import settings
import django
django.setup()
print(json.dumps({"hashers": settings.PASSWORD_HASHERS, "axes": settings.AXES_ENABLED,
                  "immediate": settings.HUEY["immediate"],
                  "backends": settings.AUTHENTICATION_BACKENDS}))
"""


def _production_settings(tmp_path, extra_env: dict[str, str]) -> dict:
    env = {**os.environ, **extra_env, "DJANGO_SETTINGS_MODULE": "config.settings", "TAIZHANG_DATA_DIR": str(tmp_path)}
    env.pop("TAIZHANG_DATABASE_URL", None)
    env.pop("TAIZHANG_REDIS_URL", None)
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_keep_argon2_and_the_lockout_under_the_old_test_switches(tmp_path):
    values = _production_settings(tmp_path, WEAKENING_ENV)
    assert values["hashers"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.MD5PasswordHasher" not in values["hashers"]
    assert values["axes"] is True
    assert values["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["immediate"] is False


def test_the_suite_runs_on_the_test_settings_module():
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings_test"
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.HUEY["immediate"] is True


def test_the_lockout_stops_a_guessed_password_after_the_failure_limit(world, client, password, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/login/", {"username": "county_office", "password": "wrong-password"})
    response = client.post("/login/", {"username": "county_office", "password": password})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 429
