"""Counts in English sentences for the log and the command line ("1 error", "3 errors").

Pages and the API translate their counts with gettext's `ngettext` instead, by the plural rules
of the reader's language; the log and the CLI are written in English only.
"""

from __future__ import annotations

__all__ = ["counted"]


def counted(count: int, singular: str, plural: str) -> str:
    """`counted(1, "error", "errors")` → `1 error`; any other count takes the plural."""
    return f"{count} {singular if count == 1 else plural}"
