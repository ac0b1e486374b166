from datetime import date

from taizhang.cli.base import TaizhangCommand
from taizhang.core.exceptions import ValidationFailed
from taizhang.demo import generator as demo


class Command(TaizhangCommand):
    help = "生成演示数据（small ≈ 一个县 60 个单位；county ≈ 600 个单位；province ≈ 20000 个单位）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--size", choices=demo.SIZES, default="small")
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument("--today", default=None, help="以该日期为“今天”生成（YYYY-MM-DD），默认今天")
        parser.add_argument("--if-empty", action="store_true", help="数据库非空时什么也不做（供 make demo 使用）")

    def run(self, size, seed, today=None, if_empty=False, **options):
        if if_empty and not demo.database_is_empty():
            return {"skipped": True, "reason": "数据库中已有数据", "accounts": demo_accounts_hint()}
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise ValidationFailed(f"--today 的值「{today}」不是 YYYY-MM-DD 格式的日期")
        return demo.generate(size=size, seed=seed, today=day)

    def render_text(self, result):
        if result.get("skipped"):
            lines = ["数据库中已有数据，未重新生成演示数据。"]
        else:
            lines = [f"已生成演示数据（{result['size']}）：{result['units']} 个单位，{result['users']} 个用户。"]
            for key, value in result["counts"].items():
                if key not in ("units", "users"):
                    lines.append(f"  {key}: {value}")
        lines.append("")
        lines.append(f"演示账号（密码均为 {demo.DEMO_PASSWORD}）：")
        for a in result["accounts"]:
            lines.append(f"  {a['username']:<16} {a['role']:<10} {a['unit']}")
        return "\n".join(lines)


def demo_accounts_hint():
    from taizhang.orgs.models import RoleAssignment
    from taizhang.orgs.permissions import ROLE_LABELS  # noqa: F401

    named = ["sysadmin", "secadmin", "auditor", "province_office", "province_leader", "city_office",
             "county_office", "county_leader", "county_clerk", "inspector", "township_office", "township_clerk",
             "village_clerk", "member", "dept_clerk"]
    rows = (RoleAssignment.objects.filter(user__username__in=named).select_related("user", "unit")
            .order_by("user__username"))
    seen = set()
    out = []
    for r in rows:
        if r.user.username in seen:
            continue
        seen.add(r.user.username)
        out.append({"username": r.user.username, "password": demo.DEMO_PASSWORD, "role": r.role,
                    "unit": r.unit.name})
    return out
