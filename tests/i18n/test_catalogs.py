"""Catalogs match the sources, every message is translated, and no page shows an untranslated string."""

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.helpers import PROJECT, SLUG, Client

LOCALES_DIR = PROJECT / "locales"
CATALOG_LOCALES = ["en", "es", "fr", "de", "ar"]
UI_LOCALES = ["es", "es-MX", "fr", "de", "ar"]


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=locale)


def extracted_from_sources() -> set[str | tuple[str, ...]]:
    with (PROJECT / "babel.cfg").open(encoding="utf-8") as config:
        # Babel ships no type hints for its config parser.
        method_map, options_map = parse_mapping_cfg(io.StringIO(config.read()))  # type: ignore[no-untyped-call]
    return {
        message if isinstance(message, str) else tuple(message)
        for _, _, message, _, _ in extract_from_dir(
            str(PROJECT),
            method_map,
            options_map,
            keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None},
        )
    }


def test_the_template_is_up_to_date_with_the_sources() -> None:
    template = {message.id for message in read(LOCALES_DIR / "messages.pot") if message.id}

    assert template == extracted_from_sources(), "run the `pybabel extract` command from the README"


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_every_catalog_has_every_message_translated(locale: str) -> None:
    template = {message.id for message in read(LOCALES_DIR / "messages.pot") if message.id}
    catalog = read(LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po", locale)
    messages = [message for message in catalog if message.id]

    assert {message.id for message in messages} == template, "run the `pybabel update` command from the README"
    assert [message.id for message in messages if not message.string] == []
    assert [message.id for message in messages if message.fuzzy] == []
    assert [(message.id, errors) for message, errors in catalog.check()] == []


class _TextInPageLanguage(HTMLParser):
    """Text nodes whose nearest `lang` is the page's, i.e. interface text rather than fallback content."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.page_locale: str | None = None
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.page_locale = lang
        if tag not in {"meta", "link", "input", "br", "hr", "img"}:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        langs = [lang for _, lang in self.stack if lang]
        if data.strip() and langs and langs[-1] == self.page_locale:
            self.texts.append(" ".join(data.split()))


def interface_texts(html: str) -> list[str]:
    parser = _TextInPageLanguage()
    parser.feed(html)
    return parser.texts


@pytest.mark.parametrize("locale", UI_LOCALES)
def test_no_page_shows_an_untranslated_string(client: Client, locale: str) -> None:
    language = locale.split("-", maxsplit=1)[0]
    catalog = read(LOCALES_DIR / language / "LC_MESSAGES" / "messages.po", language)
    english = {str(message.id) for message in catalog if message.id and message.string != message.id}
    english_words = {text.split("%(")[0].strip() for text in english} - {""}
    paths = [
        *(f"/{locale}/{audience}/answers/{SLUG}" for audience in ("clinician", "nurse", "family")),
        f"/{locale}/family/answers",
        f"/{locale}/family/editorial-policy",
        f"/{locale}/family/answers/no-such-answer",
        f"/{locale}/doctor/answers",
    ]
    for path in paths:
        texts = interface_texts(client.get(path).text)
        assert texts, path
        untranslated = [text for text in texts if any(text.startswith(words) for words in english_words)]
        assert untranslated == [], path
