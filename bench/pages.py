"""The pages people open most, timed at a data size, with what the database holds and the plans of the slowest.

    python -m bench.pages [--db URL] [--campaign theme-2] [--repeat 3] [--explain 5] --json

On the demo data already in the database (generate it first: `taizhang demo --size province`), for the office of
the campaign's root unit, of a unit one level below, of one two levels below and for a clerk of a unit below that,
each page of PAGES is requested through the Django test client (logged in, the campaign chosen) once to warm and
then `--repeat` times; the median, the number of SQL statements and the slowest statement are kept. For the
`--explain` slowest pages the slowest statement is run again under EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL
(EXPLAIN elsewhere). The database's size, the largest tables and the largest indexes are printed as well — the
figures of docs/scaling.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from bench.stats import _setup

# (name, path) — {campaign} and {unit} are filled in per account; {problem} is a problem of the account's scope.
PAGES = [
    ("首页", "/"),
    ("看板", "/stats/u/{unit}/?campaign={campaign}"),
    ("问题台账", "/ledger/?campaign={campaign}"),
    ("问题台账·超期", "/ledger/?campaign={campaign}&overdue=1"),
    ("问题台账·关键词", "/ledger/?campaign={campaign}&q=%E5%BD%A2%E5%BC%8F%E4%B8%BB%E4%B9%89"),
    ("问题详情", "/ledger/p/{problem}/"),
    ("整改措施", "/ledger/measures/?campaign={campaign}"),
    ("待办", "/ledger/todo/"),
    ("组织树", "/org/units/"),
    ("全文检索", "/search/?q=%E5%BD%A2%E5%BC%8F%E4%B8%BB%E4%B9%89"),
    ("调研课题", "/research/?campaign={campaign}"),
    ("为民办实事", "/matters/?campaign={campaign}"),
    ("建章立制", "/institutions/?campaign={campaign}"),
    ("材料", "/materials/?campaign={campaign}"),
    ("督办单", "/supervision/?campaign={campaign}"),
    ("报告", "/reports/?campaign={campaign}"),
    ("共性问题", "/quality/clusters/?campaign={campaign}"),
    ("征求意见", "/opinions/queue/?campaign={campaign}"),
    ("消息", "/notifications/"),
]


def _accounts(campaign):
    """(label, user, unit) for the offices of the root, a unit one and two levels below, and a clerk below that."""
    from taizhang.orgs import permissions as P
    from taizhang.orgs.models import RoleAssignment

    root = campaign.root_unit
    found = []
    for label, depth, role in (("root office", 0, P.OFFICE), ("level 1 office", 1, P.OFFICE),
                               ("level 2 office", 2, P.OFFICE), ("clerk below", 3, P.CLERK)):
        a = (RoleAssignment.objects.filter(role=role, user__is_active=True, unit__path__startswith=root.path,
                                           unit__depth=root.depth + depth)
             .select_related("user", "unit").order_by("unit__path", "user__username").first())
        if a is not None:
            found.append((label, a.user, a.unit))
    return found


def _problem_in(unit, campaign):
    from taizhang.ledger.models import Problem

    return (Problem.objects.filter(campaign=campaign).filter(unit.subtree_q("unit")).order_by("-id")
            .values_list("pk", flat=True).first())


def _time_page(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm
    status = response.status_code
    runs, queries = [], []
    for _ in range(max(1, repeat)):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            runs.append((time.perf_counter() - started) * 1000)
        queries = ctx.captured_queries
    slowest = max(queries, key=lambda q: float(q["time"]), default=None)
    return {"status": status, "ms": round(statistics.median(runs), 1), "queries": len(queries),
            "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
            "slowest_sql_ms": round(float(slowest["time"]) * 1000, 1) if slowest else 0.0,
            "slowest_sql": slowest["sql"] if slowest else ""}


def _explain(sql: str) -> str:
    from django.db import connection

    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return ""
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else (
        "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ")
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())


def sizes(top: int = 12) -> dict:
    """The database's size, the largest tables (with their indexes) and the largest indexes, in MB."""
    import os

    from django.db import connection

    mb = 1024 * 1024
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            total = cursor.fetchone()[0]
            cursor.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid), pg_indexes_size(c.oid), "
                "c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 2 DESC LIMIT %s", [top])
            tables = [{"table": t, "total_mb": round(a / mb, 1), "heap_mb": round(h / mb, 1),
                       "indexes_mb": round(i / mb, 1), "rows": int(r)} for t, a, h, i, r in cursor.fetchall()]
            cursor.execute(
                "SELECT c.relname, t.relname, pg_relation_size(c.oid) FROM pg_class c JOIN pg_index x "
                "ON x.indexrelid = c.oid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 3 DESC LIMIT %s", [top])
            indexes = [{"index": i, "table": t, "mb": round(s / mb, 1)} for i, t, s in cursor.fetchall()]
        elif connection.vendor == "mysql":
            cursor.execute(
                "SELECT table_name, data_length + index_length, data_length, index_length, table_rows "
                "FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 2 DESC")
            rows = cursor.fetchall()
            total = sum(r[1] or 0 for r in rows)
            tables = [{"table": t, "total_mb": round((a or 0) / mb, 1), "heap_mb": round((h or 0) / mb, 1),
                       "indexes_mb": round((i or 0) / mb, 1), "rows": int(r or 0)} for t, a, h, i, r in rows[:top]]
            indexes = []
        else:
            total = os.path.getsize(connection.settings_dict["NAME"])
            tables, indexes = [], []
    return {"database_mb": round(total / mb, 1), "tables": tables, "indexes": indexes}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="常用页面耗时与数据库规模")
    parser.add_argument("--db", help="数据库 URL（默认 TAIZHANG_DATABASE_URL 或数据目录下的 SQLite）")
    parser.add_argument("--campaign", default="theme-2")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", type=int, default=5, help="给出最慢的几个页面中最慢语句的执行计划")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    _setup(args.db)

    from django.db import connection
    from django.test import Client

    from taizhang.campaigns.models import Campaign
    from taizhang.ledger.models import Problem

    campaign = Campaign.objects.select_related("root_unit").get(slug=args.campaign)
    pages = []
    for label, user, unit in _accounts(campaign):
        client = Client()
        client.force_login(user)
        problem = _problem_in(unit, campaign)
        for name, path in PAGES:
            if "{problem}" in path and problem is None:
                continue
            url = path.format(campaign=campaign.slug, unit=unit.code, problem=problem)
            pages.append({"account": label, "user": user.username, "unit": unit.code, "page": name, "url": url,
                          **_time_page(client, url, args.repeat)})
            print(f'{label} {name} {pages[-1]["ms"]:.0f} ms', file=sys.stderr, flush=True)  # a long run shows where it is
    slowest = sorted(pages, key=lambda p: -p["ms"])
    for page in slowest[: args.explain]:
        page["plan"] = _explain(page["slowest_sql"])
    result = {"database": connection.vendor, "campaign": campaign.slug,
              "problems": Problem.objects.filter(campaign=campaign).count(), "sizes": sizes(),
              "pages": pages, "slowest": [(p["account"], p["page"], p["ms"]) for p in slowest[:10]],
              "errors": [(p["account"], p["page"], p["status"]) for p in pages if p["status"] >= 400]}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for p in pages:
            print(f'{p["account"]:>15} {p["page"]:<10} {p["ms"]:>9.1f} ms  {p["queries"]:>4} q  '
                  f'slowest {p["slowest_sql_ms"]:.1f} ms')
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
