"""Benchmark of full-text search against a LIKE scan of the same rows, in the same run.

    python -m bench.search [--size county] [--rows 100000] [--db URL] [--repeat 5] --json

On the demo data of `--size` (generated first into an empty database: TAIZHANG_DATA_DIR or --db), with the
index padded to `--rows` rows by copies of the demo's own records (realistic campaign text; the copies are
index rows only), each query of QUERIES is answered twice as the results page does it for the top-most office
(count per kind and the first 20 rows):
(a) through the index (`taizhang.search.selectors.search_entries`: jieba tokens, FTS5 / PostgreSQL GIN /
    MariaDB token table), and
(b) by `text LIKE '%query%'` over the same rows of the same table with the same scope filter — the ledger
    list's old keyword filter, applied to every kind of record.
Prints medians (ms) per query and overall, and the ratio b/a (target ≥ 10). The counts differ where a query of
several words finds records holding the words apart (the index) but not side by side (LIKE).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time

from bench.stats import _setup, _time  # the benchmarks set up Django and time a call one way

QUERIES = ["形式主义", "理论学习", "基层负担", "为民办实事", "整改落实", "差不多", "调查研究", "群众满意度",
           "联系服务群众", "三会一课"]


def _pad(rows: int) -> int:
    """Copy index rows (with object ids beyond every real one) until the index holds `rows` rows."""
    from django.db import transaction
    from django.db.models import Max

    from taizhang.search.index import uses_token_table
    from taizhang.search.models import SearchEntry, SearchToken

    have = SearchEntry.objects.count()
    if have >= rows or not have:
        return have
    originals = list(SearchEntry.objects.order_by("id").values(
        "kind", "object_id", "parent_id", "campaign_id", "unit_id", "status", "confidential", "title", "text",
        "tokens"))
    base = (SearchEntry.objects.aggregate(m=Max("object_id"))["m"] or 0) + 1
    copy = 0
    while have < rows:
        copy += 1
        offset = base * copy  # each copy's object ids lie in a range of their own
        batch = [SearchEntry(**{**row, "object_id": row["object_id"] + offset}) for row in originals[: rows - have]]
        with transaction.atomic():
            SearchEntry.objects.bulk_create(batch, batch_size=2000)
            if uses_token_table():
                ids = {(kind, oid): pk for kind, oid, pk in SearchEntry.objects.filter(
                    object_id__gte=offset, object_id__lt=offset + base).values_list("kind", "object_id", "pk")}
                SearchToken.objects.bulk_create(
                    [SearchToken(entry_id=ids[e.kind, e.object_id], token=t) for e in batch
                     for t in sorted(set(e.tokens.split()))], batch_size=5000)
        have += len(batch)
    return have


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="全文检索基准测试")
    parser.add_argument("--size", default="county", choices=["small", "county", "province"])
    parser.add_argument("--rows", type=int, default=0, help="把索引补足到这么多行（用演示数据的文本复制）")
    parser.add_argument("--db", help="数据库 URL（默认 TAIZHANG_DATABASE_URL 或数据目录下的 SQLite）")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    _setup(args.db)

    from django.core.management import call_command
    from django.db import connection

    from taizhang.demo import generator as demo
    from taizhang.orgs import permissions as P
    from taizhang.orgs.models import RoleAssignment
    from taizhang.search import selectors
    from taizhang.search.index import index_missing
    from taizhang.search.models import SearchEntry

    call_command("migrate", verbosity=0)
    generated = None
    if demo.database_is_empty():
        started = time.perf_counter()
        demo.generate(args.size)
        generated = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    indexed = index_missing()
    index_seconds = round(time.perf_counter() - started, 1)
    rows = _pad(args.rows) if args.rows else SearchEntry.objects.count()
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # The top-most office: its scope is the whole tree, so both ways read every row.
    office = (RoleAssignment.objects.filter(role=P.OFFICE).select_related("user", "unit")
              .order_by("unit__depth", "id").first().user)

    def by_index(q):
        qs = selectors.search_entries(office, q)
        return selectors.kind_counts(qs), [e.pk for e in selectors.rows(qs, slice(0, 20))]

    def by_like(q):
        qs = selectors.visible_entries(office).filter(text__contains=q).order_by("-object_id", "kind")
        return selectors.kind_counts(qs), [e.pk for e in selectors.rows(qs, slice(0, 20))]

    per_query, a_all, b_all = [], [], []
    for q in QUERIES:
        a_ms, (a_counts, _) = _time(lambda q=q: by_index(q), args.repeat)
        b_ms, (b_counts, _) = _time(lambda q=q: by_like(q), args.repeat)
        a_all.append(a_ms)
        b_all.append(b_ms)
        per_query.append({"query": q, "index_ms": round(a_ms, 1), "like_ms": round(b_ms, 1),
                          "ratio": round(b_ms / a_ms, 1) if a_ms else None,
                          "index_found": sum(a_counts.values()), "like_found": sum(b_counts.values())})
    a_med, b_med = statistics.median(a_all), statistics.median(b_all)
    result = {
        "size": args.size, "database": connection.vendor, "generated_seconds": generated,
        "indexed_now": indexed, "index_seconds": index_seconds, "rows": rows,
        "machine": f"{os.cpu_count()} CPU {platform.machine()}, {platform.python_implementation()} "
                   f"{platform.python_version()}, load {os.getloadavg()[0]:.1f}",
        "median_index_ms": round(a_med, 1), "median_like_ms": round(b_med, 1),
        "ratio_like_over_index": round(b_med / a_med, 1) if a_med else None,
        "queries": per_query,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for k, v in result.items():
            if k != "queries":
                print(f"{k}: {v}")
        for row in per_query:
            print(f"  {row['query']}: 索引 {row['index_ms']} ms（{row['index_found']} 条），"
                  f"LIKE {row['like_ms']} ms（{row['like_found']} 条），{row['ratio']}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
