import pytest

from service.english import counted


@pytest.mark.parametrize(("count", "expected"), [(0, "0 errors"), (1, "1 error"), (2, "2 errors"), (11, "11 errors")])
def test_counts_read_as_english(count: int, expected: str) -> None:
    assert counted(count, "error", "errors") == expected
