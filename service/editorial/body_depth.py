"""How deeply a JSON body nests, read without decoding it: a decoder given a deep enough body exhausts its stack."""

from __future__ import annotations

import re

__all__ = ["json_depth"]

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in `body` (0 for a scalar); brackets inside strings do not count.

    Malformed JSON gets a number too (the decoder refuses it afterwards, with a 400 of its own).
    """
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub(b'""', body)):
        if bracket.group() in {b"[", b"{"}:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest
