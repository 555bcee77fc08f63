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
from service.rendition.encoded import EncodedResponse, encode_response
from service.web.conditional import respond_to

__all__ = ["IMMUTABLE", "STATIC_DIR", "AssetsDependency", "StaticAssets", "serve_static"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
"""The stylesheet, the icon and the vendored assets."""
IMMUTABLE = b"public, max-age=31536000, immutable"
_PLAIN = b"public, max-age=300"
_TEXT_TYPES = {"text/css", "application/javascript", "text/javascript", "text/plain", "text/markdown"}


_TYPES = {".css": "text/css", ".js": "text/javascript", ".ico": "image/x-icon", ".svg": "image/svg+xml"}
"""The types of what is served, named the same on every machine (`mimetypes` reads the system's tables)."""


def _content_type(path: Path) -> bytes:
    kind = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return (f"{kind}; charset=utf-8" if kind in _TEXT_TYPES else kind).encode()


def _fingerprinted(name: str, digest: str) -> str:
    """`vendor/scalar.js` → `vendor/scalar.<digest>.js`."""
    folder, _, file = name.rpartition("/")
    stem, dot, suffix = file.rpartition(".")
    marked = f"{stem}.{digest}.{suffix}" if dot else f"{file}.{digest}"
    return f"{folder}/{marked}" if folder else marked


class StaticAssets:
    """Every file under a directory, by plain and by fingerprinted name."""

    def __init__(self, directory: Path = STATIC_DIR, prefix: str = "/static") -> None:
        """Name every file below `directory` by its content (but READMEs, which are for people).

        Only the digests are worked out here; each response is built (and gzipped) on its first request,
        so that starting a worker does not compress a viewer script nobody may ask for.
        """
        self._urls: dict[str, str] = {}
        self._files: dict[str, tuple[Path, str, bytes]] = {}
        """By the name it is served under: the file, its digest and the Cache-Control it is served with."""
        self._built: dict[str, EncodedResponse] = {}
        for path in sorted(directory.rglob("*")):
            if not path.is_file() or path.name.lower().startswith("readme"):
                continue
            name = path.relative_to(directory).as_posix()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            fingerprinted = _fingerprinted(name, digest)
            self._files[fingerprinted] = (path, digest, IMMUTABLE)
            self._files[name] = (path, digest, _PLAIN)
            self._urls[name] = f"{prefix}/{fingerprinted}"

    def url(self, name: str) -> str:
        """The fingerprinted URL of the asset `name` (e.g. `tailor.css`)."""
        return self._urls[name]

    def response(self, served: str) -> EncodedResponse | None:
        """What `/static/<served>` answers, if anything."""
        built = self._built.get(served)
        if built is None and served in self._files:
            path, digest, cache_control = self._files[served]
            built = self._built[served] = encode_response(
                f"static|{path.name}|{digest}",
                digest,
                body=path.read_bytes(),
                content_type=_content_type(path),
                headers=(),
                cache_control=cache_control,
            )
        return built


AssetsDependency: TypeAlias = NamedDependency[StaticAssets]


@get("/static/{name:path}", name="static", include_in_schema=False, sync_to_thread=False)
def serve_static(request: Request[Any, Any, Any], assets: AssetsDependency, name: FromPath[str]) -> ASGIApp:
    """An asset, by fingerprinted or plain name (200 or 304, gzip when asked for); anything else is a 404."""
    entry = assets.response(name.lstrip("/"))
    if entry is None:
        raise NotFound()
    return respond_to(request, entry)
