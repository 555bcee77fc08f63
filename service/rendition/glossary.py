"""The glossary as readers meet it: the words of a text that name a term, and each term's definition for a reader.

The glossary is an answer folder of its own kind (`kind = "glossary"`): one section per term, written for
each audience like any text, so definitions are reviewed, gated and fall back along the same chains as
sections. Its `terms` table names the words (aliases, inflections) that stand for each term in running
text, per locale; the title of the term's section counts as one of them.
"""

from __future__ import annotations

from service.content.locale_tags import language_of
from service.content.model import Answer, Audience, SectionText, Variant
from service.rendition.fallback import FallbackRules, find_section
from service.rendition.markdown import TermWords

__all__ = ["MARKED_AUDIENCES", "defining_variants", "definition", "term_words"]

MARKED_AUDIENCES = frozenset({Audience.NURSE, Audience.FAMILY})
"""Whose pages explain hard words: the glossary defines terms for nurses and families, not for clinicians."""

_WORDS: dict[tuple[str, str, tuple[Audience, ...]], TermWords] = {}
"""Term words per (glossary revision, text locale, audience chain), worked out once per glossary revision."""
_WORDS_KEPT = 256
_DEFINING: dict[tuple[str, tuple[str, ...], tuple[Audience, ...]], list[Variant]] = {}
"""The glossary texts defining terms per (glossary revision, locale chain, audience chain), likewise."""


def definition(
    glossary: Answer, term: str, locale: str, audience: Audience, rules: FallbackRules
) -> tuple[SectionText, Variant] | None:
    """The definition a reader of `audience` gets for `term` in a text in `locale`: along the sections' chains."""
    return find_section(glossary, term, rules.locales(locale), rules.audiences(audience))


def term_words(glossary: Answer, locale: str, audience: Audience, rules: FallbackRules) -> TermWords:
    """The terms a text in `locale` may mark for readers of `audience`, with the words that name each.

    Only terms with a definition for them; the words are those of the text's language (`es-MX` reads `es`
    words too), so a Spanish text is never matched against English words.
    """
    audiences = rules.audiences(audience)
    key = (glossary.revision, locale, audiences)
    found = _WORDS.get(key)
    if found is not None:
        return found
    language = language_of(locale)
    same_language = [tag for tag in rules.locales(locale) if language_of(tag) == language]
    words: list[tuple[str, tuple[str, ...]]] = []
    for term in glossary.metadata.sections:
        defined = definition(glossary, term, locale, audience, rules)
        if defined is None:
            continue
        text, variant = defined
        listed = glossary.metadata.terms.get(term, {})
        forms = [form for tag in same_language for form in listed.get(tag, ())]
        if variant.locale in same_language:
            forms.insert(0, text.title)
        if forms:
            words.append((term, tuple(dict.fromkeys(forms))))
    if len(_WORDS) >= _WORDS_KEPT:
        _WORDS.clear()
    _WORDS[key] = tuple(words)
    return _WORDS[key]


def defining_variants(glossary: Answer, locale: str, audience: Audience, rules: FallbackRules) -> list[Variant]:
    """The glossary texts that define some term for a reader of `audience` beside a text in `locale`.

    Worked out once per glossary revision: every page's ETag and date ask.
    """
    key = (glossary.revision, rules.locales(locale), rules.audiences(audience))
    found = _DEFINING.get(key)
    if found is None:
        defined = (definition(glossary, term, locale, audience, rules) for term in glossary.metadata.sections)
        found = list({id(pair[1]): pair[1] for pair in defined if pair is not None}.values())
        if len(_DEFINING) >= _WORDS_KEPT:
            _DEFINING.clear()
        _DEFINING[key] = found
    return found
