"""The two kinds of msgspec `Struct` every data shape in Tailor derives from, so their options live in one place.

- `Record`: immutable and keyword-only. Catalogs, renditions and documents are built once and
  replaced, never edited, and keyword arguments keep long constructors readable.
- `FileRecord`: a `Record` decoded from a file an author wrote (`answer.toml`, a targets file):
  unknown fields are errors, so a misspelt key is reported instead of silently ignored, and
  defaults are left out when encoded back, so an exported file says only what was written.

msgspec applies `kw_only` only to the fields of the class that declares it, so a subclass would
lose it; the metaclass adds it to every class derived from `Record`.
"""

from __future__ import annotations

from typing import Any, dataclass_transform

import msgspec

__all__ = ["FileRecord", "Record"]


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(msgspec.field,))
class _KeywordOnly(msgspec.StructMeta):
    """Makes every subclass keyword-only unless it says otherwise."""

    def __new__(
        mcls,
        name: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        **options: Any,  # noqa: ANN401 - msgspec's class options
    ) -> _KeywordOnly:
        options.setdefault("kw_only", True)
        created: _KeywordOnly = super().__new__(mcls, name, bases, namespace, **options)
        return created


class Record(msgspec.Struct, metaclass=_KeywordOnly, frozen=True):
    """An immutable, keyword-only data shape."""


class FileRecord(Record, forbid_unknown_fields=True, omit_defaults=True):
    """A `Record` read from an author's file: unknown fields refused, defaults omitted."""
