from taizhang.audit.services import prune_events, seal_chain, verify_chain
from taizhang.cli.base import TaizhangCommand, UsageError


class Command(TaizhangCommand):
    help = "操作留痕：verify 校验哈希链；seal 用留痕密钥封存已有记录；prune --days N 清理 N 天前的记录（N 不少于 180）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("subcommand", choices=["verify", "seal", "prune"],
                            help="verify：逐条校验哈希链；seal：引入留痕密钥后封存；prune：清理过期记录")
        parser.add_argument("--days", type=int, default=None, help="prune：清理多少天以前的记录（不少于 180）")

    def run(self, subcommand, days=None, **options):
        if subcommand == "verify":
            return verify_chain()
        if subcommand == "seal":
            return seal_chain()
        if days is None:
            raise UsageError("prune 须指定 --days（不少于 180）")
        return prune_events(days=days)

    def render_text(self, result):
        if "deleted" in result:
            return f"已清理 {result['deleted']} 条 {result['cutoff'][:10]} 以前的留痕记录"
        if "broken" not in result and "keyed" not in result:
            return f"已用留痕密钥封存 {result['events']} 条记录"
        keyed = "（已用留痕密钥）" if result.get("keyed") else "（未设置留痕密钥）"
        if result["ok"]:
            return f"哈希链完整{keyed}：共 {result['events']} 条记录"
        b = result["broken"]
        return f"哈希链在第 {b['seq']} 条记录处断开（{b['action']}，{b['at']}）：{b['reason']}"
