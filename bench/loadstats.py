"""The figures of a load run (bench.load): per endpoint class, the mixed workload as a whole, the health endpoint
as the framework's floor, and whether the target holds. Pure functions over the recorded samples, so they are
tested without running a server (tests/test_bench_loadstats.py)."""

from __future__ import annotations

import math

# Classes that are not part of the mixed workload's total: the health endpoint is the floor it is compared with,
# and logging in (an Argon2 hash, deliberately slow) happens once per user while the users start, before timing.
FLOOR = "healthz"
NOT_MIXED = (FLOOR, "login")
TARGET_FACTOR = 10.0
ERROR_SAMPLES = 5


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile `p` (0–100) of `values` (any order); 0.0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(latencies_ms: list[float], errors: list[str], seconds: float) -> dict:
    """Requests (answered or failed), throughput, p50/p95/p99 of every request's time, errors and their first
    samples."""
    requests = len(latencies_ms)
    return {"requests": requests, "throughput_rps": round(requests / seconds, 2) if seconds > 0 else 0.0,
            "p50_ms": round(percentile(latencies_ms, 50), 1), "p95_ms": round(percentile(latencies_ms, 95), 1),
            "p99_ms": round(percentile(latencies_ms, 99), 1),
            "max_ms": round(max(latencies_ms), 1) if latencies_ms else 0.0,
            "errors": len(errors), "error_samples": errors[:ERROR_SAMPLES]}


def target(mixed: dict, floor: dict, errors: int, factor: float = TARGET_FACTOR) -> dict:
    """The target: no errors anywhere (`errors` counts every class, logging in too), and the mixed workload's p95
    within `factor` times the floor's p95."""
    ratio = round(mixed["p95_ms"] / floor["p95_ms"], 2) if floor["p95_ms"] > 0 else None
    no_errors = errors == 0
    within = ratio is not None and ratio <= factor and mixed["requests"] > 0
    return {"p95_ratio_mixed_to_healthz": ratio, "factor": factor, "no_errors": no_errors,
            "p95_within_factor": within, "holds": no_errors and within}


def report(samples: dict[str, list[float]], errors: dict[str, list[str]], seconds: float) -> dict:
    """Every class on its own, the mixed workload (every class but the floor and logging in), the floor, all
    requests together, and the target."""
    names = sorted(set(samples) | set(errors))
    classes = {name: summarise(samples.get(name, []), errors.get(name, []), seconds) for name in names}
    mixed_names = [n for n in names if n not in NOT_MIXED]
    mixed = summarise([v for n in mixed_names for v in samples.get(n, [])],
                      [e for n in mixed_names for e in errors.get(n, [])], seconds)
    timed = [n for n in names if n != "login"]
    total = summarise([v for n in timed for v in samples.get(n, [])],
                      [e for n in timed for e in errors.get(n, [])], seconds)
    floor = classes.get(FLOOR) or summarise([], [], seconds)
    return {"classes": classes, "mixed": mixed, "healthz": floor, "total": total, "target": target(mixed, floor, sum(len(e) for e in errors.values()))}
