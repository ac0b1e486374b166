"""`taizhang search QUERY [--campaign SLUG] [--unit CODE] [--kind KIND] [--status S] [--user NAME] [--limit N] --json`
and `taizhang search reindex`.

Without --user the search runs as the system operator: every record of the index except confidential materials;
with --user it finds what that account may see, as the page and the API do.
"""

from __future__ import annotations

import sys

from taizhang.cli.base import TaizhangCommand, UsageError
from taizhang.search.models import SearchKind


class Command(TaizhangCommand):
    help = "全文检索：taizhang search 关键词 [--campaign 标识] [--unit 单位编码] --json；taizhang search reindex 重建索引"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("words", nargs="+", metavar="QUERY", help="关键词；reindex：重建全部索引")
        parser.add_argument("--campaign", default=None, help="专项工作标识")
        parser.add_argument("--unit", default=None, help="单位编码（含下级单位）")
        parser.add_argument("--kind", default=None, choices=[k for k, _ in SearchKind.choices],
                            help="记录类型")
        parser.add_argument("--status", default="", help="状态代码")
        parser.add_argument("--user", default=None, help="以该账号的权限范围检索")
        parser.add_argument("--limit", type=int, default=50, help="最多输出条数（默认 50）")

    def run(self, words, campaign=None, unit=None, kind=None, status="", user=None, limit=50, **options):
        if words == ["reindex"]:
            if campaign or unit or kind or status or user:
                raise UsageError("reindex 不接受 --campaign、--unit、--kind、--status、--user 参数")
            return self._reindex()
        if limit < 0:
            raise UsageError(f"参数 --limit 的取值 {limit} 无效，须不小于 0")
        from taizhang.search import selectors

        query = " ".join(words).strip()
        terms = selectors.query_terms(query)
        if not terms:
            raise UsageError(f"关键词「{query}」中没有可检索的词")
        camp = self.campaign_by_slug(campaign) if campaign else None
        root = self.unit_by_code(unit) if unit else None
        account = self.user_by_username(user) if user else None
        qs = (selectors.search_entries(account, query, kind=kind or "", campaign=camp, unit=root, status=status)
              if account else selectors.operator_entries(query, kind=kind or "", campaign=camp, unit=root,
                                                         status=status))
        counts = selectors.kind_counts(qs)
        items = [h.as_dict() for h in selectors.hits(selectors.rows(qs, slice(0, limit), terms), terms)]
        for item in items:
            item["snippet"] = selectors.plain(item["snippet"])
        return {"ok": True, "query": query, "terms": terms, "campaign": campaign, "unit": unit,
                "count": sum(counts.values()), "counts": counts, "items": items}

    def _reindex(self) -> dict:
        from taizhang.search.index import rebuild

        def progress(kind, n):
            if sys.stderr.isatty():
                sys.stderr.write(f"\r{kind}: {n}")

        counts = rebuild(progress=progress)
        return {"ok": True, "reindexed": counts, "total": sum(counts.values())}

    def render_text(self, result):
        if "reindexed" in result:
            parts = "，".join(f"{k} {v}" for k, v in result["reindexed"].items())
            return f"索引已重建：共 {result['total']} 条（{parts}）"
        lines = [f"「{result['query']}」：共 {result['count']} 条"]
        for item in result["items"]:
            lines.append(f"  [{item['kind_label']}] {item['title']}  {item['unit_name']}  {item['url']}")
            lines.append(f"      {item['snippet']}")
        return "\n".join(lines)
