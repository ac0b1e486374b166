"""Offline install bundles of taizhang for intranet servers: `make bundle` (or `python scripts/bundle.py build`).

For each target platform (linux x86_64 and linux aarch64 — 鲲鹏 and 飞腾 servers under Kylin or UOS) one archive
dist/taizhang-VERSION-linux-ARCH.tar.gz holds:

- wheels/: the taizhang wheel (templates, translations and the front-end files inside it, so no Node is needed
  where it is installed) and a wheel of every dependency for CPython 3.11 on that platform (manylinux up to
  glibc 2.28, the C library of Kylin V10 and UOS 20), plus pip's build tools;
- sdist/: dependencies that publish no wheel for the platform (mysqlclient: built on the server by
  `install.sh --with-mysql`, which needs a compiler and the MariaDB client headers there);
- install.sh, taizhang.env.example, systemd/ units and nginx/ site (from deploy/), README.txt;
- MANIFEST.json: versions, the SHA-256 of every file, and what lacks a wheel.

The dependency set is resolved once (pip's resolver, on this machine, for the pinned requirements of
pyproject.toml) and then fetched as binaries for each platform, so both archives hold the same versions.
`python scripts/bundle.py verify dist/taizhang-…-x86_64.tar.gz` installs an archive into a fresh virtual
environment with networking switched off for pip (a network namespace of its own where `unshare` allows it, and
`--no-index` in any case), migrates a fresh SQLite database and serves /healthz and a front-end file from it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_VERSION = "3.11"
ABI = "cp311"
LAST_PATCH = 20  # Python 3.11.0 to 3.11.20: the patch releases a server may run
ARCHES = ("x86_64", "aarch64")
# The newest C library a target may be assumed to have: Kylin V10 SP1+ and UOS 20 ship glibc 2.28.
MAX_GLIBC_MINOR = 28
# Dependencies of the optional extras that go into the bundle, and pip's tools for building an sdist offline.
EXTRAS = ("mysql", "s3")
BUILD_TOOLS = ("setuptools", "wheel")
# Files that must be inside the taizhang wheel for a server without Node or the source tree.
WHEEL_MUST_HOLD = (
    "taizhang/static/vendor/bootstrap/bootstrap.min.css",
    "taizhang/static/vendor/echarts/echarts.min.js",
    "taizhang/static/taizhang/app.js",
    "taizhang/templates/base.html",
)


def platform_tags(arch: str) -> list[str]:
    """pip's --platform values a wheel for `arch` may carry: every manylinux level up to MAX_GLIBC_MINOR (newest
    first), the legacy aliases, and plain linux for wheels built here."""
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(MAX_GLIBC_MINOR, 16, -1)]
    tags.append(f"manylinux2014_{arch}")
    if arch == "x86_64":
        tags += [f"manylinux_2_12_{arch}", f"manylinux2010_{arch}", f"manylinux_2_5_{arch}", f"manylinux1_{arch}"]
    return tags


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", **kw.pop("env", {})}
    return subprocess.run(cmd, check=False, capture_output=True, text=True, env=env, **kw)


def resolve(python: str) -> list[dict]:
    """The full pinned dependency set of taizhang with the bundled extras: [{name, version, wheel}] where `wheel`
    says whether PyPI offers a wheel at all (an sdist-only package is built here or shipped as source).

    pip resolves for the Python running it; a server's Python 3.11 may be an older patch release (Debian 12 ships
    3.11.2) on the other architecture, where a dependency's marker can ask for more (redis takes async-timeout
    below 3.11.3). Such requirements are added and the set resolved again, until nothing is missing."""
    added: list[str] = []
    for _ in range(4):
        items = _pip_report(python, added)
        missing = [r for r in _marker_gated(items) if r not in added]
        if not missing:
            break
        added += missing
    else:
        raise SystemExit("依赖解析失败：按旧版 Python 3.11 补充的依赖始终不全：" + "，".join(added))
    out = []
    for item in items:
        name, version = item["metadata"]["name"], item["metadata"]["version"]
        if name.lower() == "taizhang":
            continue
        url = item["download_info"]["url"]
        out.append({"name": name, "version": version, "wheel": url.endswith(".whl")})
    return sorted(out, key=lambda d: d["name"].lower())


def _pip_report(python: str, extra: list[str]) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        spec = f"{ROOT}[{','.join(EXTRAS)}]"
        done = run([python, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                    "--report", str(report), spec, *BUILD_TOOLS, *extra])
        if done.returncode:
            raise SystemExit(f"依赖解析失败：\n{done.stderr}")
        return json.loads(report.read_text("utf-8"))["install"]


def _marker_gated(items: list[dict]) -> list[str]:
    """Requirements of the resolved packages that none of them satisfies but whose marker holds on some target:
    every Python 3.11 patch release, on either architecture (with the extras each was asked with)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    have = {canonicalize_name(item["metadata"]["name"]) for item in items}
    targets = [{"python_full_version": f"3.11.{patch}", "python_version": PYTHON_VERSION, "sys_platform": "linux",
                "platform_system": "Linux", "os_name": "posix", "platform_machine": arch,
                "implementation_name": "cpython", "platform_python_implementation": "CPython"}
               for patch in range(LAST_PATCH + 1) for arch in ARCHES]
    out = []
    for item in items:
        extras = ["", *item.get("requested_extras", [])]
        for text in item["metadata"].get("requires_dist") or []:
            req = Requirement(text)
            if req.marker is None or canonicalize_name(req.name) in have:
                continue
            if any(req.marker.evaluate({**env, "extra": e}) for env in targets for e in extras):
                wanted = f"{req.name}{req.specifier}"
                if wanted not in out:
                    out.append(wanted)
    return out


def build_taizhang_wheel(python: str, out: Path) -> Path:
    """The taizhang wheel, with the front-end files checked to be inside."""
    missing = [p for p in WHEEL_MUST_HOLD if p.startswith("taizhang/static/vendor") and not (ROOT / p).exists()]
    if missing:
        raise SystemExit("前端资源文件缺失，请先运行 make assets：" + "，".join(missing))
    with tempfile.TemporaryDirectory() as tmp:
        done = run([python, "-m", "pip", "wheel", "--no-deps", "-w", tmp, str(ROOT)])
        if done.returncode:
            raise SystemExit(f"taizhang wheel 构建失败：\n{done.stderr}")
        built = next(Path(tmp).glob("taizhang-*.whl"))
        check_wheel(built)
        out.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(built, out / built.name))


def check_wheel(path: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(path).namelist())
    missing = [p for p in WHEEL_MUST_HOLD if p not in names]
    if missing:
        raise SystemExit(f"{path.name} 缺少文件：" + "，".join(missing))


def pure_wheels(python: str, deps: list[dict], out: Path) -> tuple[list[Path], list[dict]]:
    """Wheels built here from the sdist-only packages: a pure one (py3-none-any) serves every platform; a
    package with compiled code is left to be built on the server (returned second)."""
    built, native = [], []
    out.mkdir(parents=True, exist_ok=True)
    for dep in (d for d in deps if not d["wheel"]):
        with tempfile.TemporaryDirectory() as tmp:
            done = run([python, "-m", "pip", "wheel", "--no-deps", "-w", tmp, f"{dep['name']}=={dep['version']}"])
            wheel = next(Path(tmp).glob("*.whl"), None)
            if done.returncode == 0 and wheel is not None and wheel.name.endswith("-none-any.whl"):
                built.append(Path(shutil.copy2(wheel, out / wheel.name)))
            else:
                native.append(dep)
    return built, native


def download_binaries(python: str, deps: list[dict], arch: str, out: Path) -> list[dict]:
    """Fetch a wheel of every dependency for CPython 3.11 on linux `arch`; the ones without return."""
    out.mkdir(parents=True, exist_ok=True)
    flags = [f for tag in platform_tags(arch) for f in ("--platform", tag)]

    def fetch(dep: dict) -> dict | None:
        done = run([python, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--python-version",
                    PYTHON_VERSION, "--implementation", "cp", "--abi", ABI, "--abi", "abi3", "--abi", "none",
                    *flags, "-d", str(out), f"{dep['name']}=={dep['version']}"])
        return None if done.returncode == 0 else dep

    with ThreadPoolExecutor(max_workers=4) as pool:
        return [d for d in pool.map(fetch, deps) if d is not None]


def fetch_sdists(python: str, deps: list[dict], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for dep in deps:
        done = run([python, "-m", "pip", "download", "--no-deps", "--no-binary=:all:", "-d", str(out),
                    f"{dep['name']}=={dep['version']}"])
        if done.returncode:
            raise SystemExit(f"{dep['name']} {dep['version']} 的源码包下载失败：\n{done.stderr}")


def extra_packages() -> set[str]:
    """Names of the packages only the bundled extras ask for (optional on the server)."""
    import re

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    return {re.split(r"[=<>!~\[ ;]", req, maxsplit=1)[0].lower() for extra in EXTRAS for req in extras.get(extra, [])}


def glibc_needed(wheels: list[Path]) -> str:
    """The C library version the platform wheels need at least: the highest of each wheel's lowest tag."""
    import re

    legacy = {"manylinux1": 5, "manylinux2010": 12, "manylinux2014": 17}
    need = 0
    for wheel in wheels:
        platform = wheel.name[:-4].split("-")[-1]
        levels = []
        for tag in platform.split("."):
            m = re.match(r"manylinux_2_(\d+)_", tag)
            if m:
                levels.append(int(m.group(1)))
            elif tag.split("_")[0] in legacy:
                levels.append(legacy[tag.split("_")[0]])
        if levels:
            need = max(need, min(levels))
    return f"2.{need}" if need else ""


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def stage(arch: str, version: str, taizhang_wheel: Path, deps: list[dict], pure: list[Path], native: list[dict],
          work: Path, python: str) -> dict:
    """Lay out one platform's bundle directory under `work` and return its manifest."""
    name = f"taizhang-{version}-linux-{arch}"
    target = work / name
    if target.exists():
        shutil.rmtree(target)
    wheels = target / "wheels"
    wheels.mkdir(parents=True)
    for wheel in (taizhang_wheel, *pure):
        shutil.copy2(wheel, wheels / wheel.name)
    missing = download_binaries(python, [d for d in deps if d["wheel"]], arch, wheels)
    source = native + missing
    if source:
        fetch_sdists(python, source, target / "sdist")
    deploy = ROOT / "deploy"
    for item in ("install.sh", "taizhang.env.example", "README.txt"):
        shutil.copy2(deploy / item, target / item)
    (target / "install.sh").chmod(0o755)
    shutil.copytree(deploy / "systemd", target / "systemd")
    shutil.copytree(deploy / "nginx", target / "nginx")
    files = sorted(p for p in target.rglob("*") if p.is_file())
    manifest = {
        "name": "taizhang", "version": version, "platform": f"linux_{arch}", "python": PYTHON_VERSION,
        "glibc_min": glibc_needed(sorted(wheels.glob("*.whl"))),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "requirements": [f"{d['name']}=={d['version']}" for d in deps],
        "without_wheel": [{"name": d["name"], "version": d["version"],
                           "optional": d["name"].lower() in extra_packages()} for d in source],
        "files": {str(p.relative_to(target)): sha256(p) for p in files},
    }
    (target / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return manifest


def archive(work: Path, name: str, dist: Path) -> Path:
    dist.mkdir(parents=True, exist_ok=True)
    out = dist / f"{name}.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(work / name, arcname=name)
    return out


def build(args) -> int:
    python = sys.executable
    version = project_version()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print("解析依赖 …", flush=True)
    deps = resolve(python)
    print(f"共 {len(deps)} 个依赖；构建 taizhang wheel …", flush=True)
    wheel = build_taizhang_wheel(python, work / "taizhang-wheel")
    pure, native = pure_wheels(python, deps, work / "pure")
    summary = []
    for arch in args.arch:
        print(f"下载 linux {arch} 的二进制包 …", flush=True)
        manifest = stage(arch, version, wheel, deps, pure, native, work, python)
        out = archive(work, f"taizhang-{version}-linux-{arch}", Path(args.dist))
        summary.append({"archive": str(out), "bytes": out.stat().st_size, "platform": manifest["platform"],
                        "files": len(manifest["files"]), "without_wheel": manifest["without_wheel"]})
        lacking = "，".join(f"{d['name']} {d['version']}" for d in manifest["without_wheel"]) or "无"
        print(f"  {out}（{out.stat().st_size / 1e6:.1f} MB）；无预编译包、需在目标机编译的依赖：{lacking}")
    if args.json:
        print(json.dumps({"version": version, "bundles": summary}, ensure_ascii=False, indent=2))
    return 0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def verify(args) -> int:
    """Install an archive as an administrator would on a server without network access, then run it."""
    archive_path = Path(args.archive).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with tarfile.open(archive_path) as tar:
            tar.extractall(tmp, filter="data")
        bundle = next(p for p in tmp.iterdir() if p.is_dir())
        prefix, data, conf = tmp / "opt", tmp / "data", tmp / "etc"
        install = [str(bundle / "install.sh"), "--prefix", str(prefix), "--data-dir", str(data),
                   "--config-dir", str(conf), "--python", args.python, "--no-systemd"]
        isolated = shutil.which("unshare") and run(["unshare", "--net", "true"]).returncode == 0
        cmd = ["unshare", "--net", *install] if isolated else install
        started = time.monotonic()
        done = run(cmd, env={"PIP_NO_INDEX": "1", "PIP_CONFIG_FILE": os.devnull})
        result = {"archive": str(archive_path), "network_namespace": bool(isolated),
                  "install_seconds": round(time.monotonic() - started, 1), "install_ok": done.returncode == 0}
        if done.returncode:
            print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
            print(json.dumps(result, ensure_ascii=False))
            return 1
        taizhang = prefix / "venv" / "bin" / "taizhang"
        env = {"TAIZHANG_DATA_DIR": str(data), "TAIZHANG_ALLOWED_HOSTS": "127.0.0.1"}
        migrate = run([str(taizhang), "migrate", "--noinput", "-v", "0"], env=env)
        result["migrate_ok"] = migrate.returncode == 0
        port = _free_port()
        server = subprocess.Popen([str(taizhang), "serve", "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", "1"], env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            result["healthz"] = _get(f"http://127.0.0.1:{port}/healthz")
            result["static"] = _get(f"http://127.0.0.1:{port}/static/vendor/echarts/echarts.min.js")
            result["login"] = _get(f"http://127.0.0.1:{port}/login/")
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
        pip_list = run([str(prefix / "venv" / "bin" / "python"), "-m", "pip", "list", "--format=json"])
        result["installed_packages"] = len(json.loads(pip_list.stdout or "[]"))
    ok = result["migrate_ok"] and all(result[k] == 200 for k in ("healthz", "static", "login"))
    result["ok"] = ok
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if ok else 1


def _get(url: str, attempts: int = 60) -> int:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            time.sleep(0.5)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bundle", description="台账离线安装包")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="构建离线安装包")
    b.add_argument("--arch", nargs="+", choices=ARCHES, default=list(ARCHES))
    b.add_argument("--dist", default=str(ROOT / "dist"))
    b.add_argument("--work", default=str(ROOT / "build" / "bundle"))
    b.add_argument("--json", action="store_true")
    v = sub.add_parser("verify", help="在断网条件下安装并启动一个安装包")
    v.add_argument("archive")
    v.add_argument("--python", default=shutil.which("python3.11") or sys.executable)
    args = parser.parse_args(argv)
    return build(args) if args.command == "build" else verify(args)


if __name__ == "__main__":
    sys.exit(main())
