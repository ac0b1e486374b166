"""Scale-out: two taizhang app servers and two task consumers sharing one PostgreSQL and one Redis.

    python -m bench.scaleout [--db postgres://postgres@127.0.0.1:5432/taizhang_scaleout]
                             [--redis redis://127.0.0.1:6379/7] [--users 12] [--seconds 30] --json

It creates the database afresh (and empties the Redis database), loads the small demo data, starts app servers A
and B (`taizhang serve`, gunicorn) on two ports and two consumers (`taizhang worker`), and shows:

1. a change made through A (a progress report posted on a problem's page) is on the page served by B at once;
2. a session opened by logging in on A is honoured on B;
3. the every-minute periodic job, enqueued by both consumers' schedulers, runs once per minute (the other
   execution is skipped: taizhang.core.periodic);
4. throughput with one app server and with two in the same run (a mixed load of list, detail, dashboard and
   health pages from `--users` concurrent logged-in users), and a run with two servers in which B is killed
   (SIGKILL) halfway: the load generator sends an idempotent request that found B gone to A, as the nginx
   site does (proxy_next_upstream), and counts any request that could not be served.

Everything runs on this machine, so the two app servers share its cores: throughput with two servers shows the
cost of the second server, not a gain a second machine would bring (see docs/scaling.md).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from bench.servers import PASSWORD, Cluster

LOAD_USERS = ("county_office", "county_leader", "township_office", "township_clerk", "village_clerk")


class Browser:
    """A logged-in user: a cookie jar, and the CSRF token of the last page read."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=30) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, ""

    def post(self, url: str, data: dict, referer: str) -> tuple[int, str]:
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        req = urllib.request.Request(url, data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode(),
                                     headers={"Referer": referer})
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, ""

    def login(self, base: str, username: str) -> bool:
        self.get(base + "/login/")
        self.post(base + "/login/", {"username": username, "password": PASSWORD}, referer=base + "/login/")
        return any(c.name == "sessionid" for c in self.jar)


def consistency(a: str, b: str, problem_pk: int) -> dict:
    """A change through A is on B's page at once; A's session is honoured by B."""
    user = Browser()
    assert user.login(a, "county_office"), "登录失败"
    status_b, home_b = user.get(b + "/")
    session_on_b = status_b == 200 and "/login/" not in home_b[:2000] and "退出" in home_b
    page = f"/ledger/p/{problem_pk}/"
    user.get(a + page)
    marker = f"横向扩展验证 {uuid.uuid4().hex[:8]}"
    posted, _ = user.post(a + page + "progress/", {"text": marker, "percent": "60"}, referer=a + page)
    started = time.perf_counter()
    _, seen = user.get(b + page)
    return {"session_on_other_server": session_on_b, "write_through_a_status": posted,
            "change_seen_on_b": marker in seen, "read_after_write_ms": round((time.perf_counter() - started) * 1000, 1)}


def sessions(base: str, plans: list[tuple[str, list[str]]], users: int) -> list[tuple[Browser, list[str]]]:
    """`users` logged-in users (the demo accounts in turn), each with the pages it reads. Logging in (an Argon2
    hash, deliberately slow) happens here, before any load is timed."""
    out = []
    for i in range(users):
        username, urls = plans[i % len(plans)]
        user = Browser()
        if not user.login(base, username):
            raise SystemExit(f"演示账号 {username} 登录失败")
        out.append((user, urls))
    return out


def load(bases: list[str], users: list[tuple[Browser, list[str]]], seconds: float, kill_at: float | None = None,
         on_kill=None) -> dict:
    """Each user requests its pages in turn, on the servers round robin, for `seconds`. A request that cannot
    reach its server (connection refused or reset: the server is gone) goes to the next server once, as the
    reverse proxy does with an idempotent request; a request that no server could serve is an error."""
    latencies: list[float] = []
    errors: list[str] = []
    retried = [0]
    lock = threading.Lock()
    alive = list(bases)
    deadline = time.perf_counter() + seconds

    def worker(i: int) -> None:
        user, urls = users[i]
        n = i
        while time.perf_counter() < deadline:
            path = urls[n % len(urls)]
            n += 1
            servers = list(alive)
            targets = servers[n % len(servers):] + servers[: n % len(servers)]
            started = time.perf_counter()
            ok = None
            for base in targets[:2]:
                try:
                    with user.opener.open(base + path, timeout=60) as r:
                        r.read()
                        ok = r.status == 200
                    break
                except urllib.error.HTTPError as e:
                    ok = False
                    with lock:
                        errors.append(f"{e.code} {path}")
                    break
                except OSError:
                    with lock:
                        retried[0] += 1
            with lock:
                if ok:
                    latencies.append((time.perf_counter() - started) * 1000)
                elif ok is None:
                    errors.append(f"unreachable {path}")

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(len(users))]
    begun = time.perf_counter()
    for t in threads:
        t.start()
    if kill_at is not None:
        time.sleep(kill_at)
        on_kill()
        alive.pop()  # the proxy marks the server down after its failures; requests already sent are retried
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - begun
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(len(lat) * p))], 1) if lat else 0.0

    return {"servers": len(bases), "users": len(users), "seconds": round(elapsed, 1), "requests": len(lat),
            "throughput_rps": round(len(lat) / elapsed, 1), "p50_ms": pct(0.5), "p95_ms": pct(0.95),
            "p99_ms": pct(0.99), "mean_ms": round(statistics.mean(lat), 1) if lat else 0.0,
            "errors": len(errors), "error_samples": errors[:5], "retried_on_other_server": retried[0]}


def page_plans(campaign) -> list[tuple[str, list[str]]]:
    """What each demo account reads: the ledger list and a filtered list, a problem of its scope, its home page,
    the health endpoint and — for those with a dashboard — the dashboard of its unit."""
    from taizhang.ledger.models import Problem
    from taizhang.orgs.models import User
    from taizhang.orgs.scope import has_action
    from taizhang.stats.selectors import default_unit

    plans = []
    for username in LOAD_USERS:
        user = User.objects.get(username=username)
        problem = next(p for p in Problem.objects.filter(campaign=campaign).select_related("unit").order_by("-id")
                       if has_action(user, "view", p.unit))
        urls = ["/ledger/", f"/ledger/p/{problem.pk}/", "/ledger/?status=in_progress", "/healthz", "/"]
        unit = default_unit(user)
        if unit is not None:
            urls.append(f"/stats/u/{unit.code}/?campaign={campaign.slug}")
        plans.append((username, urls))
    return plans


def periodic_runs(minutes: list[str]) -> list[dict]:
    """For each full minute of the run: did the every-minute job run, and how many executions were skipped."""
    from django.core.cache import cache

    name = "notifications.send_pending_every_minute"
    out = []
    for minute in minutes:
        key = f"taizhang:periodic:{name}:{minute}"
        out.append({"minute_utc": minute, "ran": cache.get(key) == 1, "skipped": cache.get(key + ":skipped") or 0})
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench.scaleout")
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/taizhang_scaleout")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    import psycopg
    import redis

    dbname = urllib.parse.urlparse(args.db).path.lstrip("/")
    admin = args.db.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')
    redis.Redis.from_url(args.redis).flushdb()

    data_dir = Path(tempfile.mkdtemp(prefix="taizhang-scaleout-"))
    cluster = Cluster(args.db, args.redis, data_dir)
    result: dict = {"machine": {"cpus": os.cpu_count()}}
    try:
        started = time.perf_counter()
        cluster.cli("migrate", "--noinput", "-v", "0")
        cluster.cli("demo", "--size", "small")
        result["setup_seconds"] = round(time.perf_counter() - started, 1)
        os.environ.update({k: v for k, v in cluster.env.items() if k.startswith("TAIZHANG_")})
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        import django

        django.setup()
        from taizhang.ledger.models import Problem, ProblemStatus
        from taizhang.orgs.models import User
        from taizhang.orgs.scope import has_action

        office = User.objects.get(username="county_office")
        problem = next(p for p in Problem.objects.filter(status=ProblemStatus.IN_PROGRESS).select_related("unit")
                       .order_by("id")[:200] if has_action(office, "change", p.unit))
        plans = page_plans(problem.campaign)

        a = cluster.start_server("A")
        b = cluster.start_server("B")
        cluster.start_worker("W1")
        cluster.start_worker("W2")
        workers_since = time.time()
        result["consistency"] = consistency(a, b, problem.pk)
        users = sessions(a, plans, args.users)
        result["load_one_server"] = load([a], users, args.seconds)
        result["load_two_servers"] = load([a, b], users, args.seconds)
        # Let the consumers' schedulers pass at least two minute boundaries together.
        while time.time() - workers_since < 130:
            time.sleep(2)
        first = int(workers_since // 60) + 1
        last = int(time.time() // 60) - 1
        minutes = [time.strftime("%Y%m%d%H%M", time.gmtime(m * 60)) for m in range(first, last + 1)]
        result["periodic_every_minute"] = periodic_runs(minutes)
        result["load_two_servers_b_killed_halfway"] = load([a, b], users, args.seconds, kill_at=args.seconds / 2,
                                                           on_kill=lambda: cluster.kill("B"))
    finally:
        cluster.stop()
    c = result["consistency"]
    runs = result["periodic_every_minute"]
    result["ok"] = bool(c["session_on_other_server"] and c["change_seen_on_b"] and runs
                        and all(r["ran"] and r["skipped"] == 1 for r in runs)
                        and result["load_two_servers_b_killed_halfway"]["errors"] == 0
                        and result["load_one_server"]["errors"] == 0 and result["load_two_servers"]["errors"] == 0)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else result)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
