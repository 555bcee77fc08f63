"""Content coding and conditional GET, decided from the raw header values."""

import pytest

from service.rendition.encoded import encode_response
from service.web.conditional import accepts_gzip, matches, respond

ETAGS = frozenset({b'"abc"', b'"abc-gz"'})


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, False),
        (b"", False),
        (b"gzip", True),
        (b"GZIP", True),
        (b"deflate, gzip;q=0.5", True),
        (b"gzip;q=0", False),
        (b"gzip; q=0.0, *", False),
        (b"br, *", True),
        (b"*;q=0", False),
        (b"x-gzip", True),
        (b"gzip;q=nonsense", False),
        (b"identity", False),
    ],
)
def test_accepts_gzip(header: bytes | None, expected: bool) -> None:
    assert accepts_gzip(header) is expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b"*", True),
        (b'"abc"', True),
        (b'W/"abc"', True),
        (b'"zzz", "abc-gz"', True),
        (b'"zzz"', False),
        (b"abc", False),
        (b"", False),
    ],
)
def test_matches_is_the_weak_comparison(header: bytes, expected: bool) -> None:
    assert matches(header, ETAGS) is expected


def test_respond_chooses_the_representation_and_the_status() -> None:
    entry = encode_response(
        "r1",
        "r1",
        body=b"x" * 1000,
        content_type=b"text/plain",
        headers=[(b"content-language", b"en")],
        cache_control=b"public",
    )
    assert entry.gzipped is not None

    plain = respond(entry, if_none_match=None, accept_encoding=None)
    zipped = respond(entry, if_none_match=None, accept_encoding=b"gzip")
    revalidated = respond(entry, if_none_match=b"W/" + next(iter(entry.etags)), accept_encoding=b"gzip")
    negotiated = respond(entry, if_none_match=None, accept_encoding=None, varies_on_language=True)

    assert (plain.status, plain.body) == (200, b"x" * 1000)
    assert zipped.body == entry.gzipped.body
    assert (b"content-encoding", b"gzip") in zipped.headers
    assert (revalidated.status, revalidated.body) == (304, b"")
    assert not any(name == b"content-length" for name, _ in revalidated.headers)
    assert (b"vary", b"Accept-Language, Accept-Encoding") in negotiated.headers
