"""Excel import/export benchmark: `python -m bench.excel --rows 100000 --json`.

In one run, on a fresh SQLite database in a temporary data directory (or, with `--db URL`, on a database of its
own on that PostgreSQL or MariaDB server):

  (a) our full import of an N-problem ledger (read, validate, write problems and measures)
  (b) pandas.read_excel(engine="openpyxl") merely reading the same file
  (c) python-calamine merely reading it
  (d) our export of the N problems (query + xlsxwriter, formats, lights, dates)
  (e) raw xlsxwriter (constant_memory) writing the same cells from lists already in memory
  (f) DataFrame.to_excel(engine="openpyxl") writing the same cells
  (g) the database alone: the imported problems and measures inserted again as the import inserts them (rolled back)

Targets: a/b < 1.0, a/c <= 4, import peak RSS < 500 MB, d/e <= 1.5, d/f < 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

CATEGORIES = ["理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"]
HEAD = ["序号", "责任单位", "问题类别", "问题", "问题表现", "整改措施", "责任领导", "责任人", "整改时限", "备注"]
UNITS = 40


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(path: Path, rows: int) -> None:
    """A ledger as an office types it: title row, header, one row per problem, 1-4 measures in one cell."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("问题清单")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write(0, 0, "某省主题教育检视问题整改台账")
    ws.write_row(1, 0, HEAD)
    base = dt.datetime(2026, 10, 1)
    for i in range(rows):
        r = i + 2
        n = 1 + i % 4
        measures = "\n".join(f"{k}. 第{i + 1}个问题的第{k}项整改措施，明确责任和时限" for k in range(1, n + 1))
        ws.write_row(r, 0, [i + 1, f"测试单位{i % UNITS:02d}", CATEGORIES[i % 6], f"问题{i + 1}：学用结合不够紧密",
                            f"具体表现{i + 1}：调查研究不深入，解决实际问题的办法不多", measures,
                            f"领导{i % 97}", f"责任人{i % 89}"])
        ws.write_datetime(r, 8, base + dt.timedelta(days=i % 90), date_fmt)
        ws.write(r, 9, f"备注{i % 7}")
    wb.close()


BENCH_DB = "tz_bench_excel"


def _server_db(url: str, create: bool) -> str:
    """Create (or drop) the benchmark's own database on the server of `url`; returns the URL of that database."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.scheme.startswith("postgres"):
        import psycopg

        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
            if create:
                conn.execute(f"CREATE DATABASE {BENCH_DB}")
    elif parts.scheme.startswith("mysql"):
        import MySQLdb

        conn = MySQLdb.connect(host=parts.hostname, port=parts.port or 3306, user=parts.username or "root",
                               passwd=parts.password or "")
        cur = conn.cursor()
        cur.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        if create:
            cur.execute(f"CREATE DATABASE {BENCH_DB} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        conn.close()
    else:
        raise SystemExit(f"--db: unsupported database URL {url!r} (postgres:// or mysql://)")
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def setup_django(data_dir: Path, db: str | None = None) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)  # a configured data directory must exist (config/settings.py)
    os.environ["TAIZHANG_DATA_DIR"] = str(data_dir)
    if db:
        os.environ["TAIZHANG_DATABASE_URL"] = _server_db(db, create=True)
    else:
        os.environ.pop("TAIZHANG_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_world():
    from taizhang.campaigns.services import campaign_create
    from taizhang.orgs.models import Unit

    root = Unit.objects.add_root({"code": "R", "name": "测试省委", "kind": "party_committee"})
    for i in range(UNITS):
        root = Unit.objects.get(pk=root.pk)
        Unit.objects.add_child(root, {"code": f"U{i:02d}", "name": f"测试单位{i:02d}", "kind": "organ"})
    root = Unit.objects.get(pk=root.pk)
    campaign = campaign_create(actor=None, name="基准测试", slug="bench", root_unit=root,
                               start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 1, 31))
    return root, campaign


def database_alone() -> float:
    """(g) The database's own share of (a): the imported problems and measures, read back, deleted and inserted
    again in one transaction (then rolled back) by the import's own inserter (`imports.bulk.RowInserter`: several
    rows per statement on SQLite, COPY on PostgreSQL, executemany on MariaDB), with every index and constraint of
    the real tables."""
    from django.db import transaction

    from taizhang.imports.bulk import RowInserter
    from taizhang.ledger.models import Measure, Problem

    tables = []
    for model in (Problem, Measure):
        inserter = RowInserter(model, with_pk=True)
        rows = model.objects.order_by("pk").values(*(f.attname for f in inserter.fields))
        tables.append((inserter, inserter.values(list(rows))))  # adapted for the backend before the clock starts
    elapsed = 0.0
    try:
        with transaction.atomic():
            Measure.objects.all()._raw_delete(Measure.objects.db)
            Problem.objects.all()._raw_delete(Problem.objects.db)
            start = time.perf_counter()
            for inserter, rows in tables:
                inserter.execute(rows)
            elapsed = time.perf_counter() - start
            raise _Undo
    except _Undo:
        pass
    return elapsed


class _Undo(Exception):
    pass


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--db", help="a PostgreSQL or MariaDB server URL (postgres://…, mysql://…): the benchmark "
                                     f"creates its own database {BENCH_DB} there and drops it at the end; "
                                     "default: a fresh SQLite file")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="tz-bench-excel-"))
    source = tmp / "ledger.xlsx"
    gen_s, _ = timed(lambda: generate(source, args.rows))
    setup_django(tmp / "data", args.db)
    from taizhang.imports.export import export_problems
    from taizhang.imports.importers import run_import
    from taizhang.imports.management.commands.export import _Root
    from taizhang.ledger.models import Measure, Problem

    root, campaign = make_world()
    rss_before = _rss_mb()
    a, result = timed(lambda: run_import(actor=None, kind="problems", data=source.read_bytes(),
                                         filename=source.name, campaign=campaign))
    rss_import = _rss_mb()
    assert result.created == args.rows and not result.errors, result.as_dict() | {"errors": result.errors[:5]}
    problems, measures = Problem.objects.count(), Measure.objects.count()

    g = database_alone()

    import pandas as pd
    from python_calamine import CalamineWorkbook

    b, frame = timed(lambda: pd.read_excel(source, engine="openpyxl", header=1))
    c, _ = timed(lambda: CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0).to_python())
    del frame

    out = tmp / "export.xlsx"
    d, exported = timed(lambda: export_problems(user=_Root(root), campaign=campaign, path=out))
    # the same cells as plain lists, prepared outside the timings of (e) and (f)
    from openpyxl import load_workbook  # noqa: F401 - pandas needs it for (f)

    cells = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    headers, ws_rows = list(cells[2]), [list(r) for r in cells[3:]]
    del cells

    def raw_xlsxwriter():
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(tmp / "raw.xlsx"), {"constant_memory": True})
        ws = wb.add_worksheet()
        ws.write_row(0, 0, headers)
        for i, row in enumerate(ws_rows, 1):
            ws.write_row(i, 0, row)
        wb.close()

    e, _ = timed(raw_xlsxwriter)
    df = pd.DataFrame(ws_rows, columns=headers)
    f, _ = timed(lambda: df.to_excel(tmp / "pandas.xlsx", engine="openpyxl", index=False))

    from django.db import connection, connections

    figures = {
        "database": connection.vendor, "rows": args.rows, "problems": problems, "measures": measures, "exported": exported,
        "generate_s": round(gen_s, 2),
        "a_import_s": round(a, 2), "b_pandas_openpyxl_read_s": round(b, 2), "c_calamine_read_s": round(c, 2),
        "g_database_alone_s": round(g, 2), "g_over_c": round(g / c, 3),
        "d_export_s": round(d, 2), "e_xlsxwriter_raw_s": round(e, 2), "f_pandas_to_excel_openpyxl_s": round(f, 2),
        "a_over_b": round(a / b, 3), "a_over_c": round(a / c, 3), "d_over_e": round(d / e, 3),
        "d_over_f": round(d / f, 3),
        "import_peak_rss_mb": round(rss_import, 1), "rss_before_import_mb": round(rss_before, 1),
        "targets_met": {"a/b<1": a / b < 1, "a/c<=4": a / c <= 4, "rss<500MB": rss_import < 500,
                        "d/e<=1.5": d / e <= 1.5, "d/f<1": d / f < 1},
    }
    connections.close_all()
    if args.db and not args.keep:
        _server_db(args.db, create=False)
    if not args.keep:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(figures, ensure_ascii=False) if args.json else json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
