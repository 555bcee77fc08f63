"""JSON log lines that carry the request id the response carries."""

import io
import json
import logging
from collections.abc import Iterator

import pytest

from service.logs import JsonFormatter
from service.rendition.site import Site
from tests.helpers import PROJECT, SLUG, serving, settings_for


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def entries(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


def test_an_error_is_logged_as_json_with_the_request_id(
    log_lines: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(Site, "answer_document", explode)
    with serving(settings_for(PROJECT / "variants")) as client:
        response = client.get(f"/en/family/answers/{SLUG}", headers={"X-Request-ID": "trace-0123456789"})

    assert response.headers["x-request-id"] == "trace-0123456789"
    [error] = [entry for entry in entries(log_lines) if entry["level"] == "error"]
    assert error["request_id"] == "trace-0123456789"
    assert "RuntimeError: rendering failed" in str(error["exception"])
    assert "rendering failed" not in response.text


def test_the_access_log_has_one_line_per_request_when_enabled(log_lines: io.StringIO) -> None:
    with serving(settings_for(PROJECT / "variants", access_log=True)) as client:
        client.get(f"/es/family/answers/{SLUG}", headers={"X-Request-ID": "first-request-id"})
        client.get(f"/es/family/answers/{SLUG}", headers={"X-Request-ID": "second-request-id"})

    access = {str(entry["request_id"]): entry for entry in entries(log_lines) if entry["logger"] == "tailor.access"}
    assert access["first-request-id"]["status"] == 200
    assert access["second-request-id"]["path"] == f"/es/family/answers/{SLUG}"
    assert isinstance(access["second-request-id"]["duration_ms"], float)
