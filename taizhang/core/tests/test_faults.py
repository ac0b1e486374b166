"""Faults of what taizhang stands on (taizhang.core.faults): a database that goes away, a full disk, a data
directory that cannot be written, and the health and readiness checks."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.wsgi import get_wsgi_application
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from taizhang.core.faults import StorageFull
from taizhang.core.storage import TaizhangStorage
from taizhang.ledger.models import Attachment, ProgressReport
from taizhang.ledger.tests.factories import accepted, pdf
from taizhang.orgs.models import ApiToken

ROOT = Path(settings.BASE_DIR)


def _token(user) -> tuple[ApiToken, str]:
    key = ApiToken.new_key()
    row = ApiToken.objects.create(user=user, name="t", key_hash=ApiToken.hash_key(key), prefix=key[:8],
                                  expires_at=timezone.now() + timedelta(days=1))
    return row, key


@contextmanager
def database_gone():
    """Every statement fails as it does when the database server has gone away."""
    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        yield


@contextmanager
def database_disk_full():
    """Reads work, every write fails as SQLite/PostgreSQL fail on a full disk."""
    def refuse_writes(execute, sql, params, many, context):
        if sql.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            raise OperationalError("database or disk is full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_writes):
        yield


def _client(world, username="county_office") -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.user(username))
    return client


# --- the database goes away -----------------------------------------------------------------------------------

def test_a_database_that_goes_away_answers_503_in_chinese_and_json_and_recovers(world):
    client = _client(world)
    _, key = _token(world.county_office)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    with database_gone():
        page = client.get(reverse("ledger:list"))
        api = client.get("/api/v1/problems", **bearer)
        probe = Client(raise_request_exception=False)  # a load balancer's probe has no session
        health = probe.get("/healthz")
        ready = probe.get("/readyz")
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "数据库暂时无法连接" in page.content.decode() and "<html" in page.content.decode()
    assert api.status_code == 503 and "数据库暂时无法连接" in api.json()["message"]
    assert health.status_code == 503 and health.json()["ok"] is False
    assert ready.status_code == 503 and ready.json()["checks"]["database"]["ok"] is False
    # Back again: the same client, no restart.
    assert client.get(reverse("ledger:list")).status_code == 200
    assert client.get("/api/v1/problems", **bearer).status_code == 200
    assert client.get("/healthz").json() == {"ok": True}


def _wsgi(path: str, key: str) -> tuple[int, bytes]:
    """A request through the real WSGI handler, whose request_started/finished signals close a connection that
    failed (Django's test client switches those off)."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "testserver", "SERVER_PORT": "80",
               "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http", "HTTP_AUTHORIZATION": f"Bearer {key}",
               "wsgi.errors": sys.stderr}
    status = []
    body = b"".join(get_wsgi_application()(environ, lambda s, h, *a: status.append(int(s.split()[0]))))
    return status[0], body


def test_a_killed_database_connection_answers_503_once_and_the_next_request_reconnects(committed_world):
    """A real outage of the connection (PostgreSQL, MariaDB: the server ends it; SQLite: closed under the app)."""
    _, key = _token(committed_world.county_office)
    assert _wsgi("/api/v1/me", key)[0] == 200
    vendor = connection.vendor
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        other.close()
    elif vendor == "mysql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT CONNECTION_ID()")
            pid = cursor.fetchone()[0]
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute(f"KILL {int(pid)}")
        other.close()
    else:  # SQLite: the database file's disk goes away (unmounted) and comes back
        name = connection.settings_dict["NAME"]
        connection.close()
        connection.settings_dict["NAME"] = "/nonexistent-mount/taizhang.sqlite3"
    try:
        status, body = _wsgi("/api/v1/me", key)
    finally:
        if vendor == "sqlite":
            connection.close()
            connection.settings_dict["NAME"] = name
    assert status == 503 and "数据库暂时无法连接" in json.loads(body)["message"]
    status, body = _wsgi("/api/v1/me", key)
    assert status == 200 and json.loads(body)["username"] == "county_office"


# --- a full disk ----------------------------------------------------------------------------------------------

def test_on_a_full_disk_signed_in_pages_and_the_api_still_read(world):
    problem = accepted(world)
    client = _client(world)
    row, key = _token(world.county_office)
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now() - timedelta(hours=1))
    before = ApiToken.objects.get(pk=row.pk).last_used_at
    with database_disk_full():
        for url in (reverse("home"), reverse("ledger:list"), reverse("ledger:detail", args=[problem.pk])):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        api = client.get(f"/api/v1/problems/{problem.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert api.status_code == 200 and api.json()["title"] == problem.title
        # A write answers 507 in its own words (not "unreachable", not 500).
        write = client.post(f"/api/v1/problems/{problem.pk}/progress", {"text": "进展", "percent": 10},
                            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert write.status_code == 507 and "存储空间不足" in write.json()["message"]
    assert ApiToken.objects.get(pk=row.pk).last_used_at == before  # the note on the side was skipped, not fatal
    assert not ProgressReport.objects.filter(problem=problem).exists()


def _no_space(content, out):
    out.write(next(content.chunks())[:10])
    raise OSError(errno.ENOSPC, "No space left on device")


def _evidence_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_an_upload_on_a_full_disk_fails_cleanly_with_no_record_and_no_file(world):
    problem = accepted(world)
    client = _client(world, "county_clerk")
    _, key = _token(world.county_clerk)
    files_before = _evidence_files()
    unique = pdf("整改方案.pdf", content=b"%PDF-1.4\n" + os.urandom(64) + b"\n%%EOF\n")
    with mock.patch("taizhang.core.storage.copy_chunks", _no_space):
        page = client.post(reverse("ledger:progress", args=[problem.pk]),
                           {"text": "已制定方案", "percent": 30, "files": unique}, follow=True)
        unique.seek(0)
        api = client.post(f"/api/v1/problems/{problem.pk}/attachments", {"files": unique},
                          HTTP_AUTHORIZATION=f"Bearer {key}")
    assert page.status_code == 200
    assert "服务器存储空间不足，文件「整改方案.pdf」未保存" in page.content.decode()
    assert api.status_code == 507 and "存储空间不足" in api.json()["message"]
    assert not ProgressReport.objects.filter(problem=problem).exists()
    assert not Attachment.objects.filter(problem=problem).exists()
    assert _evidence_files() == files_before  # no half-written temporary file either


def test_the_file_storage_removes_a_partial_file_and_raises_storage_full(tmp_path):
    class Filling(ContentFile):
        def chunks(self, chunk_size=None):
            yield b"first part"
            raise OSError(errno.ENOSPC, "No space left on device")

    storage = TaizhangStorage(location=tmp_path)
    with pytest.raises(StorageFull) as caught:
        storage.save("材料/方案.pdf", Filling(b"x" * 100, name="方案.pdf"))
    assert "服务器存储空间不足" in caught.value.message and "方案.pdf" in caught.value.message
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


# --- health and readiness -------------------------------------------------------------------------------------

def test_healthz_and_readyz_answer_json(world):
    client = Client(raise_request_exception=False)
    assert client.get("/healthz").json() == {"ok": True}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["ok"] is True and set(ready.json()["checks"]) == {"database", "storage"}
    # A host outside ALLOWED_HOSTS: still JSON.
    wrong = client.get("/healthz", HTTP_HOST="elsewhere.example")
    assert wrong.status_code == 400 and "message" in wrong.json()


def test_readyz_names_storage_that_cannot_be_written_and_an_unreachable_redis(world, settings):
    client = Client(raise_request_exception=False)
    with mock.patch("tempfile.mkstemp", side_effect=OSError(errno.ENOSPC, "No space left on device")):
        ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["storage"] == {"ok": False, "message": mock.ANY}
    assert "无法写入" in ready.json()["checks"]["storage"]["message"]
    assert ready.json()["checks"]["database"]["ok"] is True
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["redis"] == {"ok": False, "message": "Redis 无法连接"}


# --- the data directory at start ------------------------------------------------------------------------------

def _start(data_dir: Path, *, without_root_override: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "TAIZHANG_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings",
           "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("TAIZHANG_DATABASE_URL", None)
    command = [sys.executable, "-m", "taizhang.cli", "serve", "--port", "8199"]
    if without_root_override:
        # Root ignores file modes through CAP_DAC_OVERRIDE; without it, root obeys them as anyone does.
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--", *command]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_missing_data_directory_stops_the_server_at_start():
    with tempfile.TemporaryDirectory() as tmp:
        result = _start(Path(tmp) / "absent")
    assert result.returncode == 1
    assert "数据目录" in result.stderr and "不存在" in result.stderr and "Traceback" not in result.stderr
    assert "服务地址" not in result.stdout


def test_a_read_only_data_directory_stops_the_server_at_start():
    """chmod stops no write by root (CI runs as root), so as root the server starts without the capability that
    overrides file modes; the server finds the directory unwritable by trying to write into it."""
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        data = Path(tmp) / "data"
        data.mkdir()
        data.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        as_root = os.geteuid() == 0
        if as_root and not shutil.which("setpriv"):
            pytest.skip("as root, setpriv (util-linux) is needed to make a directory read-only for the server")
        result = _start(data, without_root_override=as_root)
    assert result.returncode == 1, result.stderr
    assert "数据目录" in result.stderr and "无法写入" in result.stderr and "Traceback" not in result.stderr
