import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The policy, lockout and denial bookkeeping live in the cache, which the test's rollback does not reach."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
