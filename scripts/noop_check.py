"""Check that the test suite notices when a service stops doing its job.

For each public function of the given services modules, in turn: copy the working tree to a temporary directory,
replace the function's body (after its docstring) by `return <its object argument>` — the keyword argument whose
type is the return type, e.g. `topic` for a function returning a ResearchTopic — or `return None`, run pytest
there with -x, and record the first failing test. A function whose no-op leaves the suite green is a blind spot.

Each function is tried in two stages: its own app's tests first (fast), then, if they stay green, the apps named
on the command line together with tests/ (the permission matrix). Not part of CI: run it by hand, e.g.

    .venv/bin/python scripts/noop_check.py                     # campaigns, research, matters
    .venv/bin/python scripts/noop_check.py taizhang/matters/services.py --only matter_claim

It prints one line per function and a summary table; the exit status is 1 if any no-op survived.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODULES = ["taizhang/campaigns/services.py", "taizhang/research/services.py", "taizhang/matters/services.py"]


def _annotation(node) -> str:
    return ast.unparse(node) if node is not None else ""


def noop_return(fn: ast.FunctionDef) -> str:
    """`return <the object argument>` when a keyword argument has the return type, else `return None`."""
    returns = _annotation(fn.returns)
    if returns and returns != "None":
        for arg in fn.args.kwonlyargs + fn.args.args:
            if arg.arg != "actor" and _annotation(arg.annotation) == returns:
                return f"return {arg.arg}"
    return "return None"


def public_functions(source: str) -> list[ast.FunctionDef]:
    tree = ast.parse(source)
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


def rewrite(source: str, name: str) -> tuple[str, str]:
    """The module with `name`'s body replaced by its no-op, and the return line used."""
    fn = next(f for f in public_functions(source) if f.name == name)
    body = fn.body
    first = body[1] if (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                        and isinstance(body[0].value.value, str) and len(body) > 1) else body[0]
    lines = source.splitlines(keepends=True)
    indent = re.match(r"\s*", lines[first.lineno - 1]).group(0)
    stmt = noop_return(fn)
    start = first.lineno - 1
    if first.lineno == fn.lineno:  # a one-line `def f(): return x`
        raise SystemExit(f"{name}: one-line function, rewrite by hand")
    new = lines[:start] + [f"{indent}{stmt}\n"] + lines[fn.end_lineno:]
    return "".join(new), stmt


def copy_tree(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.splitlines()
    for rel in files:
        src = ROOT / rel
        if src.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)


def run_pytest(cwd: Path, paths: list[str], workers: int, timeout: int) -> tuple[bool, str, float]:
    """(passed, first failing test or error line, seconds)."""
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-rf", "-m", "not browser", "-p", "no:randomly", *paths]
    if workers > 1:
        cmd[3:3] = ["-n", str(workers)]
    started = time.monotonic()
    try:
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"timeout after {timeout}s", time.monotonic() - started
    seconds = time.monotonic() - started
    text = out.stdout + out.stderr
    if out.returncode == 0:
        return True, "", seconds
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", text, re.M)
    if failed:
        return False, failed[0], seconds
    tail = [line for line in text.splitlines() if line.strip()][-1:] or ["(no output)"]
    return False, f"exit {out.returncode}: {tail[0]}", seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", default=DEFAULT_MODULES, help="services modules (paths)")
    parser.add_argument("--only", nargs="*", help="only these function names")
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers for the wide stage")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per pytest run")
    args = parser.parse_args()

    apps = sorted({str(Path(m).parent) for m in args.modules})
    wide = [*apps, "tests"]
    results = []
    with tempfile.TemporaryDirectory(prefix="noop-") as tmp:
        work = Path(tmp)
        copy_tree(work)
        for module in args.modules:
            original = (work / module).read_text()
            for fn in public_functions(original):
                if args.only and fn.name not in args.only:
                    continue
                changed, stmt = rewrite(original, fn.name)
                (work / module).write_text(changed)
                try:
                    own = [str(Path(module).parent / "tests")]
                    ok, failure, seconds = run_pytest(work, own, 1, args.timeout)
                    stage = "own app"
                    if ok:
                        ok, failure, more = run_pytest(work, wide, args.workers, args.timeout)
                        seconds += more
                        stage = "apps + tests/"
                finally:
                    (work / module).write_text(original)
                verdict = "SURVIVED" if ok else "caught"
                line = f"{module}:{fn.name} ({stmt}): {verdict}" + (f" by {failure} [{stage}]" if not ok else "")
                print(f"{line} in {seconds:.0f}s", flush=True)
                results.append((module, fn.name, stmt, ok, failure))

    print("\n| function | no-op | first failing test |\n| --- | --- | --- |")
    for module, name, stmt, ok, failure in results:
        app = Path(module).parent.name
        print(f"| {app}.{name} | `{stmt}` | {'**none — survived**' if ok else f'`{failure}`'} |")
    survived = [name for _, name, _, ok, _ in results if ok]
    print(f"\n{len(results) - len(survived)} of {len(results)} no-ops caught"
          + (f"; survived: {', '.join(survived)}" if survived else ""))
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
