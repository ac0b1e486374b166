"""The `taizhang` command's contract: --json output, exit status 0 / 1 / 2, Chinese messages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _taizhang(*args, data_dir):
    env = {**os.environ, "TAIZHANG_DATA_DIR": str(data_dir)}  # DJANGO_SETTINGS_MODULE: the test settings
    env.pop("TAIZHANG_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "taizhang.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("demo")
    assert _taizhang("migrate", "-v", "0", data_dir=data_dir).returncode == 0
    return data_dir


def test_demo_prints_units_users_campaigns_and_accounts(demo_dir):
    result = _taizhang("demo", "--size", "small", "--seed", "7", "--json", data_dir=demo_dir)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert 50 <= out["units"] <= 80
    assert {c["slug"] for c in out["campaigns"]} == {"theme-1", "theme-2"}
    roles = {a["role"] for a in out["accounts"]}
    assert roles >= {"office", "leader", "clerk", "inspector", "member", "sysadmin", "secadmin", "auditor"}
    assert all(a["password"] for a in out["accounts"])
    clerks = [a for a in out["accounts"] if a["role"] == "clerk" and a["username"].startswith("township")]
    assert len(clerks) == 2 and clerks[0]["unit"] != clerks[1]["unit"]  # two townships' clerks to compare
    assert out["counts"]["lookback_plans"] >= 1 and out["counts"]["snapshot_days"] >= 28


def test_demo_refuses_a_database_that_has_data(demo_dir):
    result = _taizhang("demo", "--size", "small", data_dir=demo_dir)
    assert result.returncode == 1
    assert "数据库中已有数据" in result.stderr


def test_audit_verify_is_ok_after_the_demo(demo_dir):
    result = _taizhang("audit", "verify", "--json", data_dir=demo_dir)
    assert result.returncode == 0
    assert json.loads(result.stdout)["ok"] is True


def test_wrong_usage_exits_with_status_2(demo_dir):
    result = _taizhang("demo", "--size", "enormous", data_dir=demo_dir)
    assert result.returncode == 2


def test_the_same_seed_gives_the_same_tree(tmp_path):
    names = []
    for sub in ("a", "b"):
        d = tmp_path / sub
        d.mkdir()
        _taizhang("migrate", "-v", "0", data_dir=d)
        out = json.loads(_taizhang("demo", "--seed", "11", "--json", data_dir=d).stdout)
        names.append([a["unit"] for a in out["accounts"]])
    assert names[0] == names[1]
