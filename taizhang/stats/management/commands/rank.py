"""taizhang rank --campaign SLUG --unit CODE --metric KEY --json — the unit's direct children ranked on a metric."""

from taizhang.cli.base import TaizhangCommand, add_campaign_unit
from taizhang.stats import rollup
from taizhang.stats.management.commands.stats import unit_for


class Command(TaizhangCommand):
    help = "排名：单位的直属下级按某一统计指标排序"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_campaign_unit(parser, unit_required=True, unit_help="单位编码")
        parser.add_argument("--metric", required=True, help="指标键，如 problems.close_rate")
        parser.add_argument("--kind", default="", help="只统计该类型的单位")
        parser.add_argument("--asc", action="store_true", help="从小到大排序")
        parser.add_argument("--as", dest="as_user", help="以该用户的权限范围查询（默认不限）")

    def run(self, campaign, unit, metric, kind="", asc=False, as_user=None, **_):
        c = self.campaign_by_slug(campaign)
        u = unit_for(self, unit, as_user)
        rows = rollup.ranking(u, c, metric, unit_kind=kind or None, descending=not asc)
        return {"unit": u.code, "campaign": c.slug, "metric": metric,
                "rows": [{"rank": r["rank"], "unit": r["code"], "unit_name": r["name"], "value": r["value"]}
                         for r in rows]}
