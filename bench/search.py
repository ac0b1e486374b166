"""Benchmark of full-text search against a LIKE scan of the same rows, in the same run.

    python -m bench.search [--size county] [--rows 100000] [--db URL] [--repeat 5] --json
    python -m bench.search --problems 1000000 [--db URL] --json      # province size, generated index rows

On the demo data of `--size` (generated first into an empty database: TAIZHANG_DATA_DIR or --db), with the
index padded to `--rows` rows by copies of the demo's own records (realistic campaign text; the copies are
index rows only), each query of QUERIES is answered twice as the results page does it for the top-most office
(the matches of each kind counted up to 1,001 — the page says "1000+" above — and the first five of each kind):
(a) through the index (`taizhang.search.selectors.search_entries`: jieba tokens, FTS5 / PostgreSQL GIN /
    MariaDB token table), and
(b) by `text LIKE '%query%'` over the same rows of the same table with the same scope filter, newest record
    first — the ledger list's old keyword filter, applied to every kind of record (it has no ranking to do).
With `--problems N` (province size: 1,000,000) and an index holding fewer problem rows, the index is first filled
with N generated problems and their measures and progress reports (1–4 and 0–3 each, as the demo's ledger step
draws them), written by the demo's own phrase generator (taizhang.demo.phrases) over the demo's units and
campaigns — index rows only, no ledger records. Texts are drawn from a pool of generated statements tokenised once
each (jieba would otherwise take hours) and the rows are written by INSERT … SELECT inside the database (SQLite
and PostgreSQL); every problem has its own number, unit, campaign and status, its measures and progress reports
the problem's unit and campaign. Given a
province demo database by --db instead, its own rows are measured as they are.
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


POOL = {"problem": 12000, "measure": 10000, "progress": 5000}
CHUNK = 50_000  # problems written per statement (each chunk its own transaction)


def _pool(rng, kind: str, n: int) -> list[tuple[str, str, str]]:
    """`n` generated texts of `kind`: (title, text, tokens)."""
    from taizhang.demo import phrases
    from taizhang.search.tokenize import index_tokens

    categories = list(phrases.PROBLEM_CATEGORIES)
    out = []
    for _ in range(n):
        category = rng.choice(categories)
        if kind == "problem":
            title = phrases.problem_title(rng, category)
            text = "\n".join((title, phrases.problem_description(rng, category), phrases.target_text(rng, category),
                              phrases.person_name(rng)))
        elif kind == "measure":
            title, text = "", phrases.measure_text(rng, category) + "\n" + phrases.person_name(rng)
        else:
            title, text = "", phrases.progress_text(rng, rng.randint(0, 100))
        out.append((title, text, " ".join(index_tokens(text))))
    return out


# One statement per kind and chunk writes the rows inside the database (Python would build millions of objects):
# problem g (from..to) takes pool statement (g·7919) mod n, unit (g·31) mod units, campaign g mod campaigns; it
# has 1–4 measures ((g·13) mod 4 + 1) and 0–3 progress reports ((g·17) mod 4), each with a pool text of its own.
_SERIES = {
    "postgresql": "generate_series(%(lo)s::bigint, %(hi)s::bigint) AS s(g)",
    "sqlite": "(WITH RECURSIVE s(g) AS (SELECT %(lo)s UNION ALL SELECT g + 1 FROM s WHERE g < %(hi)s) "
              "SELECT g FROM s) AS s",
}
_INSERT = """INSERT INTO search_searchentry (kind, object_id, parent_id, campaign_id, unit_id, status, confidential,
    title, text, tokens, updated_at)
SELECT %(kind)s, %(object_id)s, %(parent_id)s, c.id, u.id, %(status)s, %(false)s, %(title)s, %(text)s,
    %(tokens)s, CURRENT_TIMESTAMP
FROM %(series)s %(fanout)s
JOIN bench_unit u ON u.n = (s.g * 31) %% %(units)s
JOIN bench_campaign c ON c.n = s.g %% %(campaigns)s
JOIN bench_pool p ON p.kind = %(kind)s AND p.n = (%(pick)s) %% %(pool)s
%(where)s"""


def _generate(problems: int, *, seed: int = 16, log=None) -> int:
    """Fill the index with `problems` generated problem rows and their measures' and progress reports' rows."""
    import random

    from django.db import connection, transaction
    from django.db.models import Max

    from taizhang.campaigns.models import Campaign
    from taizhang.orgs.models import Unit
    from taizhang.search.models import SearchEntry, SearchKind

    vendor = connection.vendor
    if vendor not in _SERIES:
        raise SystemExit("--problems 只支持 SQLite 和 PostgreSQL（MariaDB 的词表索引请用 --rows）")
    have = SearchEntry.objects.filter(kind=SearchKind.PROBLEM).count()
    if have >= problems:
        return 0
    rng = random.Random(seed)
    pools = {kind: _pool(rng, kind, n) for kind, n in POOL.items()}
    units = list(Unit.objects.values_list("pk", flat=True))
    campaigns = list(Campaign.objects.values_list("pk", "number_prefix"))
    base = max(SearchEntry.objects.aggregate(m=Max("object_id"))["m"] or 0, 10**7)
    before = SearchEntry.objects.count()
    with connection.cursor() as cursor:
        for table in ("bench_pool", "bench_unit", "bench_campaign"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute("CREATE TABLE bench_pool (kind varchar(16), n integer, title text, text text, tokens text)")
        cursor.execute("CREATE TABLE bench_unit (n integer, id bigint)")
        cursor.execute("CREATE TABLE bench_campaign (n integer, id bigint, prefix text)")
        cursor.executemany("INSERT INTO bench_pool VALUES (%s, %s, %s, %s, %s)",
                           [(kind, i, *row) for kind, rows in pools.items() for i, row in enumerate(rows)])
        cursor.executemany("INSERT INTO bench_unit VALUES (%s, %s)", list(enumerate(units)))
        cursor.executemany("INSERT INTO bench_campaign VALUES (%s, %s, %s)",
                           [(i, pk, prefix) for i, (pk, prefix) in enumerate(campaigns)])
    number = "c.prefix || '-' || CAST(s.g AS TEXT)"
    newline = "char(10)" if vendor == "sqlite" else "chr(10)"
    statuses = ("CASE s.g %% 8 WHEN 0 THEN 'pending' WHEN 4 THEN 'review' WHEN 5 THEN 'closed' WHEN 6 THEN 'closed' "
                "WHEN 7 THEN 'withdrawn' ELSE 'in_progress' END")
    fanout = {"postgresql": "CROSS JOIN generate_series(1, 4) AS k(i)",
              "sqlite": "CROSS JOIN (SELECT 1 AS i UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) AS k"}[vendor]
    kinds = [
        {"kind": "'problem'", "object_id": f"{base} + s.g", "parent_id": "NULL", "status": statuses,
         "title": f"substr({number} || ' ' || p.title, 1, 200)", "text": f"{number} || {newline} || p.text",
         "tokens": f"lower({number}) || ' ' || p.tokens", "fanout": "", "pick": "s.g * 7919",
         "pool": POOL["problem"], "where": ""},
        {"kind": "'measure'", "object_id": f"{base} + s.g * 4 + k.i", "parent_id": f"{base} + s.g",
         "status": "CASE (s.g + k.i) %% 3 WHEN 0 THEN 'todo' WHEN 1 THEN 'doing' ELSE 'done' END",
         "title": number, "text": "p.text", "tokens": "p.tokens", "fanout": fanout,
         "pick": "s.g * 4 + k.i * 104729", "pool": POOL["measure"], "where": "WHERE k.i <= (s.g * 13) %% 4 + 1"},
        {"kind": "'progress'", "object_id": f"{base} + s.g * 4 + k.i", "parent_id": f"{base} + s.g",
         "status": "''", "title": number, "text": "p.text", "tokens": "p.tokens", "fanout": fanout,
         "pick": "s.g * 4 + k.i * 7907", "pool": POOL["progress"], "where": "WHERE k.i <= (s.g * 17) %% 4"},
    ]
    false = "false" if vendor == "postgresql" else "0"
    for lo in range(have + 1, problems + 1, CHUNK):
        hi = min(problems, lo + CHUNK - 1)
        with transaction.atomic(), connection.cursor() as cursor:
            for k in kinds:
                sql = _INSERT % {**k, "false": false, "units": len(units), "campaigns": len(campaigns),
                                 "series": _SERIES[vendor] % {"lo": lo, "hi": hi}}
                cursor.execute(sql.replace("%%", "%"))
        if log:
            log(hi)
    with connection.cursor() as cursor:
        for table in ("bench_pool", "bench_unit", "bench_campaign"):
            cursor.execute(f"DROP TABLE {table}")
    return SearchEntry.objects.count() - before


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="全文检索基准测试")
    parser.add_argument("--size", default="county", choices=["small", "county", "province"])
    parser.add_argument("--rows", type=int, default=0, help="把索引补足到这么多行（用演示数据的文本复制）")
    parser.add_argument("--db", help="数据库 URL（默认 TAIZHANG_DATABASE_URL 或数据目录下的 SQLite）")
    parser.add_argument("--problems", type=int, default=0,
                        help="把索引补足到这么多个问题及其措施、进展（用演示数据的语句生成；省级约 1000000）")
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
    started = time.perf_counter()
    generated_rows = _generate(args.problems, log=lambda n: print(f"已生成 {n} 个问题", file=sys.stderr, flush=True)) \
        if args.problems else 0
    generated_rows_seconds = round(time.perf_counter() - started, 1)
    rows = _pad(args.rows) if args.rows else SearchEntry.objects.count()
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # The top-most office: its scope is the whole tree, so both ways read every row.
    office = (RoleAssignment.objects.filter(role=P.OFFICE).select_related("user", "unit")
              .order_by("unit__depth", "id").first().user)

    def by_index(q):
        """The results page: the counts per kind (capped as the page caps them) and the first rows of each kind."""
        result = selectors.grouped(office, q)
        return result.counts, [[h.id for h in hits] for _, _, _, hits in result.groups]

    def by_like(q):
        """The same page from the old keyword filter: the substring anywhere in the text, newest record first."""
        qs = selectors.visible_entries(office).filter(text__contains=q)
        # Each kind counted up to the same cap, walking its records newest first: a LIKE has no index to read the
        # matches through, and the walk stops as soon as a common word has filled the count.
        counts = {kind: n for kind in selectors.KIND_ORDER
                  if (n := qs.filter(kind=kind).order_by("-object_id")[: selectors.COUNT_CAP + 1].count())}
        return counts, [list(qs.filter(kind=kind).order_by("-object_id").values_list("object_id", flat=True)[:5])
                        for kind in counts]

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
        "generated_rows": generated_rows, "generated_rows_seconds": generated_rows_seconds,
        "problem_rows": SearchEntry.objects.filter(kind="problem").count(),
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
