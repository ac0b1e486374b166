"""Where an import's writes run: inline on the caller's connection, or on a writer thread of their own. Either
way they run in one transaction that `finish(commit)` commits or rolls back (a savepoint when the caller is
already in a transaction), so every importer has the same all-or-nothing protocol.

A large import spends about as long in the database (inserting rows and keeping a dozen indexes up to date) as in
Python (reading, parsing and validating the sheet). The database drivers release the GIL while a statement runs,
so the two can overlap: the importer validates the next chunk of rows while the writer thread inserts the last
one. Everything the writer does happens in one transaction on its own connection, committed at the end only when
the importer says so (no errors, not a dry run); otherwise it is rolled back and nothing is left half-imported.

The thread is only used when the caller is not already inside a transaction: jobs must see the caller's uncommitted
rows otherwise (tests, or an import nested in a larger unit of work), so they run inline there.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from django.db import connection, connections, transaction

_STOP = object()


class _Rollback(Exception):
    pass


class InlineWriter:
    """Runs each job at once, in the caller's connection, inside a transaction opened when the writer is made
    (a savepoint when the caller is already in one) and committed or rolled back by `finish`."""

    def __init__(self):
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.committed: bool | None = None

    def submit(self, job: Callable[[], None]) -> None:
        job()

    def finish(self, commit: Callable[[], bool]) -> bool:
        """Commit if `commit()` is true, roll back otherwise; calling it again only repeats the outcome."""
        if self.committed is None:
            self.committed = bool(commit())
            if self.committed:
                self._atomic.__exit__(None, None, None)
            else:
                self._atomic.__exit__(_Rollback, _Rollback(), None)  # what leaving the block by an error does
        return self.committed


class ThreadWriter:
    """Runs jobs in submission order on a writer thread, all in one transaction of that thread's connection.

    `submit` blocks when `depth` jobs are waiting, so a fast reader cannot pile up the whole file in memory.
    An exception raised by a job stops the writer (later jobs are dropped), rolls the transaction back and is
    raised again by `finish`.
    """

    def __init__(self, depth: int = 3):
        self._jobs: queue.Queue = queue.Queue(maxsize=depth)
        self._commit: Callable[[], bool] = lambda: False
        self._error: BaseException | None = None
        self.committed = False
        self._thread = threading.Thread(target=self._run, name="taizhang-import-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[], None]) -> None:
        if self._error is None:
            self._jobs.put(job)

    def finish(self, commit: Callable[[], bool]) -> bool:
        """Wait for every job, then commit if `commit()` (asked on the writer thread, after the last job) is true.

        Calling it again once the thread has ended only repeats the outcome."""
        if self._thread.is_alive():
            self._commit = commit
            self._jobs.put(_STOP)
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self.committed

    def _run(self) -> None:
        try:
            with transaction.atomic():
                while (job := self._jobs.get()) is not _STOP:
                    if self._error is None:
                        try:
                            job()
                        except BaseException as exc:  # noqa: BLE001 - handed to the caller by finish()
                            self._error = exc
                if self._error is not None or not self._commit():
                    raise _Rollback
                self.committed = True
        except _Rollback:
            pass
        except BaseException as exc:  # noqa: BLE001 - a failed COMMIT, handed to the caller by finish()
            self._error = self._error or exc
        finally:
            connections.close_all()  # this thread's connections only


def writer_for(large: bool) -> InlineWriter | ThreadWriter:
    """A thread for a large import started outside any transaction; inline otherwise."""
    if large and not connection.in_atomic_block:
        return ThreadWriter()
    return InlineWriter()
