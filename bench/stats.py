"""Benchmark of the statistics roll-up against the practical limit, in the same run.

    python -m bench.stats --size province [--db URL] [--repeat 5] --json

(a) stats_for(root) for the whole catalogue counted from the records (one aggregate query per model, ORM-built —
    today's recomputation, `cells.recounting()`);
(b) ONE hand-written SQL statement computing the same problems.* and measures.* figures directly;
(c) ranking of the root's children (one GROUP BY per model), counted from the records;
(d) a county's full dashboard context, to show it costs in proportion to the county's rows;
(e) stats_for(root) as the product computes it: problem figures from the maintained cells (stats.cells), and
    whether every figure equals (a);
(f) the root's dashboard page as its office gets it (GET /stats/u/<root>/ through the Django test client, logged in
    as the office of the root unit), from the cells and, alternating in the same run, counted from the records.
Prints medians (ms), the ratio a/b and the speed-ups; exits 1 when any figure differs. With an empty database the demo data of `--size` is generated first
(into TAIZHANG_DATA_DIR or the database given by --db).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time


def _setup(db: str | None):
    if db:
        os.environ["TAIZHANG_DATABASE_URL"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _time(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm the caches once
    runs, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), result


BASELINE_SQL = """
SELECT
  p.found, p.listed, p.closed, p.closed_on_time, p.overdue, p.due_soon, p.red, p.yellow, p.immediate, p.long_term,
  p.research,
  (SELECT COUNT(DISTINCT cr.problem_id) FROM ledger_closurerequest cr JOIN ledger_problem p2 ON p2.id = cr.problem_id
     JOIN orgs_unit u ON u.id = p2.unit_id
     WHERE p2.campaign_id = %(c)s AND u.path >= %(lo)s AND u.path < %(hi)s AND cr.decision = 'returned') AS returned,
  (SELECT COUNT(DISTINCT lb.problem_id) FROM ledger_lookback lb JOIN ledger_problem p2 ON p2.id = lb.problem_id
     JOIN orgs_unit u ON u.id = p2.unit_id
     WHERE p2.campaign_id = %(c)s AND u.path >= %(lo)s AND u.path < %(hi)s AND lb.verdict = 'rebound') AS reopened,
  m.total, m.done
FROM
  (SELECT COUNT(*) AS found,
     SUM(CASE WHEN p.status <> 'withdrawn' THEN 1 ELSE 0 END) AS listed,
     SUM(CASE WHEN p.status = 'closed' THEN 1 ELSE 0 END) AS closed,
     SUM(CASE WHEN p.status = 'closed' AND (p.deadline IS NULL OR p.deadline >= p.closed_on) THEN 1 ELSE 0 END) AS closed_on_time,
     SUM(CASE WHEN p.deadline < %(today)s AND p.status NOT IN ('closed', 'withdrawn') THEN 1 ELSE 0 END) AS overdue,
     SUM(CASE WHEN p.deadline >= %(today)s AND p.deadline <= %(soon)s AND p.status NOT IN ('closed', 'withdrawn') THEN 1 ELSE 0 END) AS due_soon,
     SUM(CASE WHEN p.deadline < %(today)s AND p.status NOT IN ('closed', 'withdrawn') THEN 1 ELSE 0 END) AS red,
     SUM(CASE WHEN NOT (p.deadline IS NOT NULL AND p.deadline < %(today)s AND p.status NOT IN ('closed', 'withdrawn'))
          AND ((p.deadline >= %(today)s AND p.deadline <= %(soon)s AND p.status NOT IN ('closed', 'withdrawn'))
               OR (p.status = 'in_progress' AND p.returned_pending)) THEN 1 ELSE 0 END) AS yellow,
     SUM(CASE WHEN p.status <> 'withdrawn' AND p.kind = 'immediate' THEN 1 ELSE 0 END) AS immediate,
     SUM(CASE WHEN p.status <> 'withdrawn' AND p.kind = 'long_term' THEN 1 ELSE 0 END) AS long_term,
     SUM(CASE WHEN p.source = 'research' THEN 1 ELSE 0 END) AS research
   FROM ledger_problem p JOIN orgs_unit u ON u.id = p.unit_id
   WHERE p.campaign_id = %(c)s AND u.path >= %(lo)s AND u.path < %(hi)s) p,
  (SELECT COUNT(*) AS total, SUM(CASE WHEN m.status = 'done' THEN 1 ELSE 0 END) AS done
   FROM ledger_measure m JOIN ledger_problem p ON p.id = m.problem_id JOIN orgs_unit u ON u.id = p.unit_id
   WHERE p.campaign_id = %(c)s AND u.path >= %(lo)s AND u.path < %(hi)s) m
"""


def baseline(unit, campaign, on):
    """The hand-written statement: problems.* and measures.* in one round trip."""
    from datetime import timedelta

    from django.db import connection

    from taizhang.orgs.scope import path_upper_bound

    sql = BASELINE_SQL
    params = {"c": campaign.pk, "lo": unit.path, "hi": path_upper_bound(unit.path), "today": on,
              "soon": on + timedelta(days=campaign.due_soon_days)}
    if connection.vendor == "mysql":
        sql = sql.replace("p.returned_pending)", "p.returned_pending = 1)")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _dashboard_page(root, campaign, repeat: int) -> dict:
    """(f): the root office's dashboard page, from the cells and counted from the records, alternating."""
    import re

    from django.test import Client

    from taizhang.orgs import permissions as P
    from taizhang.orgs.models import RoleAssignment
    from taizhang.stats import cells

    office = (RoleAssignment.objects.filter(unit=root, role=P.OFFICE, include_subunits=True, user__is_active=True)
              .select_related("user").order_by("user__username").first())
    if office is None:
        return {"f_dashboard": "no office account at the root unit"}
    client = Client()
    client.force_login(office.user)
    url = f"/stats/u/{root.code}/?campaign={campaign.slug}"

    def get():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response.content.decode()

    def figures(html: str) -> list[str]:
        # the numbers the page prints next to each figure link (the page's own markup, urls left out)
        return re.findall(r'data-figure-link="([^"]+)"[^>]*>\s*([^<]*)<', html)

    def recounted():
        with cells.recounting():
            return get()

    get(), recounted()  # warm both
    kept_runs, counted_runs, kept_html, counted_html = [], [], "", ""
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        kept_html = get()
        kept_runs.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        counted_html = recounted()
        counted_runs.append((time.perf_counter() - started) * 1000)
    kept_ms, counted_ms = statistics.median(kept_runs), statistics.median(counted_runs)
    return {"f_dashboard_user": office.user.username, "f_dashboard_url": url,
            "f_dashboard_from_cells_ms": round(kept_ms, 1), "f_dashboard_counted_ms": round(counted_ms, 1),
            "f_dashboard_runs_ms": [round(x) for x in kept_runs],
            "f_dashboard_counted_runs_ms": [round(x) for x in counted_runs],
            "speedup_dashboard": round(counted_ms / kept_ms, 1),
            "f_page_figures": len(figures(kept_html)),
            "f_same_page_figures": figures(kept_html) == figures(counted_html)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="统计汇总基准测试")
    parser.add_argument("--size", default="county", choices=["small", "county", "province"])
    parser.add_argument("--db", help="数据库 URL（默认 TAIZHANG_DATABASE_URL 或数据目录下的 SQLite）")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--campaign", default="theme-2")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    _setup(args.db)

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from taizhang.campaigns.models import Campaign
    from taizhang.demo import generator as demo
    from taizhang.ledger.models import Measure, Problem
    from taizhang.orgs.models import Unit
    from taizhang.stats import cells, rollup
    from taizhang.stats.models import ProblemCell
    from taizhang.stats.views import dashboard_context

    call_command("migrate", verbosity=0)  # a new data directory or --db server starts empty
    generated = None
    if demo.database_is_empty():
        started = time.perf_counter()
        demo.generate(args.size)
        generated = round(time.perf_counter() - started, 1)
    campaign = Campaign.objects.select_related("root_unit").get(slug=args.campaign)
    root = campaign.root_unit
    today = timezone.localdate()
    with cells.recounting():
        a_ms, a = _time(lambda: rollup.stats_for(root, campaign), args.repeat)
        b_ms, b = _time(lambda: baseline(root, campaign, today), args.repeat)
        c_ms, ranked = _time(lambda: rollup.ranking(root, campaign, "problems.close_rate"), args.repeat)
    kept = cells.state_for(campaign, root) is not None
    e_ms, e = _time(lambda: rollup.stats_for(root, campaign), args.repeat)
    cell_mismatches = {k: (e[k], a[k]) for k in a if e[k] != a[k]}
    page = _dashboard_page(root, campaign, args.repeat)
    found, listed, closed, on_time, overdue, due_soon, red, yellow, immediate, long_term, research, returned, \
        reopened, m_total, m_done = b
    same = {"problems.found": found, "problems.listed": listed, "problems.closed": closed,
            "problems.closed_on_time": on_time, "problems.overdue": overdue, "problems.due_soon": due_soon,
            "problems.red": red, "problems.yellow": yellow, "problems.immediate": immediate,
            "problems.long_term": long_term, "research.problems_found": research, "problems.returned": returned,
            "problems.reopened": reopened, "measures.total": m_total, "measures.done": m_done}
    mismatches = {k: (a[k], int(v or 0)) for k, v in same.items() if a[k] != int(v or 0)}
    # A county (the first child with children that is a county-level unit) and its dashboard.
    county = (Unit.objects.filter(path__startswith=root.path, depth=root.depth + (2 if args.size == "province" else 0))
              .order_by("path").first())
    county_rows = Problem.objects.filter(campaign=campaign).filter(county.subtree_q("unit")).count()
    with cells.recounting():
        d_ms, _ = _time(lambda: dashboard_context(None, county, campaign), max(1, args.repeat // 2 + 1))
    total_rows = Problem.objects.filter(campaign=campaign).count()
    result = {
        "size": args.size, "database": connection.vendor, "generated_seconds": generated,
        "problems": total_rows, "measures": Measure.objects.filter(problem__campaign=campaign).count(),
        "units": Unit.objects.count(),
        "a_stats_for_root_ms": round(a_ms, 1), "b_hand_sql_ms": round(b_ms, 1), "ratio_a_b": round(a_ms / b_ms, 2),
        "c_ranking_children_ms": round(c_ms, 1), "children": len(ranked),
        "county": county.code, "county_problems": county_rows, "d_county_dashboard_ms": round(d_ms, 1),
        "mismatches": mismatches,
        "cells_kept": kept, "cell_rows": ProblemCell.objects.filter(campaign=campaign).count(),
        "e_stats_for_root_from_cells_ms": round(e_ms, 1), "speedup_a_e": round(a_ms / e_ms, 1),
        "cell_mismatches": cell_mismatches, **page,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")
    return 1 if mismatches or cell_mismatches or page["f_same_page_figures"] is False else 0


if __name__ == "__main__":
    sys.exit(main())
