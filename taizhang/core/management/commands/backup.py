"""`taizhang backup -o FILE [--portable] [--json]`: the database and every stored file in one archive
(taizhang.core.backup)."""

from pathlib import Path

from taizhang.cli.base import TaizhangCommand
from taizhang.core import backup


class Command(TaizhangCommand):
    help = "备份数据库和全部已存储的文件到一个归档文件（系统运行时也可执行）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("-o", "--output", required=True, help="备份文件路径（.tar.gz，不覆盖已有文件）")
        parser.add_argument("--portable", action="store_true",
                            help="用可移植的 JSON 格式备份数据库（可恢复到 SQLite、PostgreSQL、MariaDB 中任一种）")

    def run(self, output, portable=False, **options):
        return backup.backup(Path(output), portable=portable)

    def render_text(self, result):
        size = result["size"] / 1024 / 1024
        return (f"备份完成：{result['file']}（{size:.1f} MB）\n"
                f"  数据库：{result['database']['vendor']}，方式 {result['database']['method']}\n"
                f"  文件：{result['files']} 个，迁移：{result['migrations']} 个")
