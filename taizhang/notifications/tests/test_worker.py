"""Two consumer processes on one Redis queue run each queued task exactly once.

The consumers are real processes started the way deployments start them (`taizhang worker` and
`taizhang run_huey`, after importing the test's probe task), each with its own data directory; the tasks mark
their runs in files, so no shared database is needed. Skipped only when no Redis answers on 127.0.0.1:6379.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own; keys are named after a fresh queue
TASKS = 40


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis 127.0.0.1:6379 is not reachable ({exc}); the multi-consumer test needs it")


# `taizhang <args>`, with the probe task registered first (deployments have no such task).
CONSUMER = ("import sys, django; django.setup(); import taizhang.notifications.tests.probe; "
            "from taizhang.cli import main; main(sys.argv[1:])")


def _consumer(args: list[str], queue: str, data_dir: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "TAIZHANG_REDIS_URL": REDIS_URL,
           "TAIZHANG_QUEUE_NAME": queue, "TAIZHANG_DATA_DIR": str(data_dir),
           "TAIZHANG_WORKERS": "2"}
    data_dir.mkdir()
    with open(log, "w") as out:
        return subprocess.Popen([sys.executable, "-c", CONSUMER, *args], cwd=settings.BASE_DIR, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)  # graceful: let running tasks finish
        try:
            proc.wait(timeout=8)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_two_consumers_run_each_task_exactly_once(tmp_path):
    _redis_or_skip()
    from huey import RedisHuey

    from taizhang.notifications.tests.probe import queue_probe

    queue = f"tz-test-{uuid.uuid4().hex[:10]}"
    huey = RedisHuey(queue, url=REDIS_URL)
    probe = huey.task(context=True)(queue_probe.call_local)  # same task name as the consumers register
    marks = tmp_path / "marks"
    marks.mkdir()
    consumers = []
    try:
        ids = {probe(str(marks), 0.05).id for _ in range(TASKS)}
        assert huey.pending_count() == TASKS
        consumers = [
            _consumer(["worker", "--workers", "2"], queue, tmp_path / "a", tmp_path / "a.log"),
            _consumer(["run_huey", "-w", "2", "-n"], queue, tmp_path / "b", tmp_path / "b.log"),
        ]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(list(marks.glob("*.done"))) < TASKS:
            assert all(c.poll() is None for c in consumers), (tmp_path / "a.log").read_text()[-2000:]
            time.sleep(0.1)
        time.sleep(0.3)  # a duplicate run would show up now
    finally:
        for c in consumers:
            _stop(c)
        huey.storage.flush_all()

    done = {p.name.removesuffix(".done"): p.read_text() for p in marks.glob("*.done")}
    logs = "\n".join((tmp_path / n).read_text()[-1500:] for n in ("a.log", "b.log"))
    assert set(done) == ids, logs
    assert list(marks.glob("*.again")) == [], "a task ran twice"
    assert set(done.values()) <= {str(c.pid) for c in consumers}
    print("tasks per consumer:", {pid: list(done.values()).count(pid) for pid in set(done.values())})
