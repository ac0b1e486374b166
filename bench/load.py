"""Load test: the production server on PostgreSQL with the county demo data, under a mixed workload of logged-in users.

    python -m bench.load [--db postgres://postgres@127.0.0.1:5432/wt_load] [--size county] [--users 50]
                         [--duration 180] [--think 5,15] [--json]

It starts `taizhang serve` (gunicorn, its default number of workers) and one `taizhang worker` with production
settings — DEBUG off, Redis for cache, sessions and tasks, JSON logs, persistent database connections — on the
database given by --db; an empty database is migrated and filled with `taizhang demo --size` first (the time it
took is reported). Then `--users` users (locust as a library, headless) log in as demo accounts of several roles
(offices, leaders, clerks, the inspection group) and, with a think time between clicks, read the ledger list,
filtered lists, problems of their scope, their dashboard, export a filtered list as .xlsx and — those who may —
post a progress report with a PDF attached (multipart, with the CSRF token read from the page). The same users
also request /healthz throughout the same run: the health endpoint is the framework's floor (routing, middleware,
one database query) under the same load. Objects are chosen per account from its own scope (the product's
selectors), so every request is one the account may make.

The report gives, per endpoint class and for the mixed workload as a whole: requests, throughput, p50/p95/p99 and
errors with their first samples; the same for /healthz; the ratio p95(mixed)/p95(healthz) and whether the target
holds (no errors, ratio ≤ 10). It also gives the CPU time the server, the database and the load generator spent
per request, the machine's CPU use and its load average during the run (the machine may be shared). Exit status 1
when the target does not hold.

    python -m bench.load --profile 3

requests each class of each account's plan alone, three times, in one process (Django's test client, no server,
no concurrency) and prints the median time and the number of SQL queries: where a class's cost comes from.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

from bench.loadstats import report
from bench.servers import PASSWORD

ACCOUNTS = ("county_office", "county_leader", "county_clerk", "township_office", "township_leader",
            "township_clerk", "village_clerk", "dept_clerk", "inspector")
FILTERS = ("status=in_progress", "light=red", "overdue=1", "status=review", "q=整改")
DETAILS_PER_ACCOUNT = 40
PROGRESS_PER_ACCOUNT = 10
PROGRESS_MARKER = "压测进展"


# --- in a child process with Django: what each account may read and write --------------------------------------

def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _probe() -> dict:
    """The size of the data in the database (no tables: nothing yet)."""
    _django()
    from django.db import connection

    if "ledger_problem" not in connection.introspection.table_names():
        return {"problems": 0}
    from taizhang.ledger.models import Problem
    from taizhang.orgs.models import Unit, User

    return {"units": Unit.objects.count(), "users": User.objects.count(), "problems": Problem.objects.count()}


def _export_unit(user, campaign, top, limit: int):
    """The unit whose list the account exports: its own top unit if that list is small enough to be written while
    the user waits (settings.EXPORT_SYNC_LIMIT), else the unit below it with the most problems under `limit`."""
    from taizhang.ledger.models import Problem

    visible = Problem.objects.for_user(user, "view").filter(campaign=campaign)
    if visible.filter(top.subtree_q("unit")).count() <= limit:
        return top
    best, most = None, -1
    for child in top.get_children():
        n = visible.filter(child.subtree_q("unit")).count()
        if most < n <= limit:
            best, most = child, n
    return best


def _plans(rng: random.Random) -> list[dict]:
    """For each demo account: the problems it may read and those it may report progress on (from its own scope),
    its dashboard, its filtered lists and an export of a filtered list."""
    _django()
    from django.conf import settings

    from taizhang.campaigns.selectors import current_campaign
    from taizhang.ledger.models import Problem, ProblemStatus
    from taizhang.orgs.models import User
    from taizhang.orgs.scope import user_assignments
    from taizhang.stats.selectors import default_unit

    plans = []
    for user in User.objects.filter(username__in=ACCOUNTS, is_active=True).order_by("username"):
        campaign = current_campaign(user)
        if campaign is None:
            continue
        visible = list(Problem.objects.for_user(user, "view").filter(campaign=campaign)
                       .order_by("id").values_list("pk", flat=True))
        if not visible:
            continue
        writable = list(Problem.objects.for_user(user, "change").filter(
            campaign=campaign, status__in=(ProblemStatus.IN_PROGRESS, ProblemStatus.REVIEW))
            .order_by("id").values_list("pk", flat=True))
        unit = default_unit(user)
        top = unit or min((a.unit for a in user_assignments(user)), key=lambda u: u.depth)
        export_unit = _export_unit(user, campaign, top, min(settings.EXPORT_SYNC_LIMIT, 1500))
        query = {"campaign": campaign.slug}
        plans.append({
            "username": user.username,
            "roles": sorted({a.role for a in user_assignments(user)}),
            "visible_problems": len(visible),
            "details": [f"/ledger/p/{pk}/" for pk in rng.sample(visible, min(DETAILS_PER_ACCOUNT, len(visible)))],
            "progress": [f"/ledger/p/{pk}/" for pk in rng.sample(writable, min(PROGRESS_PER_ACCOUNT, len(writable)))],
            "filters": [f"/ledger/?{f}" for f in FILTERS],
            "dashboard": f"/stats/u/{unit.code}/?{urllib.parse.urlencode(query)}" if unit is not None else None,
            "export": ("/excel/export/?" + urllib.parse.urlencode({**query, "unit": export_unit.code, "sort": "number"})
                       if export_unit is not None else None),
        })
    return plans


def _progress_written(marker: str) -> int:
    _django()
    from taizhang.ledger.models import ProgressReport

    return ProgressReport.objects.filter(text__startswith=marker).count()


def _profile(plans: list[dict], repeat: int) -> list[dict]:
    """Each endpoint class of each account's plan requested alone (Django's test client in one process, no
    concurrency): median time and the number of SQL queries — where a class's cost comes from."""
    _django()
    import statistics

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out = []
    for plan in plans:
        client = Client()
        client.post("/login/", {"username": plan["username"], "password": PASSWORD})
        paths = {"list": "/ledger/", "filtered_list": plan["filters"][0], "detail": plan["details"][0],
                 "dashboard": plan["dashboard"], "export": plan["export"], "healthz": "/healthz"}
        row: dict = {"username": plan["username"]}
        for name, path in paths.items():
            if not path:
                continue
            client.get(path)  # warm
            times, queries, status = [], 0, 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(path)
                    if hasattr(response, "streaming_content"):
                        b"".join(response.streaming_content)
                    times.append((time.perf_counter() - started) * 1000)
                queries, status = len(captured), response.status_code
            row[name] = {"ms": round(statistics.median(times), 1), "queries": queries, "status": status}
        out.append(row)
    return out


def _child(mode: str, env: dict, *args: str) -> object:
    """Run one of the Django steps above in a child process (the load generator itself is a gevent process and
    keeps Django and its database driver out)."""
    done = subprocess.run([sys.executable, "-m", "bench.load", "--child", mode, *args], env=env,
                          capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise SystemExit(f"bench.load {mode} 失败：\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


# --- the load ---------------------------------------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pdf(text: str) -> bytes:
    """A small, valid one-page PDF (different for every report, as real evidence is)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def run_load(base: str, plans: list[dict], users: int, duration: float, think: tuple[float, float],
             spawn_rate: float, marker: str, on_window=None) -> dict:
    """`users` locust users against `base`; returns the samples of the timed window (after every user has logged
    in) and of the logins. `on_window(True|False)` is called at the window's edges (for CPU accounting)."""
    import gevent
    from locust import FastHttpUser, between, task
    from locust.env import Environment
    from urllib3 import encode_multipart_formdata

    samples: dict[str, list[float]] = {}
    errors: dict[str, list[str]] = {}
    order = iter(range(10**9))

    def record(request_type, name, response_time, response_length, exception=None, url="", **kw):
        samples.setdefault(name, []).append(response_time)
        if exception is not None:
            errors.setdefault(name, []).append(f"{request_type} {url.replace(base, '')}: {exception}"[:300])

    class Official(FastHttpUser):
        host = base
        wait_time = between(*think)

        def on_start(self):
            self.plan = plans[next(order) % len(plans)]
            self.rng = random.Random(id(self))
            with self.client.get("/login/", name="login", catch_response=True) as r:
                token = self._token(r)
            with self.client.post("/login/", name="login", catch_response=True, allow_redirects=False,
                                  data={"username": self.plan["username"], "password": PASSWORD,
                                        "csrfmiddlewaretoken": token},
                                  headers={"Referer": base + "/login/"}) as r:
                if r.status_code != 302 or "/login" in (r.headers.get("Location") or ""):
                    r.failure(f"{self.plan['username']} 登录失败：{r.status_code}")

        def _token(self, r) -> str:
            match = CSRF.search(r.text or "")
            if not match:
                r.failure("页面中没有 CSRF 令牌")
                return ""
            return match.group(1)

        def _page(self, name: str, path: str, check=None):
            with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as r:
                if r.status_code != 200:
                    r.failure(f"{r.status_code} {r.headers.get('Location') or ''}")
                elif check is not None:
                    problem = check(r)
                    if problem:
                        r.failure(problem)
                return r

        @task(3)
        def ledger_list(self):
            self._page("list", "/ledger/")

        @task(3)
        def filtered_list(self):
            self._page("filtered_list", self.rng.choice(self.plan["filters"]))

        @task(5)
        def detail(self):
            self._page("detail", self.rng.choice(self.plan["details"]))

        @task(2)
        def progress(self):
            if not self.plan["progress"]:
                return self.detail()
            path = self.rng.choice(self.plan["progress"])
            page = self._page("detail", path)
            if page.status_code != 200:
                return
            token = CSRF.search(page.text or "")
            text = f"{marker} {uuid.uuid4().hex[:8]}：已召开专题会议研究整改措施，完成阶段任务。"
            body, content_type = encode_multipart_formdata([
                ("csrfmiddlewaretoken", token.group(1) if token else ""), ("text", text),
                ("percent", str(self.rng.randint(10, 90))),
                ("files", ("会议纪要.pdf", _pdf(uuid.uuid4().hex), "application/pdf"))])
            with self.client.post(path + "progress/", name="progress", data=body, catch_response=True,
                                  allow_redirects=False,
                                  headers={"Content-Type": content_type, "Referer": base + path}) as r:
                if r.status_code != 302 or (r.headers.get("Location") or "").rstrip("/") != path.rstrip("/"):
                    r.failure(f"{r.status_code} {r.headers.get('Location') or ''}")
                else:
                    self.environment.posted += 1

        @task(1)
        def dashboard(self):
            if self.plan["dashboard"]:
                self._page("dashboard", self.plan["dashboard"])
            else:
                self.filtered_list()

        @task(1)
        def export(self):
            if not self.plan["export"]:
                return self.ledger_list()
            self._page("export", self.plan["export"], check=lambda r: None if (
                r.headers.get("Content-Type", "").startswith(XLSX) and (r.content or b"")[:2] == b"PK")
                else f"不是 Excel 文件：{r.headers.get('Content-Type')}")

        @task(4)
        def healthz(self):
            self._page("healthz", "/healthz", check=lambda r: None if '"ok": true' in (r.text or "").replace(
                '"ok":true', '"ok": true') else f"健康检查未通过：{(r.text or '')[:100]}")

    env = Environment(user_classes=[Official])
    env.posted = 0
    env.events.request.add_listener(record)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=spawn_rate)
    runner.spawning_greenlet.join()
    gevent.sleep(max(think))  # every user has logged in and made its first clicks
    logins = (samples.pop("login", []), errors.pop("login", []))
    for v in (*samples.values(), *errors.values()):
        v.clear()
    env.posted = 0
    started = time.perf_counter()
    if on_window:
        on_window(True)
    gevent.sleep(duration)
    if on_window:
        on_window(False)
    seconds = time.perf_counter() - started
    window = ({k: list(v) for k, v in samples.items() if v}, {k: list(v) for k, v in errors.items() if v})
    posted = env.posted
    runner.quit()
    samples_out, errors_out = window
    samples_out.setdefault("login", []).extend(logins[0])
    if logins[1]:
        errors_out.setdefault("login", []).extend(logins[1])
    return {"samples": samples_out, "errors": errors_out, "seconds": seconds, "progress_posted": posted}


# --- CPU accounting ---------------------------------------------------------------------------------------------

class CpuMeter:
    """CPU seconds of the app server (gunicorn master and workers), the task consumer, this database's PostgreSQL
    backends and the load generator, and of the whole machine, over the timed window; sampled every 2 s, so a
    database backend that ends within the window (persistent connections are renewed every 60 s) still counts,
    and the load average is followed through the run."""

    def __init__(self, cluster, dbname: str):
        import psutil

        self.psutil, self.cluster, self.dbname = psutil, cluster, dbname
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.loads: list[float] = []
        self.sampler = None

    def _cpu(self, p) -> float:
        try:
            t = p.cpu_times()
            return t.user + t.system
        except self.psutil.Error:
            return -1.0

    def _sample(self) -> None:
        ps = self.psutil
        seen: list[tuple[int, str, float]] = []
        for name, group in (("web", "app_server"), ("worker", "task_consumer")):
            proc = self.cluster.procs.get(name)
            if proc is None:
                continue
            try:
                root = ps.Process(proc.pid)
                seen += [(p.pid, group, self._cpu(p)) for p in (root, *root.children(recursive=True))]
            except ps.Error:
                pass
        for p in ps.process_iter(["cmdline"]):
            cmd = " ".join(p.info.get("cmdline") or [])
            if cmd.startswith("postgres: ") and f" {self.dbname} " in cmd:
                seen.append((p.pid, "database", self._cpu(p)))
        me = ps.Process()
        seen.append((me.pid, "load_generator", self._cpu(me)))
        for pid, group, cpu in seen:
            if cpu < 0:
                continue
            if self.sampler is None:  # the first sample: what each process had spent before the window
                self.first[pid] = cpu
            self.last[pid] = (group, cpu)
        self.loads.append(os.getloadavg()[0])

    def start(self) -> None:
        import gevent

        t = self.psutil.cpu_times()
        self.busy0, self.wall0, self.load0 = self._busy(t), time.perf_counter(), os.getloadavg()
        self._sample()

        def loop():
            while True:
                gevent.sleep(2)
                self._sample()

        self.sampler = gevent.spawn(loop)

    def stop(self) -> None:
        self.sampler.kill()
        self._sample()
        self.busy1, self.wall1, self.load1 = self._busy(self.psutil.cpu_times()), time.perf_counter(), os.getloadavg()

    @staticmethod
    def _busy(t) -> float:
        return t.user + t.nice + t.system + t.irq + t.softirq + getattr(t, "steal", 0.0)

    def result(self, requests: int) -> dict:
        wall = self.wall1 - self.wall0
        cores = os.cpu_count() or 1
        used = {"app_server": 0.0, "task_consumer": 0.0, "database": 0.0, "load_generator": 0.0}
        for pid, (group, cpu) in self.last.items():
            used[group] += cpu - self.first.get(pid, 0.0)
        ours = sum(used.values())
        busy = self.busy1 - self.busy0
        server_side = used["app_server"] + used["database"] + used["task_consumer"]
        return {
            "cores": cores, "seconds": round(wall, 1),
            "cpu_seconds": {k: round(v, 1) for k, v in used.items()},
            "cpu_ms_per_request": {k: round(v * 1000 / requests, 1) if requests else 0.0 for k, v in used.items()},
            "server_cpu_ms_per_request": round(server_side * 1000 / requests, 1) if requests else 0.0,
            "machine_busy_share": round(busy / (wall * cores), 3),
            "our_processes_share": round(ours / (wall * cores), 3),
            "other_jobs_share": round(max(0.0, busy - ours) / (wall * cores), 3),
            "load_average_1min": {"start": round(self.load0[0], 2), "end": round(self.load1[0], 2),
                                  "min": round(min(self.loads), 2), "max": round(max(self.loads), 2),
                                  "mean": round(sum(self.loads) / len(self.loads), 2)},
        }


# --- the run ----------------------------------------------------------------------------------------------------

def _data_dir(args) -> Path:
    """The data directory the demo's files were written to: given, or one per database under /tmp."""
    dbname = urllib.parse.urlparse(args.db).path.lstrip("/")
    path = Path(args.data_dir or Path(tempfile.gettempdir()) / f"taizhang-load-{dbname}")
    path.mkdir(parents=True, exist_ok=True)
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench.load")
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/wt_load")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--size", default="county", help="demo size generated into an empty database")
    parser.add_argument("--data-dir", default=None, help="data directory (default: one per database under /tmp)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=180, help="seconds of the timed window")
    parser.add_argument("--think", default="5,15", help="think time between a user's clicks, min,max seconds")
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--profile", type=int, metavar="REPEAT", default=0,
                        help="instead of the load: each class alone per account, median time and SQL queries")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        mode, *rest = args.child
        out = {"probe": _probe, "plans": lambda: _plans(random.Random(int(rest[0]))),
               "written": lambda: _progress_written(rest[0]),
               "profile": lambda: _profile(_plans(random.Random(int(rest[0]))), int(rest[1]))}[mode]()
        print(json.dumps(out, ensure_ascii=False))
        return 0

    if args.profile:
        from bench.servers import Cluster

        env = Cluster(args.db, args.redis, _data_dir(args), TAIZHANG_ALLOWED_HOSTS="testserver",
                      TAIZHANG_LOG_LEVEL="WARNING").env
        print(json.dumps(_child("profile", env, str(args.seed), str(args.profile)), ensure_ascii=False, indent=1))
        return 0

    import locust  # noqa: F401  (gevent's monkey patching, before any process or socket of the run is made)

    from bench.servers import Cluster

    think = tuple(float(x) for x in args.think.split(","))
    dbname = urllib.parse.urlparse(args.db).path.lstrip("/")
    cluster = Cluster(args.db, args.redis, _data_dir(args), TAIZHANG_LOG_FORMAT="json", TAIZHANG_DB_CONN_MAX_AGE="60",
                      TAIZHANG_LOG_LEVEL="WARNING")
    result: dict = {"settings": {"users": args.users, "duration_s": args.duration, "think_s": list(think),
                                 "database": f"PostgreSQL {dbname}", "redis": args.redis,
                                 # `taizhang serve` without --workers: its default, cores + 1 sync workers
                                 "gunicorn_workers": max(2, (os.cpu_count() or 1) + 1)}}
    data = _child("probe", cluster.env)
    started = time.perf_counter()
    cluster.cli("migrate", "--noinput", "-v", "0")
    migrated = time.perf_counter()
    generated = None
    if not data["problems"]:
        cluster.cli("demo", "--size", args.size, timeout=7200)
        generated = round(time.perf_counter() - migrated, 1)
        data = _child("probe", cluster.env)
    result["data"] = {**data, "generated_now": generated is not None, "size_if_generated": args.size,
                      "migrate_seconds": round(migrated - started, 1), "demo_generation_seconds": generated}
    plans = _child("plans", cluster.env, str(args.seed))
    result["accounts"] = [{k: p[k] for k in ("username", "roles", "visible_problems")}
                          | {"progress_targets": len(p["progress"]), "dashboard": bool(p["dashboard"]),
                             "export": p["export"]} for p in plans]
    marker = f"{PROGRESS_MARKER} {uuid.uuid4().hex[:6]}"  # this run's reports alone
    try:
        base = cluster.start_server("web", workers=None)
        cluster.start_worker("worker")
        meter = CpuMeter(cluster, dbname)
        run = run_load(base, plans, args.users, args.duration, think, args.spawn_rate, marker,
                       on_window=lambda begin: meter.start() if begin else meter.stop())
    finally:
        cluster.stop()
    figures = report(run["samples"], run["errors"], run["seconds"])
    written = _child("written", cluster.env, marker)
    # Every progress report the users saw accepted is in the database (a failed post already counts as an error).
    if written < run["progress_posted"]:
        figures["target"]["holds"] = False
        figures["target"]["progress_missing"] = run["progress_posted"] - written
    result.update({"seconds": round(run["seconds"], 1), **figures,
                   "progress_reports_written": written,
                   "cpu": meter.result(figures["total"]["requests"])})
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else _text(result))
    return 0 if result["target"]["holds"] else 1


def _text(result: dict) -> str:
    lines = [f"{'class':<15}{'requests':>9}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'errors':>8}"]
    rows = [*result["classes"].items(), ("MIXED", result["mixed"]), ("TOTAL", result["total"])]
    for name, c in rows:
        lines.append(f"{name:<15}{c['requests']:>9}{c['throughput_rps']:>8}{c['p50_ms']:>8}{c['p95_ms']:>8}"
                     f"{c['p99_ms']:>8}{c['errors']:>8}")
    t = result["target"]
    lines.append(f"p95 mixed / healthz = {t['p95_ratio_mixed_to_healthz']} (≤ {t['factor']}), "
                 f"errors: {'none' if t['no_errors'] else 'yes'} → target {'holds' if t['holds'] else 'NOT met'}")
    cpu = result["cpu"]
    lines.append(f"server CPU per request {cpu['server_cpu_ms_per_request']} ms; machine busy {cpu['machine_busy_share']:.0%}"
                 f" (ours {cpu['our_processes_share']:.0%}, other jobs {cpu['other_jobs_share']:.0%}); "
                 f"load average {cpu['load_average_1min']['min']}–{cpu['load_average_1min']['max']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
