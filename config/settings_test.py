"""Settings for the test suite (pyproject's DJANGO_SETTINGS_MODULE): production settings plus the shortcuts
that only tests may take. Processes the tests start inherit DJANGO_SETTINGS_MODULE and so these settings too."""

import os
import tempfile

from config.settings import *  # noqa: F403

# Argon2 is deliberately slow; the tests create hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests log in and out with wrong passwords on purpose; the lockout would carry over from one test to the next.
# tests/test_settings.py switches it on to test the lockout itself.
AXES_ENABLED = False

# Each test process keeps its cache in memory, apart from the other test processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks run in the calling process, so a test sees their effect when the call returns.
HUEY["immediate"] = True  # noqa: F405

# No compressed-manifest storage: tests render pages without running collectstatic.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# The SQLite test database is a file, not memory, so the code that opens the database from a second process (the
# large export's reader, core/producer.py) runs in the suite as well; pytest-django gives each xdist worker a file
# of its own and deletes them at the end.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"taizhang-test-{os.getpid()}.sqlite3")}

# The notifications tests run fake robot servers on loopback (DESIGN: fakes over patched calls): let the
# robots reach 127.0.0.1 over http. Tests of the outbound policy itself override these with the defaults.
TAIZHANG_ROBOT_EXTRA_HOSTS = ["127.0.0.1"]
TAIZHANG_ROBOT_ALLOW_HTTP = True
TAIZHANG_ROBOT_ALLOWED_NETWORKS = ["127.0.0.1/32"]

# The audit chain is keyed in the suite as in the production profile (taizhang.audit.services._digest).
TAIZHANG_AUDIT_KEY = "test-audit-key-kept-outside-the-database-0123456789"
