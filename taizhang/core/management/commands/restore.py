"""`taizhang restore FILE [--json]`: restore a backup into an empty installation (taizhang.core.backup)."""

from pathlib import Path

from taizhang.cli.base import TaizhangCommand
from taizhang.core import backup


class Command(TaizhangCommand):
    help = "把备份恢复到空的安装中（先校验备份的完整性和数据库迁移状态；已有数据的安装拒绝恢复）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", help="taizhang backup 生成的备份文件")

    def run(self, file, **options):
        return backup.restore(Path(file))

    def render_text(self, result):
        return (f"恢复完成：{result['file']}（备份于 {result['created_at']}，taizhang {result['taizhang_version']}）\n"
                f"  数据库：{result['database']['method']}，共 {result['rows']} 行\n"
                f"  文件：{result['files']} 个；恢复后执行的新迁移：{result['migrations_applied_after']} 个")
