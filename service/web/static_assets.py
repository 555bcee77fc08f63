"""The stylesheet, the API viewer's script and the icon: fingerprinted URLs, cached for a year, never refetched.

Each file is read once at start and served from memory as an `EncodedResponse` (strong ETag, 304s,
gzip), like a rendition. Pages link `/static/<name>.<digest>.<ext>`, a URL that names one content for
ever, so it is `public, max-age=31536000, immutable`: a browser never asks again, and a new release
links new URLs. The plain name (`/static/tailor.css`) still answers, briefly cacheable, for pages
cached elsewhere before a release.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import Any, TypeAlias

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.types import ASGIApp

from service.errors import NotFound
from service.web.conditional import respond_to
from service.web.encoded_response import EncodedResponse, encode_response

__all__ = ["IMMUTABLE", "AssetsDependency", "StaticAssets", "serve_static"]

IMMUTABLE = b"public, max-age=31536000, immutable"
_PLAIN = b"public, max-age=300"
_TEXT_TYPES = {"text/css", "application/javascript", "text/javascript", "text/plain", "text/markdown"}


def _content_type(path: Path) -> bytes:
    guessed, _ = mimetypes.guess_type(path.name)
    kind = guessed or "application/octet-stream"
    return (f"{kind}; charset=utf-8" if kind in _TEXT_TYPES else kind).encode()


def _fingerprinted(name: str, digest: str) -> str:
    """`vendor/scalar.js` → `vendor/scalar.<digest>.js`."""
    folder, _, file = name.rpartition("/")
    stem, dot, suffix = file.rpartition(".")
    marked = f"{stem}.{digest}.{suffix}" if dot else f"{file}.{digest}"
    return f"{folder}/{marked}" if folder else marked


class StaticAssets:
    """Every file under a directory, by plain and by fingerprinted name."""

    def __init__(self, directory: Path, prefix: str = "/static") -> None:
        """Read every file below `directory` (but READMEs, which are for people)."""
        self._prefix = prefix
        self._urls: dict[str, str] = {}
        self._responses: dict[str, EncodedResponse] = {}
        for path in sorted(directory.rglob("*")):
            if not path.is_file() or path.name.lower().startswith("readme"):
                continue
            name = path.relative_to(directory).as_posix()
            body = path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()[:12]
            fingerprinted = _fingerprinted(name, digest)
            for served, cache_control in ((fingerprinted, IMMUTABLE), (name, _PLAIN)):
                self._responses[served] = encode_response(
                    f"static|{name}|{digest}",
                    digest,
                    body=body,
                    content_type=_content_type(path),
                    headers=(),
                    cache_control=cache_control,
                )
            self._urls[name] = f"{prefix}/{fingerprinted}"

    def url(self, name: str) -> str:
        """The fingerprinted URL of the asset `name` (e.g. `tailor.css`)."""
        return self._urls[name]

    def response(self, served: str) -> EncodedResponse | None:
        """What `/static/<served>` answers, if anything."""
        return self._responses.get(served)


AssetsDependency: TypeAlias = NamedDependency[StaticAssets]


@get("/static/{name:path}", name="static", include_in_schema=False, sync_to_thread=False)
def serve_static(request: Request[Any, Any, Any], assets: AssetsDependency, name: FromPath[str]) -> ASGIApp:
    """An asset, by fingerprinted or plain name (200 or 304, gzip when asked for); anything else is a 404."""
    entry = assets.response(name.lstrip("/"))
    if entry is None:
        raise NotFound()
    return respond_to(request, entry)
