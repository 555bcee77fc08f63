"""The reader's choice of audience and locale: parsed from URLs and the cookie, negotiated, resolved.

The one home of the concept. `service.rendition` and `service.web` import it; it imports neither.
"""

from __future__ import annotations

from service.choice.negotiation import interface_language, negotiate, parse_accept_language
from service.choice.resolution import (
    Choice,
    Resolution,
    Source,
    cookie_value,
    normal_locale,
    parse_audience,
    parse_cookie,
    parse_locale,
    resolve,
)

__all__ = [
    "Choice",
    "Resolution",
    "Source",
    "cookie_value",
    "interface_language",
    "negotiate",
    "normal_locale",
    "parse_accept_language",
    "parse_audience",
    "parse_cookie",
    "parse_locale",
    "resolve",
]
