"""The interactive API viewer at `/schema`: Scalar, vendored, configured to ask nothing of any other origin.

Litestar's Scalar plugin passes options through an inline script, which the page's CSP refuses (so the
options were never applied), and Scalar by default loads its fonts from fonts.scalar.com: 14 requests
and 19 console errors per visit, all blocked. Here the options are an attribute of the element Scalar
reads them from, and they turn off its web fonts and its telemetry.
"""

from __future__ import annotations

import html
from typing import Any

import msgspec
from litestar import Request
from litestar.openapi.plugins import ScalarRenderPlugin

__all__ = ["OFFLINE_OPTIONS", "OfflineScalar"]

OFFLINE_OPTIONS: dict[str, Any] = {
    "withDefaultFonts": False,
    "telemetry": False,
    "agent": {"disabled": True},
    "proxyUrl": "",
}
"""No fonts from Scalar's servers (the stylesheet names local ones), no usage reports, no AI agent (it asks
Scalar's registry through their proxy on every visit from localhost), and "Test request" sent from the
browser itself rather than through proxy.scalar.com."""


class OfflineScalar(ScalarRenderPlugin):
    """Scalar with its options in `data-configuration`, no inline script, nothing fetched from elsewhere."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        """The viewer's page: the document's URL and the options on one element, then the vendored script."""
        title = html.escape(str(openapi_schema["info"]["title"]))
        document = html.escape(self.get_openapi_json_route(request))
        configuration = html.escape(msgspec.json.encode({**OFFLINE_OPTIONS, **(self.options or {})}).decode())
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<title>{title}</title>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{self.favicon}
<link rel="stylesheet" type="text/css" href="{html.escape(self.css_url)}">
</head>
<body>
<noscript>The API viewer needs JavaScript; the document itself is at {document}.</noscript>
<script id="api-reference" data-url="{document}" data-configuration="{configuration}"></script>
<script src="{html.escape(self.js_url)}" crossorigin></script>
</body>
</html>
""".encode()
