from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "content"
PROJECT = Path(__file__).parent.parent


@pytest.fixture
def valid_content() -> Path:
    return FIXTURES / "valid"


@pytest.fixture
def bundled_content() -> Path:
    return PROJECT / "variants"
