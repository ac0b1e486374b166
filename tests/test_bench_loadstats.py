"""The figures of the load test (bench.loadstats): percentiles, the per-class and mixed summaries, the health
endpoint as the floor and the target. The load test itself is run by hand (python -m bench.load), never in CI."""

from bench.loadstats import percentile, report, summarise, target


def test_percentile_is_the_nearest_rank_in_any_order():
    values = [float(v) for v in range(100, 0, -1)]  # 100 … 1
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 95) == 0.0


def test_a_summary_counts_requests_throughput_and_the_first_error_samples():
    errors = [f"GET /ledger/p/{i}/: 500" for i in range(8)]
    s = summarise([10.0, 20.0, 30.0, 40.0], errors, seconds=2.0)
    assert s["requests"] == 4 and s["throughput_rps"] == 2.0
    assert (s["p50_ms"], s["p95_ms"], s["p99_ms"], s["max_ms"]) == (20.0, 40.0, 40.0, 40.0)
    assert s["errors"] == 8 and s["error_samples"] == errors[:5]


def test_the_mixed_total_leaves_out_the_floor_and_the_logins():
    samples = {"list": [100.0] * 90 + [300.0] * 10, "detail": [50.0] * 100, "healthz": [5.0] * 100,
               "login": [900.0] * 50}
    r = report(samples, {}, seconds=10.0)
    assert r["mixed"]["requests"] == 200 and r["mixed"]["p99_ms"] == 300.0
    assert r["healthz"]["requests"] == 100 and r["healthz"]["p95_ms"] == 5.0
    assert r["total"]["requests"] == 300  # the timed requests: mixed and floor, not the logins
    assert set(r["classes"]) == {"list", "detail", "healthz", "login"}
    assert r["target"] == {"p95_ratio_mixed_to_healthz": 20.0, "factor": 10.0, "no_errors": True,
                           "p95_within_factor": False, "holds": False}


def test_the_target_holds_within_ten_times_the_floor_and_without_errors():
    floor = summarise([10.0] * 20, [], 1.0)
    assert target(summarise([100.0] * 20, [], 1.0), floor, errors=0)["holds"]
    assert not target(summarise([101.0] * 20, [], 1.0), floor, errors=0)["holds"]
    assert not target(summarise([50.0] * 20, [], 1.0), floor, errors=1)["holds"]


def test_an_error_in_logging_in_breaks_the_target():
    r = report({"list": [10.0], "healthz": [10.0], "login": [500.0]}, {"login": ["POST /login/: 403"]}, 1.0)
    assert r["mixed"]["errors"] == 0 and r["classes"]["login"]["errors"] == 1
    assert r["target"]["no_errors"] is False and r["target"]["holds"] is False


def test_no_floor_measured_means_no_ratio():
    r = report({"list": [10.0]}, {}, 1.0)
    assert r["target"]["p95_ratio_mixed_to_healthz"] is None and not r["target"]["holds"]
