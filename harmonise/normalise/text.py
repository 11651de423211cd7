"""Whitespace, HTML remnants and placeholder strings."""
from __future__ import annotations

import html
import re

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected

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
    """Lower-case and collapse punctuation to single spaces: the key for loose matching."""
    return _FOLD.sub(" ", text.casefold()).strip()


#: Placeholders are short; longer text (descriptions, sentences) is never folded to check.
_LONGEST_PLACEHOLDER = max(len(p) for p in PLACEHOLDERS) + 8


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and len(value) <= _LONGEST_PLACEHOLDER and fold(value) in PLACEHOLDERS


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
