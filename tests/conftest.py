from __future__ import annotations

import pytest

from crosslaw import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The shipped rules, loaded once for the whole test run (the normal way to use crosslaw)."""
    return Engine()
