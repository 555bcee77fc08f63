"""The user interface's gettext catalogs, one per supported locale, loaded once at start-up.

Catalogs live in `locales/<ll>[_<RR>]/LC_MESSAGES/messages.po`, compiled to `messages.mo` by
`pybabel compile -d locales` (the container image ships compiled ones). When a `.mo` is missing or
older than its `.po`, the `.po` is compiled in memory instead, so a freshly edited catalog is never
served stale. A regional locale falls back to its language (`es-MX` → `es`), then to the msgids.
"""

from __future__ import annotations

import io
import itertools
import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from service.content.locale_tags import language_of

__all__ = ["DOMAIN", "catalog_folder", "load_translations"]

DOMAIN = "messages"
logger = logging.getLogger(__name__)


def catalog_folder(locales_dir: Path, tag: str) -> Path:
    """`locales/es_MX/LC_MESSAGES` for `es-MX`: gettext's folder naming."""
    return locales_dir / tag.replace("-", "_") / "LC_MESSAGES"


def _load_one(locales_dir: Path, tag: str) -> Translations | None:
    folder = catalog_folder(locales_dir, tag)
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return Translations(compiled, domain=DOMAIN)
    if not po.is_file():
        return None
    logger.info("compiling %s in memory: no up-to-date %s", po, mo.name)
    with po.open("rb") as source:
        catalog = read_po(source, locale=tag.replace("-", "_"))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def load_translations(locales_dir: Path, locales: tuple[str, ...]) -> dict[str, NullTranslations]:
    """A translations object per locale, each falling back along `es-MX` → `es` → msgids."""
    loaded: dict[str, NullTranslations] = {}
    for tag in locales:
        chain = [
            found
            for candidate in dict.fromkeys([tag, language_of(tag)])
            if (found := _load_one(locales_dir, candidate))
        ]
        if not chain:
            loaded[tag] = NullTranslations()
            continue
        for translations, following in itertools.pairwise(chain):
            translations.add_fallback(following)
        loaded[tag] = chain[0]
    return loaded
