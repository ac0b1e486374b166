"""`taizhang upgrade-check [--json]`: the migrations an upgrade would apply and whether the old release's app
servers may keep running while they do (taizhang.core.upgrade)."""

from taizhang.cli.base import TaizhangCommand
from taizhang.core.upgrade import upgrade_check


class Command(TaizhangCommand):
    help = "升级前检查：列出待执行的数据库迁移，判断能否在不停服务的情况下升级"

    def run(self, **options):
        return upgrade_check()

    def render_text(self, result):
        if not result["pending"]:
            return "数据库已是最新结构，没有待执行的迁移"
        lines = [f"待执行迁移 {result['pending']} 个："]
        for step in result["migrations"]:
            mark = "可在线执行" if step["safe"] else "需停服务"
            lines.append(f"  {step['migration']}：{mark}")
            lines += [f"    - {op['why']}" for op in step["operations"] if not op["safe"]]
        lines.append("")
        lines.append("全部为新增结构：可先执行 taizhang migrate，再逐台重启应用服务（不停服务升级）"
                     if result["rolling"] else
                     "含有非新增的变更：请先备份（taizhang backup），停止应用服务和任务进程，执行 taizhang migrate 后再启动")
        return "\n".join(lines)
