"""Run background consumers (huey). With Redis set, start as many as needed on any machine."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动后台任务处理进程（提醒、统计快照、大批量导入导出、报告生成）"

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=None, help="线程数")

    def handle(self, workers=None, **options):
        args = ["-w", str(workers)] if workers else []
        call_command("run_huey", *args)
