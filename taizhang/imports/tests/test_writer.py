"""Large imports write on a thread of their own, in one transaction committed only when the whole file is valid.

These tests run outside a per-test transaction (the writer thread has its own connection and must see committed
rows), in a database pytest-django empties after each of them.
"""

from __future__ import annotations

import pytest
from django.db import connection

from taizhang.audit.models import AuditEvent
from taizhang.imports import writer as writer_module
from taizhang.imports.importers import run_import
from taizhang.imports.tests.builders import xlsx_bytes
from taizhang.ledger.models import Measure, Problem

HEAD = ["序号", "责任单位", "问题", "整改措施", "整改时限"]


def ledger(rows: int, bad_row: int | None = None) -> bytes:
    body = []
    for i in range(1, rows + 1):
        unit = "没有这个单位" if i == bad_row else ("东县县委" if i % 2 else "东镇党委")
        body.append([i, unit, f"线程写入的问题{i}", f"1. 第{i}项措施甲\n2. 第{i}项措施乙", "2026年12月底"])
    return xlsx_bytes([["台账"], HEAD, *body])


@pytest.fixture
def committed(committed_world, settings):
    """Autocommit, as the command line and the background tasks run; small imports count as large."""
    settings.IMPORT_PER_RECORD_LIMIT = 5
    return committed_world


@pytest.fixture
def threads(monkeypatch):
    """Count the writer threads started."""
    started = []
    original = writer_module.ThreadWriter.__init__

    def init(self, *args, **kwargs):
        started.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(writer_module.ThreadWriter, "__init__", init)
    return started


def run(world, data, **kw):
    return run_import(actor=world.user("county_office"), kind="problems", data=data, filename="台账.xlsx",
                      campaign=world.campaign(), **kw)


def new_problems(world):
    return Problem.objects.filter(campaign=world.campaign(), title__startswith="线程写入的问题")


def test_a_large_import_is_written_by_the_writer_thread_and_committed(committed, threads):
    assert not connection.in_atomic_block
    result = run(committed, ledger(12))
    assert (result.created, result.errors) == (12, [])
    assert len(threads) == 1 and threads[0].committed
    problems = list(new_problems(committed).order_by("seq"))
    assert [p.title for p in problems] == [f"线程写入的问题{i}" for i in range(1, 13)]
    assert Measure.objects.filter(problem__in=problems).count() == 24
    assert AuditEvent.objects.filter(action="problem.import").order_by("-pk").first().changes["count"] == 12


def test_an_error_anywhere_leaves_nothing_written(committed, threads):
    result = run(committed, ledger(12, bad_row=11))
    assert result.created == 0 and [e["row"] for e in result.errors] == [13]  # title row, header, then data
    assert len(threads) == 1 and not threads[0].committed
    assert not new_problems(committed).exists()


def test_a_dry_run_is_rolled_back_with_the_counts_of_a_real_run(committed, threads):
    result = run(committed, ledger(12), dry_run=True)
    assert result.created == 12
    assert not threads[0].committed and not new_problems(committed).exists()


def test_partial_writes_the_valid_rows(committed, threads):
    result = run(committed, ledger(12, bad_row=3), partial=True)
    assert result.created == 11 and len(result.errors) == 1
    assert new_problems(committed).count() == 11


def test_a_failure_in_the_writer_is_raised_and_rolls_back(committed, monkeypatch):
    from taizhang.imports.importers import problems as importer

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(importer, "audit_record", broken)
    with pytest.raises(RuntimeError, match="磁盘已满"):
        run(committed, ledger(12))
    assert not new_problems(committed).exists()


def test_inside_a_transaction_the_writes_stay_in_it(world, settings, threads):
    settings.IMPORT_PER_RECORD_LIMIT = 5
    result = run(world, ledger(12))
    assert result.created == 12 and threads == []
    assert new_problems(world).count() == 12
