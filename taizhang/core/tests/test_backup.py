"""`taizhang backup` / `taizhang restore` round trips: every record and every file of one installation comes
back in an empty one, on the database the suite runs on (SQLite, PostgreSQL or MariaDB), through the
database's own snapshot (online backup API, pg_dump, mariadb-dump) and through the portable dump."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
HELPER = ROOT / "taizhang" / "core" / "tests" / "backup_helper.py"


def _url(name: str) -> str | None:
    """A database URL of the suite's server for a throw-away database `name` (None on SQLite)."""
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    if connection.vendor == "mysql":
        return f"mysql://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 3306}/{name}"
    return None


def _server(sql: str) -> None:
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                             password=db.get("PASSWORD") or None, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)
    else:
        import MySQLdb

        conn = MySQLdb.connect(host=db["HOST"] or "127.0.0.1", port=int(db["PORT"] or 3306), user=db["USER"],
                               password=db.get("PASSWORD") or "")
        try:
            conn.cursor().execute(sql)
        finally:
            conn.close()


class Installation:
    def __init__(self, base: Path, name: str):
        self.data = base / name
        self.data.mkdir()
        self.db_name = f"{settings.DATABASES['default']['NAME']}_{name}"[:60]
        self.url = _url(self.db_name)
        if self.url:
            _server(f"DROP DATABASE IF EXISTS {self.db_name}")
            extra = " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" if connection.vendor == "mysql" else ""
            _server(f"CREATE DATABASE {self.db_name}{extra}")

    def env(self) -> dict:
        # The test settings (a fast password hasher); backup and restore read nothing else of them.
        env = {**os.environ, "TAIZHANG_DATA_DIR": str(self.data), "DJANGO_SETTINGS_MODULE": "config.settings_test",
               "PYTHONPATH": str(ROOT)}
        env.pop("TAIZHANG_DATABASE_URL", None)
        if self.url:
            env["TAIZHANG_DATABASE_URL"] = self.url
        return env

    def taizhang(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "taizhang.cli", *args], cwd=ROOT, env=self.env(),
                              capture_output=True, text=True, timeout=900)

    def helper(self, *what: str) -> str:
        result = subprocess.run([sys.executable, str(HELPER), *what], cwd=ROOT, env=self.env(), capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def drop(self):
        if self.url:
            _server(f"DROP DATABASE IF EXISTS {self.db_name}")


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """One installation with the test world, records with attachments and an institution file, backed up."""
    inst = Installation(tmp_path_factory.mktemp("backup"), "bk_src")
    assert inst.taizhang("migrate", "-v", "0").returncode == 0
    inst.helper("seed")
    yield inst
    inst.drop()


@pytest.fixture
def target(tmp_path):
    """An installed, empty system (migrated, nothing entered)."""
    inst = Installation(tmp_path, "bk_dst")
    assert inst.taizhang("migrate", "-v", "0").returncode == 0
    yield inst
    inst.drop()


def _ok(result) -> dict:
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def _rewrite(archive: Path, out: Path, change) -> None:
    """Copy `archive` to `out` with `change(name, data) -> data` applied to every member."""
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = change(member.name, src.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))


def _newer(name, data):
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["migrations"]["ledger"].append("9999_from_a_later_release")
    return json.dumps(manifest).encode()


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
def test_a_backup_restores_every_record_and_file_into_an_empty_installation(source, target, tmp_path, portable):
    before = json.loads(source.helper("state"))
    assert len(before["files"]) == 7 and before["records"]["ledger.attachment"]

    archive = tmp_path / "taizhang.tar.gz"
    made = _ok(source.taizhang("backup", "-o", str(archive), "--json", *(["--portable"] if portable else [])))
    expected = "django-json" if portable else {"sqlite": "sqlite-online-backup", "postgresql": "pg_dump",
                                               "mysql": "mariadb-dump"}[connection.vendor]
    assert made["database"]["method"] == expected and made["files"] == 7

    if not portable:
        # A second backup never overwrites the first.
        again = source.taizhang("backup", "-o", str(archive))
        assert again.returncode == 1 and "已存在" in again.stderr
        # An installation with data refuses, saying why in Chinese, and is left as it was.
        refused = source.taizhang("restore", str(archive), "--json")
        assert refused.returncode == 1 and "当前安装不是空的" in refused.stdout
        assert json.loads(source.helper("state")) == before
        # A damaged archive and one made by a newer release are refused before anything changes.
        empty = json.loads(target.helper("state"))
        damaged = tmp_path / "damaged.tar.gz"
        _rewrite(archive, damaged, lambda name, data: data[:-1] + b"X" if name.startswith("files/") else data)
        result = target.taizhang("restore", str(damaged), "--json")
        assert result.returncode == 1 and "校验失败" in result.stdout and "未作任何恢复" in result.stdout
        future = tmp_path / "future.tar.gz"
        _rewrite(archive, future, _newer)
        result = target.taizhang("restore", str(future), "--json")
        assert result.returncode == 1 and "更新版本" in result.stdout
        assert "ledger.9999_from_a_later_release" in result.stdout
        assert json.loads(target.helper("state")) == empty

    restored = _ok(target.taizhang("restore", str(archive), "--json"))
    assert restored["files"] == 7
    after = json.loads(target.helper("state"))
    assert after["files"] == before["files"]
    for label, rows in before["records"].items():
        assert after["records"][label] == rows, label
    assert after == before
    # The audit chain, which hashes every event to the microsecond, still verifies.
    assert _ok(target.taizhang("audit", "verify", "--json"))["ok"] is True


def test_a_backup_taken_while_problems_are_being_entered_is_consistent(source, tmp_path):
    """SQLite's online backup while another process writes: the snapshot's audit chain verifies and it holds a
    whole number of the writer's problems, between the count before and after."""
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump and mariadb-dump --single-transaction give this guarantee themselves")
    count = "SELECT COUNT(*) FROM ledger_problem"
    import sqlite3

    def problems(db):
        with sqlite3.connect(db) as conn:
            return conn.execute(count).fetchone()[0]

    live = source.data / "taizhang.sqlite3"
    before = problems(live)
    writer = subprocess.Popen([sys.executable, str(HELPER), "write", "8"], cwd=ROOT, env=source.env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        import time

        time.sleep(3)
        archive = tmp_path / "live.tar.gz"
        _ok(source.taizhang("backup", "-o", str(archive), "--json"))
    finally:
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err[-2000:]
    after = problems(live)
    assert after - before == int(out)
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    with tarfile.open(archive) as tar:
        (snapshot / "taizhang.sqlite3").write_bytes(tar.extractfile("database/taizhang.sqlite3").read())
    assert before <= problems(snapshot / "taizhang.sqlite3") <= after
    check = Installation.__new__(Installation)
    check.data, check.url = snapshot, None
    assert _ok(check.taizhang("audit", "verify", "--json"))["ok"] is True
