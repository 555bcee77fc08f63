"""Reader forms only from this site's own pages: a hostile page cannot post them from a reader's browser.

The preferences form sets a cookie for a year, and the feedback form sends a message in the reader's
name; neither carries a token (readers have no session to bind one to). Browsers say where a form
came from: `Sec-Fetch-Site` (`cross-site` for another site's page) and `Origin` (the page's origin, on
every cross-origin POST and, in current browsers, on same-origin ones too). A form whose headers name
another site is refused; one with neither header (a browser from before 2020, or a tool) is taken, as
there is nothing to tell it by: such browsers stay as exposed as they always were.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from service.errors import CrossSiteForm

__all__ = ["from_this_site"]


def from_this_site(connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler) -> None:
    """A guard: refuse a form whose `Sec-Fetch-Site` or `Origin` names another site (403, nothing changed)."""
    if connection.headers.get("sec-fetch-site", "").lower() == "cross-site":
        raise CrossSiteForm()
    origin = connection.headers.get("origin")
    if origin is None:
        return
    # By host name: the port a proxy in front listens on is not always the one the request names.
    sender = urlsplit(origin).hostname if origin != "null" else None
    ours = {urlsplit(f"//{connection.headers.get('host', '')}").hostname}
    public_url = connection.app.state.get("public_url")
    if isinstance(public_url, str):
        ours.add(urlsplit(public_url).hostname)
    if sender is None or sender not in ours:
        raise CrossSiteForm()
