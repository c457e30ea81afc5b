import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The per-IP counters live in the cache, shared by the whole test session."""
    cache.clear()
    yield
    cache.clear()
