"""Batches produced by a process of their own, consumed here: two cores for a job that reads and writes a lot.

A large export spends its time in two places that need not wait for each other: reading and preparing rows
(database queries, look-ups, text) and writing the file (xlsxwriter). Python runs one of them at a time in a
process, so for large jobs the reading runs in a second process started for the job, which sends each batch it
prepares through a pipe while this process writes the previous one:

    for batch in produce("taizhang.imports.export.problems:prepared_rows", args, separate=True):
        ...

`target` names a generator function ("module:function") that yields picklable batches; `args` are passed to it
and must be picklable too (a queryset is passed as its `query`). The process is a fresh interpreter (not a fork:
a forked child would share the parent's database sockets and the locks of its other threads) running this module;
it gets the parent's database settings (so a test database is the same too) and the target through its stdin,
sends the pickled batches through its stdout, and ends when the generator is exhausted, when it fails (the error
is raised here with its traceback text) or when this side stops early.

The separate process is used only where it can see what this one sees: outside a transaction (it cannot see
uncommitted rows) and not on an in-memory SQLite database. Elsewhere the generator runs here, inline.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Iterator
from typing import Any

from django.db import connection

_DONE = "__taizhang_producer_done__"
_FAILED = "__taizhang_producer_failed__"


class ProducerFailed(RuntimeError):
    """The producing process failed; the message carries its traceback."""


def _resolve(target: str):
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def in_memory_database() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def can_separate() -> bool:
    """Whether a separate process would see the same data as this one."""
    return not connection.in_atomic_block and not in_memory_database()


def produce(target: str, args: tuple = (), *, separate: bool) -> Iterator[Any]:
    """The batches `target(*args)` yields: produced in a process of its own, started at once, when `separate` and
    `can_separate()`; inline (lazily, as they are consumed) otherwise."""
    if not (separate and can_separate()):
        return iter(_resolve(target)(*args))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p),
               DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"))
    process = subprocess.Popen([sys.executable, "-m", "taizhang.core.producer"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, env=env)
    pickle.dump((dict(connection.settings_dict), target, args), process.stdin)
    process.stdin.close()
    return _receive(process)


def _receive(process: subprocess.Popen) -> Iterator[Any]:
    try:
        while True:
            try:
                item = pickle.load(process.stdout)
            except EOFError:
                raise ProducerFailed(f"后台进程意外退出（退出码 {process.wait()}）") from None
            if isinstance(item, str):
                if item == _DONE:
                    break
                if item.startswith(_FAILED):
                    raise ProducerFailed(item[len(_FAILED):])
            yield item
    finally:
        if process.poll() is None:
            process.kill()  # this side stopped early (an error while consuming): nothing more is wanted
        process.stdout.close()
        process.wait()


def _child() -> None:
    """The producing process: set Django up on the parent's database, send every batch, then the end mark."""
    # the batches get their own copy of the pipe; anything else written to stdout, by Python or by a library's C
    # code, goes to the log (stderr) instead of into the batches
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        import django

        django.setup()
        from django.db import connections

        database, target, args = pickle.load(sys.stdin.buffer)
        connections["default"].settings_dict.update(database)
        for batch in _resolve(target)(*args):
            pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()  # the whole batch now: the consumer must not wait for the next one to finish reading it
        pickle.dump(_DONE, out)
    except BrokenPipeError:
        pass  # the parent stopped listening
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        with contextlib.suppress(OSError):
            pickle.dump(_FAILED + traceback.format_exc(), out)
    finally:
        with contextlib.suppress(OSError):
            out.close()


if __name__ == "__main__":
    _child()
