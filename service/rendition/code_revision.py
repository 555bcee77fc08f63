"""What this build of Tailor renders with: code, templates, styles, translations and settings, as one digest.

Rendition ETags are made from it, the URL's key and the content revision, rather than from the bytes,
so that they can be given out without building the renditions (an app's manifest lists thousands).
Anything that changes what a rendition's bytes are must be in here: a new release, an edited
translation or another setting gives every rendition a new ETag.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from service.settings import Settings

__all__ = ["build_digest"]

_SERVICE = Path(__file__).resolve().parent.parent


def build_digest(settings: Settings) -> str:
    """The digest of this build for `settings`: package version, source files, translations, settings."""
    # Only the settings that change what pages and documents say: replicas of one release with their
    # own ports, paths or proxies must give the same rendition the same ETag.
    shown = (
        settings.supported_locales,
        settings.default_locale,
        settings.default_audience,
        sorted(settings.audience_fallback.items()),
        settings.follow_up_url,
        settings.editorial_policy_url,
        settings.preference_cookie,
        settings.public_url,
        settings.database_url is not None,  # only a store keeps feedback: pages carry the form then
    )
    digest = hashlib.sha256(version("tailor").encode() + b"\0" + repr(shown).encode())
    files = [
        *sorted(path for path in _SERVICE.rglob("*") if path.suffix in {".py", ".html", ".css"}),
        *sorted(settings.locales_dir.rglob("*.po")),
    ]
    for path in files:
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
