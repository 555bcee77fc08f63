"""The store fixture: an app on a real SQLite store (see `tests.helpers.store`)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path) as opened:
        yield opened
