"""taizhang campaign carry-over --from SLUG --to SLUG — 承接上一批次未完成的整改问题（幂等）."""

from taizhang.cli.base import TaizhangCommand
from taizhang.ledger.services import campaign_carry_over


class Command(TaizhangCommand):
    help = "专项工作：carry-over 把上一批次未完成的问题承接到新批次（可重复执行，不会重复复制）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("subcommand", choices=["carry-over"])
        parser.add_argument("--from", dest="source", required=True, help="源专项工作标识")
        parser.add_argument("--to", dest="target", required=True, help="目标专项工作标识")
        parser.add_argument("--as", dest="as_user", help="操作人用户名（默认：系统）")

    def run(self, subcommand, source, target, as_user=None, **options):
        actor = self.user_by_username(as_user) if as_user else None
        return {"ok": True, **campaign_carry_over(actor=actor, source=self.campaign_by_slug(source),
                                                  target=self.campaign_by_slug(target))}

    def render_text(self, result):
        return (f"已从「{result['from']}」承接 {result['copied']} 个问题到「{result['to']}」"
                f"（此前已承接 {result['skipped_already_carried']} 个）")
