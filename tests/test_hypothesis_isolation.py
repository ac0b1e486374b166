"""Hypothesis examples of a database test do not see each other's rows, and a database test that does not roll
its examples back is refused before it runs."""

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taizhang.ledger.models import Problem
from taizhang.ledger.tests.factories import problem
from taizhang.testing import examples_leak, rolled_back_per_example


def _examples(world, isolate: bool) -> list[int]:
    """Run the examples (up to 8) that each add 1–3 problems; the counts of such problems each example found at its start."""
    seen = []

    def body(count):
        seen.append(Problem.objects.filter(title__startswith="隔离").count())
        for i in range(count):
            problem(world, title=f"隔离{i}")

    run = settings(max_examples=8, deadline=None, derandomize=True)(
        given(count=st.integers(min_value=1, max_value=3))(rolled_back_per_example(body) if isolate else body))
    run()
    return seen


def test_each_example_starts_from_the_world_alone(world):
    seen = _examples(world, isolate=True)
    assert len(seen) >= 3 and set(seen) == {0}
    assert not Problem.objects.filter(title__startswith="隔离").exists()


def test_without_it_the_rows_of_one_example_leak_into_the_next(world):
    assert max(_examples(world, isolate=False)) > 0


def _item(test, fixtures=(), marker=None):
    return SimpleNamespace(obj=test, fixturenames=list(fixtures), get_closest_marker=lambda name: marker)


@given(st.integers())
def _leaky(world, n):
    pass


@given(st.integers())
@rolled_back_per_example
def _isolated(world, n):
    pass


@given(st.integers())
def _pure(n):
    pass


@pytest.mark.parametrize(("test", "fixtures", "marker", "leaks"), [
    (_leaky, ("world", "db"), None, True),
    (_leaky, (), object(), True),  # @pytest.mark.django_db
    (_isolated, ("world", "db"), None, False),
    (_pure, (), None, False),
])
def test_a_database_test_without_rollback_per_example_is_found(test, fixtures, marker, leaks):
    assert examples_leak(_item(test, fixtures, marker)) is leaks
