"""Timing helper: `python -m taizhang.imports.sheets.bench FILE` prints read/parse times."""

from __future__ import annotations

import sys
import time

from .ledger import parse_ledger
from .reader import read_workbook


def bench_read(path: str) -> dict[str, float | int]:
    """Read and parse every sheet of `path`; seconds spent and counts."""
    start = time.perf_counter()
    sheets = read_workbook(path)
    read = time.perf_counter()
    records = errors = rows = 0
    for sheet in sheets:
        rows += len(sheet.rows)
        result = parse_ledger(sheet)
        records += len(result.records)
        errors += len(result.errors)
    done = time.perf_counter()
    return {"read_s": read - start, "parse_s": done - read, "rows": rows, "records": records, "errors": errors}


if __name__ == "__main__":  # pragma: no cover
    for arg in sys.argv[1:]:
        print(arg, bench_read(arg))
