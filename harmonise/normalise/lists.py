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


_OPEN, _CLOSE = "([{", ")]}"


def _depth(text: str) -> int:
    return sum(text.count(c) for c in _OPEN) - sum(text.count(c) for c in _CLOSE)


def rejoin_unbalanced(items: list, joiner: str = ";") -> list[tuple[list[int], str]]:
    """Undo a split that cut through brackets: ["A (2018 Feb 1", "47(1)9-10e)"] -> one item.

    Exports that turned "a; b" strings into lists also split citations such as
    "(2018 Feb 1;47(1)9-10e)". Items are joined with `joiner` while an opening bracket is
    unclosed. Returns (source indices, joined text) per resulting item, so callers can
    account for every source item.
    """
    out: list[tuple[list[int], str]] = []
    pending: tuple[list[int], str] | None = None
    for index, item in enumerate(items):
        if not isinstance(item, str):
            if pending is not None:
                out.append(pending)
                pending = None
            out.append(([index], item))
            continue
        if pending is None:
            pending = ([index], item)
        else:
            pending = (pending[0] + [index], pending[1] + joiner + item)
        if _depth(pending[1]) <= 0:
            out.append(pending)
            pending = None
    if pending is not None:
        out.append(pending)
    return out
