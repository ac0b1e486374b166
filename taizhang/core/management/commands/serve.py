"""Run the production web server (gunicorn). Without Redis it also runs the embedded task consumer."""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动生产环境 Web 服务（gunicorn）"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) + 1))
        parser.add_argument("--no-consumer", action="store_true", help="不在本进程组中启动后台任务消费者")

    def handle(self, host, port, workers, no_consumer, **options):
        consumer = None
        if not settings.REDIS_URL and not no_consumer:
            # Embedded mode: one command gives a working system, queue kept in the data directory.
            consumer = subprocess.Popen([sys.executable, "-m", "taizhang.cli", "run_huey"])
        cmd = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{host}:{port}",
               "--workers", str(workers), "--access-logfile", "-", "--timeout", "120"]
        self.stdout.write(f"taizhang 服务地址：http://{host}:{port}/")
        try:
            sys.exit(subprocess.call(cmd))
        finally:
            if consumer is not None:
                consumer.terminate()
