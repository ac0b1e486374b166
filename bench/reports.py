"""Benchmark: the stage summary (阶段性工作总结) of the campaign's root unit against computing its statistics
alone, in the same run. Target: the report costs at most twice the statistics.

    mkdir -p /tmp/bench-county && TAIZHANG_DATA_DIR=/tmp/bench-county python -m bench.reports --size county --json

The database of TAIZHANG_DATA_DIR is used as it is when it already holds demo data; otherwise it is
migrated and `taizhang demo --size SIZE` is generated first (province takes a long while).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _ensure_data(size: str) -> dict:
    from django.core.management import call_command

    from taizhang.demo import generator as demo

    call_command("migrate", verbosity=0)
    if not demo.database_is_empty():
        return {"generated": False}
    started = time.perf_counter()
    demo.generate(size=size, seed=2023)
    return {"generated": True, "seconds": round(time.perf_counter() - started, 1)}


def _timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def run(size: str, repeat: int) -> dict:
    from taizhang.campaigns.models import Campaign
    from taizhang.ledger.models import Problem
    from taizhang.reports.builders import stage_summary
    from taizhang.reports.request import ReportRequest
    from taizhang.reports.services import report_render
    from taizhang.stats.rollup import stats_for

    data = _ensure_data(size)
    campaign = Campaign.objects.filter(active=True).select_related("root_unit").order_by("-start_date").first()
    unit = campaign.root_unit
    keys = stage_summary.KEYS
    stats_for(unit, campaign, keys=keys)  # warm the connection and caches the same way for both
    size_bytes = []

    def report():
        size_bytes.append(len(report_render(ReportRequest("stage-summary", unit, campaign)).content))

    # Alternate the two so a busy machine slows both alike; compare medians.
    stats, rendered = [], []
    for _ in range(repeat):
        stats += _timed(lambda: stats_for(unit, campaign, keys=keys), 1)
        rendered += _timed(report, 1)
    s, r = statistics.median(stats), statistics.median(rendered)
    return {
        "size": size, "unit": unit.code, "campaign": campaign.slug, "repeat": repeat, "data": data,
        "problems": Problem.objects.filter(campaign=campaign).count(),
        "stats_seconds": round(s, 4), "report_seconds": round(r, 4), "ratio": round(r / s, 2),
        "target_ratio": 2.0, "ok": r <= 2 * s, "docx_bytes": size_bytes[-1],
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "county", "province"), default="county")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    _setup()
    result = run(args.size, args.repeat)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{args.size}: statistics {result['stats_seconds']} s, stage summary {result['report_seconds']} s, "
              f"ratio {result['ratio']} (target ≤ 2)")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
