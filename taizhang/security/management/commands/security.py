from django.conf import settings

from taizhang.cli.base import TaizhangCommand
from taizhang.security import accounts, lockout


class Command(TaizhangCommand):
    help = ("账号安全：accounts 列出需关注的账号（默认或演示密码、初始密码未修改、从未登录、长期未登录）；"
            "lockouts 列出当前的登录锁定")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("subcommand", choices=["accounts", "lockouts"])

    def run(self, subcommand, **options):
        if subcommand == "accounts":
            flagged = accounts.flagged_accounts(None)
            return {"ok": True, "dormant_days": settings.TAIZHANG_DORMANT_DAYS, "counts": accounts.counts(flagged),
                    "reasons": accounts.REASONS, "accounts": [f.as_dict() for f in flagged]}
        rows = lockout.lockouts()
        return {"ok": True, "lockouts": [{"kind": r.kind, "username": r.username, "ip": r.ip, "failures": r.failures,
                                          "last_at": r.last_at.isoformat(), "until": r.until.isoformat()}
                                         for r in rows]}

    def render_text(self, result):
        if "accounts" in result:
            lines = [f"需关注的账号 {len(result['accounts'])} 个"]
            lines += [f"{a['username']}\t{a['name']}\t{a['unit_name']}\t{'；'.join(a['reason_labels'])}"
                      for a in result["accounts"]]
            return "\n".join(lines)
        lines = [f"当前登录锁定 {len(result['lockouts'])} 处"]
        lines += [f"{r['kind']}\t{r['username']}\t{r['ip']}\t失败 {r['failures']} 次\t至 {r['until'][:19]}"
                  for r in result["lockouts"]]
        return "\n".join(lines)
