"""JSON shapes of the API that are not renditions of content."""

from __future__ import annotations

import msgspec

from service.content.model import Audience


class AudienceOut(msgspec.Struct, frozen=True, kw_only=True):
    """An audience and what the selector calls it."""

    id: Audience
    label: str


class AudienceList(msgspec.Struct, frozen=True, kw_only=True):
    """Every audience, labelled in `locale`."""

    locale: str
    audiences: list[AudienceOut]


class LocaleOut(msgspec.Struct, frozen=True, kw_only=True):
    """A supported locale."""

    tag: str
    """BCP 47 tag, as used in URLs and the `locale` parameter."""
    name: str
    """The locale's name in the requested locale."""
    native_name: str
    """The locale's name in its own language, as a language switcher shows it."""
    direction: str
    """`ltr` or `rtl`."""


class LocaleList(msgspec.Struct, frozen=True, kw_only=True):
    """Every supported locale, named in `locale`."""

    locale: str
    locales: list[LocaleOut]
