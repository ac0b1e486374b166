from taizhang.audit.services import verify_chain
from taizhang.cli.base import TaizhangCommand


class Command(TaizhangCommand):
    help = "操作留痕：verify 校验哈希链"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("subcommand", choices=["verify"], help="verify：逐条校验哈希链")

    def run(self, subcommand, **options):
        return verify_chain()

    def render_text(self, result):
        if result["ok"]:
            return f"哈希链完整：共 {result['events']} 条记录"
        b = result["broken"]
        return f"哈希链在第 {b['seq']} 条记录处断开（{b['action']}，{b['at']}）：{b['reason']}"
