"""Structured logs: one JSON object per line, carrying the id of the request being served.

The request id comes from the fast path (the caller's `X-Request-ID` when sane, else a new one) and
is also sent back in the response, so a user's report, a proxy log and these lines can be matched.
"""

from __future__ import annotations

import datetime
import logging
import sys
from contextvars import ContextVar
from typing import Any

import msgspec

__all__ = ["REQUEST_ID", "JsonFormatter", "configure_logging"]

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
_encoder = msgspec.json.Encoder()


class JsonFormatter(logging.Formatter):
    """`{"time": …, "level": …, "logger": …, "message": …, "request_id": …, …extra fields}`."""

    def format(self, record: logging.LogRecord) -> str:
        """One line of JSON."""
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = REQUEST_ID.get()
        if request_id is not None:
            entry["request_id"] = request_id
        entry.update((key, value) for key, value in vars(record).items() if key not in _STANDARD)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return _encoder.encode(entry).decode()


def configure_logging(level: int = logging.INFO) -> None:
    """Send every log record to stderr as JSON (once per process)."""
    root = logging.getLogger()
    root.setLevel(level)
    if any(isinstance(handler.formatter, JsonFormatter) for handler in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
