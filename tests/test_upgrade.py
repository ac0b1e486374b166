"""Upgrades keep every record: a database made by the previous release (tests/data/release-0.1.0) is migrated by
the current code, and every row, problem, figure and password it held is still there and still works."""

from __future__ import annotations

import json
import lzma
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import migrations, models

from taizhang.core.upgrade import classify

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "tests" / "data" / "release-0.1.0"


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAIZHANG_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, "TAIZHANG_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": str(ROOT)}


def _run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=_env(data_dir), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def _taizhang(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return _run(data_dir, sys.executable, "-m", "taizhang.cli", *args)


@pytest.fixture
def release_install(tmp_path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    with lzma.open(RELEASE / "taizhang.sqlite3.xz") as packed, open(data / "taizhang.sqlite3", "wb") as out:
        shutil.copyfileobj(packed, out)
    return data


def test_a_database_of_the_previous_release_upgrades_with_nothing_lost(release_install):
    before = json.loads((RELEASE / "state.json").read_text("utf-8"))

    check = json.loads(_taizhang(release_install, "upgrade-check", "--json").stdout)
    steps = {s["migration"]: s for s in check["migrations"]}
    assert check["pending"] == len(steps) > 10
    assert steps["opinions.0001_initial"]["safe"] is True  # new tables only
    assert steps["reports.0004_report_kind_rectification_label"]["safe"] is True  # a label, no SQL
    assert steps["orgs.0002_user_must_change_password"]["safe"] is False  # a required column on a live table
    assert check["rolling"] is False

    migrated = _taizhang(release_install, "migrate")
    assert "已为升级前的" in migrated.stdout  # the search index is built for the old records
    after = json.loads(_run(release_install, sys.executable, str(ROOT / "tests" / "upgrade_state.py"),
                            "county_office", "Taizhang@2023").stdout)

    assert {label: after["counts"][label] for label in before["counts"]} == before["counts"]
    assert after["problems"] == before["problems"]
    assert after["figures"] == before["figures"]
    assert after["login"] is True
    assert json.loads(_taizhang(release_install, "upgrade-check", "--json").stdout)["pending"] == 0

    number, (title, *_rest) = next(iter(before["problems"].items()))
    found = json.loads(_taizhang(release_install, "search", title, "--json").stdout)
    assert any(item["title"].startswith(number) for item in found["items"])


@pytest.mark.parametrize(("operation", "safe"), [
    (migrations.CreateModel("Note", [("id", models.AutoField(primary_key=True))]), True),
    (migrations.AddIndex("problem", models.Index(fields=["title"], name="p_title")), True),
    (migrations.AddField("problem", "note", models.TextField(null=True)), True),
    (migrations.AddField("problem", "flag", models.BooleanField(db_default=False)), True),
    (migrations.AddField("problem", "flag", models.BooleanField(default=False)), False),
    (migrations.RemoveField("problem", "title"), False),
    (migrations.RenameField("problem", "title", "name"), False),
    (migrations.DeleteModel("Problem"), False),
    (migrations.RunPython(migrations.RunPython.noop), False),
])
def test_only_additive_changes_are_safe_while_the_old_release_runs(operation, safe):
    ok, why = classify(operation)
    assert ok is safe and why
