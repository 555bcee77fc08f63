"""JSON shapes of the API that are not renditions of content."""

from __future__ import annotations

from service.content.model import Audience
from service.structs import Record

__all__ = ["AudienceList", "AudienceOut", "LocaleList", "LocaleOut"]


class AudienceOut(Record):
    """An audience and what the selector calls it."""

    id: Audience
    label: str


class AudienceList(Record):
    """Every audience, labelled in `locale`."""

    locale: str
    audiences: list[AudienceOut]


class LocaleOut(Record):
    """A supported locale."""

    tag: str
    """BCP 47 tag, as used in URLs and the `locale` parameter."""
    name: str
    """The locale's name in the requested locale."""
    native_name: str
    """The locale's name in its own language, as a language switcher shows it."""
    direction: str
    """`ltr` or `rtl`."""


class LocaleList(Record):
    """Every supported locale, named in `locale`."""

    locale: str
    locales: list[LocaleOut]
