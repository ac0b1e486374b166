"""Run the production web server (gunicorn). Without Redis it also runs the embedded task consumer, so one
command gives a working system; with Redis, consumers run separately (`taizhang worker`)."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动生产环境 Web 服务（gunicorn）；未配置 Redis 时同时启动后台任务处理"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) + 1))
        parser.add_argument("--no-consumer", action="store_true", help="不在本命令中启动后台任务处理进程")

    def handle(self, host, port, workers, no_consumer, **options):
        children: list[subprocess.Popen] = []
        if not settings.REDIS_URL and not no_consumer:
            children.append(subprocess.Popen([sys.executable, "-m", "taizhang.cli", "run_huey"]))
        access = []
        if settings.TAIZHANG_LOG_FORMAT == "json":
            from taizhang.core.logging import GUNICORN_ACCESS_FORMAT

            access = ["--access-logformat", GUNICORN_ACCESS_FORMAT]
        web = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi:application",
                                "--bind", f"{host}:{port}", "--workers", str(workers),
                                "--access-logfile", "-", *access, "--timeout", "120"])
        children.append(web)
        self.stdout.write(f"taizhang 服务地址：http://{host}:{port}/")
        self.stdout.flush()

        def stop(signum, frame):
            # Pass the signal on, so stopping `taizhang serve` stops the web server and the consumer with it.
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = web.wait()
        stop(None, None)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        sys.exit(code)
