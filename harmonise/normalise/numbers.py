"""Integers and counts."""
from __future__ import annotations

import re

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.normalise.text import is_placeholder

_INT = re.compile(r"^[+-]?\d+$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


@rule("integer")
def integer(value):
    """Integers, also when written as text ("1,234", "42", "42.0")."""
    if isinstance(value, bool):
        raise Rejected("expected an integer, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise Rejected(f"expected an integer, got {value}")
    if isinstance(value, str):
        text = value.strip()
        if is_placeholder(text):
            return ABSENT
        if _INT.match(text):
            return int(text)
        if _GROUPED.match(text):
            return int(text.replace(",", ""))
        if re.match(r"^[+-]?\d+\.0+$", text):
            return int(float(text))
    raise Rejected(f"not an integer: {value!r}")


@rule("count")
def count(value):
    """A non-negative count; -1 (and other negatives) mean unknown and become absent."""
    number = integer(value)
    if number is ABSENT:
        return ABSENT
    if number < 0:
        return ABSENT
    return number


@rule("boolean")
def boolean(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        folded = value.strip().casefold()
        if folded in {"true", "yes", "y", "1", "t"}:
            return True
        if folded in {"false", "no", "n", "0", "f"}:
            return False
    raise Rejected(f"not a boolean: {value!r}")
