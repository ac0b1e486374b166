"""taizhang stats — the catalogue for a unit's subtree; taizhang stats snapshot — write the daily snapshot.

    taizhang stats --campaign theme-2 --unit 330521 [--as-of 2026-11-01] [--keys k1,k2] [--kind branch] --json
    taizhang stats snapshot [--date 2026-11-28] [--campaign theme-2] --json
    taizhang stats rebuild [--campaign theme-2] --json   (the maintained cells, from the records)
"""

from datetime import date

from django.utils import timezone

from taizhang.cli.base import TaizhangCommand
from taizhang.core.exceptions import ValidationFailed
from taizhang.stats import rollup, snapshots
from taizhang.stats.catalogue import parse_keys


def parse_day(text: str | None, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(f"日期「{text}」格式不正确，应为 YYYY-MM-DD", field=field) from None


def unit_for(command, code: str, as_user: str | None):
    """The unit by code; with --as, only when that user may see its statistics."""
    from taizhang.stats.selectors import stats_unit

    if as_user:
        return stats_unit(command.user_by_username(as_user), code)
    return command.unit_by_code(code)


class Command(TaizhangCommand):
    help = "统计：输出单位（含下级）在专项工作中的统计指标；snapshot 生成每日统计快照"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--campaign", help="专项工作标识")
        parser.add_argument("--unit", help="单位编码（含下级）")
        parser.add_argument("--as-of", dest="as_of", help="统计日期 YYYY-MM-DD（过去的日期读取快照）")
        parser.add_argument("--keys", default="", help="指标键，逗号分隔（默认全部）")
        parser.add_argument("--kind", default="", help="只统计该类型的单位，如 branch（党支部）")
        parser.add_argument("--as", dest="as_user", help="以该用户的权限范围查询（默认不限）")
        sub = parser.add_subparsers(dest="subcommand")
        snap = sub.add_parser("snapshot", help="生成统计快照（默认今天、全部进行中的专项工作）")
        snap.add_argument("--date", help="快照日期 YYYY-MM-DD")
        snap.add_argument("--campaign", dest="snap_campaign", help="专项工作标识")
        snap.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出结果")
        build = sub.add_parser("rebuild", help="从问题记录重新生成统计汇总单元（升级后、批量写入后执行）")
        build.add_argument("--campaign", dest="build_campaign", help="专项工作标识（默认全部）")
        build.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出结果")

    def run(self, subcommand=None, **o):
        if subcommand == "snapshot":
            day = parse_day(o.get("date"), "date")
            if o.get("snap_campaign"):
                return {"snapshots": [snapshots.snapshot_take(self.campaign_by_slug(o["snap_campaign"]), day)]}
            return {"snapshots": snapshots.snapshot_all(day)}
        if subcommand == "rebuild":
            from taizhang.stats import cells

            if o.get("build_campaign"):
                return {"rebuilt": [cells.rebuild(self.campaign_by_slug(o["build_campaign"]))]}
            return {"rebuilt": cells.rebuild_all()}
        if not o.get("campaign") or not o.get("unit"):
            raise ValidationFailed("请用 --campaign 和 --unit 指定专项工作和单位")
        campaign = self.campaign_by_slug(o["campaign"])
        unit = unit_for(self, o["unit"], o.get("as_user"))
        as_of = parse_day(o.get("as_of"), "as_of")
        values = rollup.stats_for(unit, campaign, as_of=as_of, keys=parse_keys(o.get("keys")),
                                  unit_kind=o.get("kind") or None)
        return {"unit": unit.code, "unit_name": unit.name, "campaign": campaign.slug,
                "as_of": as_of or timezone.localdate(), "metrics": values}
