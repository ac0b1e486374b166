"""The app server processes of a benchmark: `taizhang serve` (gunicorn) and `taizhang worker` started on this machine
with production settings (DEBUG off, a fresh secret key, PostgreSQL and Redis given by URL), the way an installation
runs them (deploy/systemd). Shared by bench.scaleout and bench.load."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PASSWORD = "Taizhang@2023"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """The processes of the run, all sharing one database, one Redis and one data directory."""

    def __init__(self, db: str, redis_url: str, data_dir: Path, **extra_env: str):
        self.env = {**os.environ, "TAIZHANG_DATABASE_URL": db, "TAIZHANG_REDIS_URL": redis_url,
                    "TAIZHANG_DATA_DIR": str(data_dir), "TAIZHANG_SECRET_KEY": secrets.token_urlsafe(40),
                    "TAIZHANG_DEBUG": "false", "TAIZHANG_ALLOWED_HOSTS": "127.0.0.1",
                    "TAIZHANG_LOGIN_FAILURE_LIMIT": "50", "DJANGO_SETTINGS_MODULE": "config.settings", **extra_env}
        self.procs: dict[str, subprocess.Popen] = {}
        self.ports: dict[str, int] = {}

    def cli(self, *args: str, timeout: int = 1200) -> None:
        done = subprocess.run([sys.executable, "-m", "taizhang.cli", *args], env=self.env, capture_output=True,
                              text=True, timeout=timeout)
        if done.returncode:
            raise SystemExit(f"taizhang {' '.join(args)} 失败：\n{done.stderr[-3000:]}")

    def start_server(self, name: str, workers: int | None = 2) -> str:
        """`taizhang serve` on a free port; `workers=None` keeps the command's own default (cores + 1)."""
        port = self.ports[name] = free_port()
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "taizhang.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
             *(["--workers", str(workers)] if workers else [])], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return base
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"应用服务 {name} 未能启动")

    def start_worker(self, name: str) -> None:
        self.procs[name] = subprocess.Popen([sys.executable, "-m", "taizhang.cli", "worker"], env=self.env,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                            start_new_session=True)

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        proc = self.procs.pop(name, None)
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)

    def stop(self) -> None:
        for name in list(self.procs):
            self.kill(name, signal.SIGTERM)
