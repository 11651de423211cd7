"""Whitespace, HTML remnants and placeholder strings."""
from __future__ import annotations

import functools
import html
import re

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected, memoised

_SPACE = re.compile(r"\s+")
_FOLD = re.compile(r"[^a-z0-9]+")

#: Strings real records use where they mean "no value". Compared after folding case and punctuation.
PLACEHOLDERS = frozenset(
    _FOLD.sub(" ", p).strip()
    for p in (
        "n/a", "na", "n.a.", "none", "null", "nil", "-", "--", "?", "tbc", "tbd", "to be confirmed", "to be determined",
        "not available", "not applicable", "not known", "unknown", "not stated", "not specified", "in progress",
        "pending", "coming soon", "to follow", "not yet available", "please contact", "see above", "no",
        "not provided", "no data", "missing", "various", "blank", "undefined", "xxx", "todo",
        "tba", "to be added", "to be announced", "awaiting", "unavailable", "not currently available",
        "not recorded", "none known", "not known at present", "not yet known", "information not available",
        "data not available", "no information", "see below", "not relevant", "nan",
    )
)


def fold(text: str) -> str:
    """Lower-case and collapse punctuation to single spaces: the key for loose matching.

    Memoised for short exact strings (the same few spellings recur on every record)."""
    if text.__class__ is str and len(text) <= _FOLD_MEMO_LENGTH:
        return _fold_memo(text)
    return _FOLD.sub(" ", text.casefold()).strip()


def fold_reference(text: str) -> str:
    """`fold` without the memo."""
    return _FOLD.sub(" ", text.casefold()).strip()


_FOLD_MEMO_LENGTH = 64
_fold_memo = functools.lru_cache(maxsize=1 << 14)(fold_reference)


#: Placeholders are short; longer text (descriptions, sentences) is never folded to check.
_LONGEST_PLACEHOLDER = max(len(p) for p in PLACEHOLDERS) + 8


def is_placeholder(value: object) -> bool:
    """Is `value` a string that means "no value" ("N/A", "Not available", "TBC")?"""
    if value.__class__ is str:
        return len(value) <= _LONGEST_PLACEHOLDER and _placeholder_memo(value)
    return isinstance(value, str) and len(value) <= _LONGEST_PLACEHOLDER and fold(value) in PLACEHOLDERS


def is_placeholder_reference(value: object) -> bool:
    """`is_placeholder` without the memo."""
    return isinstance(value, str) and len(value) <= _LONGEST_PLACEHOLDER and fold_reference(value) in PLACEHOLDERS


@functools.lru_cache(maxsize=1 << 14)
def _placeholder_memo(text: str) -> bool:
    return fold_reference(text) in PLACEHOLDERS


@rule("placeholder")
def placeholder(value):
    """A placeholder string ("not available", "TBC", "IN PROGRESS") becomes absent."""
    if is_placeholder(value):
        return ABSENT
    return value


@rule("strip")
def strip(value):
    """Trim and collapse runs of whitespace."""
    if not isinstance(value, str):
        return value
    cleaned = _SPACE.sub(" ", value).strip()
    return cleaned if cleaned else ABSENT


@rule("text")
@memoised
def text(value):
    """Free text: trimmed; placeholders become absent."""
    if not isinstance(value, str):
        raise Rejected(f"expected text, got {type(value).__name__}")
    cleaned = value.strip()
    if not cleaned or is_placeholder(cleaned):
        return ABSENT
    return cleaned


_TAG = re.compile(r"<[^>]+>")


@rule("strip_html")
def strip_html(value):
    """Labels written with HTML markup (REDCap, data dictionaries) become plain text."""
    if not isinstance(value, str) or "<" not in value and "&" not in value:
        return value
    cleaned = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()
    return cleaned if cleaned else ABSENT


@rule("string")
def string(value):
    """Identifiers that sources write as numbers ("identifier": 34) become text."""
    if isinstance(value, bool):
        raise Rejected("expected text, got a boolean")
    if isinstance(value, (int, float)):
        return str(value)
    return value
