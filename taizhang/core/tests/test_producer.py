"""A producer runs in a process of its own only where that process sees the same data; its batches, its failure
and an early stop reach the consuming side."""

from __future__ import annotations

import os

import pytest

from taizhang.core.producer import ProducerFailed, can_separate, in_memory_database, produce

HERE = "taizhang.core.tests.test_producer"


def unit_codes(batches: int):
    """Test target: the process id it runs in, then the unit codes it can see, one batch per unit (up to n)."""
    from taizhang.orgs.models import Unit

    yield os.getpid()
    for code in Unit.objects.order_by("code").values_list("code", flat=True)[:batches]:
        yield [code]


def chatty():
    """Test target that prints, from Python and from C (the fd itself), between its batches."""
    print("读取第一批")
    yield ["一"]
    os.write(1, "C 代码的输出\n".encode())
    yield ["二"]


def failing():
    yield ["first"]
    raise ValueError("第二批数据读取失败")


def test_on_an_in_memory_sqlite_database_the_producer_runs_inline(committed_world, monkeypatch):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite has in-memory databases")
    # The suite's SQLite database is a file (config/settings_test.py); a memory one cannot be opened by a child.
    monkeypatch.setattr(connection, "is_in_memory_db", lambda: True)
    assert in_memory_database() and not can_separate()
    pid, *_ = produce(f"{HERE}:unit_codes", (1,), separate=True)
    assert pid == os.getpid()


@pytest.mark.django_db
def test_inside_a_transaction_the_producer_runs_inline(world):
    assert not can_separate()
    pid, *codes = produce(f"{HERE}:unit_codes", (3,), separate=True)
    assert pid == os.getpid()
    assert len(codes) == 3


def test_outside_a_transaction_it_runs_in_another_process_on_the_same_database(committed_world):
    from taizhang.orgs.models import Unit

    assert can_separate() and not in_memory_database()
    pid, *codes = produce(f"{HERE}:unit_codes", (100,), separate=True)
    assert pid != os.getpid()
    assert codes == [[c] for c in Unit.objects.order_by("code").values_list("code", flat=True)]


def test_a_failure_in_the_producer_is_raised_here_with_its_message(committed_world):
    batches = produce(f"{HERE}:failing", separate=True)
    assert next(batches) == ["first"]
    with pytest.raises(ProducerFailed, match="第二批数据读取失败"):
        next(batches)


def test_stopping_early_ends_the_producing_process(committed_world):
    batches = produce(f"{HERE}:unit_codes", (100,), separate=True)
    pid = next(batches)
    batches.close()  # the consumer gives up (an error while writing, say)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_without_separate_it_runs_inline_even_outside_a_transaction(committed_world):
    pid, *_ = produce(f"{HERE}:unit_codes", (1,), separate=False)
    assert pid == os.getpid()


def test_what_the_producer_prints_does_not_mix_with_its_batches(committed_world):
    assert list(produce(f"{HERE}:chatty", separate=True)) == [["一"], ["二"]]
