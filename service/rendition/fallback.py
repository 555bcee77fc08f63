"""Where a text missing for the reader's choice is looked for instead: the locale and audience chains.

A reader keeps their language before their reading level: the chains are walked locale first,
then audience within each locale, since a text in a language one cannot read helps nobody.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from service.content.locale_tags import language_of
from service.content.model import Answer, Audience, SectionText, Variant

__all__ = ["FallbackRules", "find_section", "locale_chain"]


def locale_chain(locale: str, default: str) -> tuple[str, ...]:
    """Where content is looked for, in order: `es-MX` → `es` → the default locale."""
    chain = [locale]
    if "-" in locale:
        chain.append(language_of(locale))
    chain.append(default)
    return tuple(dict.fromkeys(chain))


@dataclass(frozen=True, kw_only=True)
class FallbackRules:
    """The chains a rendition falls back along, from the settings."""

    default_locale: str
    """The locale every answer is complete in: the end of every locale chain."""
    audience_fallback: Mapping[Audience, Audience | None]
    """Which audience's text stands in for a missing one (`family` → `nurse` → `clinician` by default)."""

    def locales(self, locale: str) -> tuple[str, ...]:
        """`es-MX` → (`es-MX`, `es`, default)."""
        return locale_chain(locale, self.default_locale)

    def audiences(self, audience: Audience) -> tuple[Audience, ...]:
        """`family` → (`family`, `nurse`, `clinician`) by default; stops at a repeat."""
        chain = [audience]
        while (following := self.audience_fallback.get(chain[-1])) is not None and following not in chain:
            chain.append(following)
        return tuple(chain)


def find_section(
    answer: Answer, section_id: str, locales: tuple[str, ...], audiences: tuple[Audience, ...]
) -> tuple[SectionText, Variant] | None:
    """The text a section is served from: the first along the chains (locale first, then audience within it)."""
    for locale in locales:
        for audience in audiences:
            variant = answer.variant(locale, audience)
            if variant is not None and section_id in variant.sections:
                return variant.sections[section_id], variant
    return None
