"""HTML rendering: one shared Jinja environment whose gettext follows the locale of the page being rendered.

The gettext callables are installed once. They read the current page's translations from a context
variable that `Pages.render` sets for the duration of one render, so concurrent requests in other
locales never see each other's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from babel.dates import format_date, format_timedelta
from babel.numbers import format_decimal
from babel.support import NullTranslations
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from service.i18n.locale_names import babel_locale, endonym, language_name, text_direction

__all__ = ["Pages", "gettext", "language", "long_date"]

_page_locale: ContextVar[str] = ContextVar("page_locale")
_page_translations: ContextVar[NullTranslations] = ContextVar("page_translations")


def gettext(message: str) -> str:
    """`message` translated into the locale of the page (or document) being made (see `Pages.in_locale`)."""
    return _gettext(message)


def long_date(value: datetime.date) -> str:
    """`value` as the locale being made writes a date in full."""
    return _date(value)


def language(tag: str) -> str:
    """The name of `tag`'s language in the locale being made."""
    return _language(tag)


def _gettext(message: str) -> str:
    return _page_translations.get().gettext(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _page_translations.get().ngettext(singular, plural, count)


def _template_gettext(message: str, /, **variables: object) -> Markup:
    """`_()` and `gettext()` in templates: Jinja's newstyle gettext, without its two context calls.

    The same result: the translation is markup (every template here autoescapes) and always a format
    string, so `%%` is `%` and variables are escaped. Called some thirty times a page, it was a third of
    a page's template time through the i18n extension's wrappers.
    """
    return Markup(_page_translations.get().gettext(message)) % variables  # noqa: S704 - our catalogs, as Jinja treats them


def _template_ngettext(singular: str, plural: str, count: int, /, **variables: object) -> Markup:
    """`ngettext()` in templates, as Jinja's newstyle one: `num` is the count unless given."""
    variables.setdefault("num", count)
    return Markup(_page_translations.get().ngettext(singular, plural, count)) % variables  # noqa: S704 - as above


def _date(value: datetime.date, style: str = "long") -> str:
    return format_date(value, format=style, locale=babel_locale(_page_locale.get()))


def _timedelta(value: datetime.timedelta) -> str:
    """A duration as people say it, in the page's language: "3 days", "5 minutes"."""
    return format_timedelta(value, locale=babel_locale(_page_locale.get()))


def _decimal(value: float) -> str:
    return format_decimal(value, locale=babel_locale(_page_locale.get()))


def _language(tag: str) -> str:
    return language_name(tag, _page_locale.get())


def _other_language(tag: str) -> Markup:
    """` lang="en" dir="ltr"` for text in another locale than the page's, else nothing.

    `dir` matters as much as `lang`: English inside an Arabic page must still run left to right.
    """
    if tag == _page_locale.get():
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(escape(tag), text_direction(tag))


class Pages:
    """The templates and the translations they render with."""

    def __init__(
        self, translations: Mapping[str, NullTranslations], static_url: Callable[[str], str] | None = None
    ) -> None:
        """Build the shared environment for the given per-locale translations.

        `static_url` names an asset's URL (`static("tailor.css")` in templates); by default its plain path.
        """
        self._translations = translations
        environment = Environment(
            loader=PackageLoader("service", "templates"),
            autoescape=select_autoescape(default=True),
            extensions=["jinja2.ext.i18n"],
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            # Templates are code: they change with a deploy (or a `--reload` restart), never while
            # serving, so a page does not stat each of its templates' files (twelve per answer page).
            auto_reload=False,
        )
        environment.policies["ext.i18n.trimmed"] = True
        environment.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, newstyle=True)  # type: ignore[attr-defined]
        # The extension stays for `{% trans %}` and the message extractor; calls go straight to these.
        environment.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)
        environment.filters.update(date=_date, decimal=_decimal, language=_language, timedelta=_timedelta)
        environment.globals.update(
            endonym=endonym,
            direction=text_direction,
            other_language=_other_language,
            static=static_url or (lambda name: f"/static/{name}"),
        )
        self.environment = environment

    @contextmanager
    def in_locale(self, locale: str) -> Iterator[NullTranslations]:
        """Translate (in Python or templates) into `locale` within the block."""
        translations = self._translations.get(locale) or NullTranslations()
        locale_token = _page_locale.set(locale)
        translations_token = _page_translations.set(translations)
        try:
            yield translations
        finally:
            _page_translations.reset(translations_token)
            _page_locale.reset(locale_token)

    def render(self, template: str, locale: str, **context: Any) -> str:  # noqa: ANN401 - template context
        """Render `template` as a page in `locale`."""
        with self.in_locale(locale):
            return self.environment.get_template(template).render(locale=locale, **context)
