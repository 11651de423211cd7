"""Lists written as strings: "a, b, c", GWDM's "a;,;b", "a; b", "a | b"."""
from __future__ import annotations

import re

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT

_GWDM = ";,;"
_COMMA = re.compile(r"\s*,\s*")
_SEMI = re.compile(r"\s*;\s*")


@rule("split_list")
def split_list(value):
    """Split a comma-separated (or GWDM `;,;`-joined) string into items.

    A string with no separator stays one item, unchanged, so the report shows no normalisation.
    """
    if not isinstance(value, str):
        return value
    if _GWDM in value:
        parts = value.split(_GWDM)
    elif "," in value:
        parts = _COMMA.split(value)
    else:
        return value
    items = [p.strip() for p in parts if p.strip()]
    if not items:
        return ABSENT
    return items if len(items) > 1 else items[0]


@rule("split_gwdm")
def split_gwdm(value):
    """Split only GWDM's `;,;` joiner (values that may legitimately contain commas)."""
    if not isinstance(value, str) or _GWDM not in value:
        return value
    items = [p.strip() for p in value.split(_GWDM) if p.strip()]
    return items if items else ABSENT


@rule("split_semicolon")
def split_semicolon(value):
    if not isinstance(value, str) or ";" not in value:
        return value
    items = [p for p in _SEMI.split(value.strip()) if p]
    return items if len(items) > 1 else (items[0] if items else ABSENT)
