"""Age ranges as written in real records: "40-90+", ">18", "18+", "Any Age", "0-150", "16 to 64 years".

`age_range` returns an `AgeRange(min, max)` (either bound may be None) or ABSENT when the
text says no more than "all ages". Strict comparisons are taken literally on whole years:
">18" means 19 and over, "<16" means 15 and under; ">=18", "18+" and "18 and over" mean 18.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.normalise.text import fold, is_placeholder


class AgeRange(NamedTuple):
    min: int | None
    max: int | None


#: Texts that mean "no age restriction": no bounds to record.
ANY_AGE = frozenset({"any age", "any ages", "all ages", "all age", "all", "any", "everyone", "all age groups"})

_UNIT = r"\s*(?:years?|yrs?|y)?(?:\s*old)?"
_RANGE = re.compile(rf"^(\d{{1,3}}){_UNIT}\s*(?:-|–|to|—)\s*(\d{{1,3}})\s*\+?{_UNIT}$")
_PLUS = re.compile(rf"^(\d{{1,3}})\s*\+{_UNIT}$|^(\d{{1,3}}){_UNIT}\s+(?:and|or)\s+(?:over|above|older)$")
_CMP = re.compile(rf"^(>=|=>|≥|>|<=|=<|≤|<)\s*(\d{{1,3}}){_UNIT}$")
_UNDER = re.compile(rf"^(?:under|below)\s+(\d{{1,3}}){_UNIT}$|^(?:over|above)\s+(\d{{1,3}}){_UNIT}$")
_SINGLE = re.compile(rf"^(\d{{1,3}}){_UNIT}$")


def parse_age_range(text: str) -> AgeRange | None:
    """The bounds in `text`, or None when it is not an age range."""
    t = text.strip().casefold()
    if m := _RANGE.match(t):
        low, high = int(m[1]), int(m[2])
        if low > high:
            return None
        return AgeRange(low, high)
    if m := _PLUS.match(t):
        return AgeRange(int(m[1] or m[2]), None)
    if m := _CMP.match(t):
        op, n = m[1], int(m[2])
        if op == ">":
            return AgeRange(n + 1, None)
        if op in (">=", "=>", "≥"):
            return AgeRange(n, None)
        if op == "<":
            return AgeRange(None, n - 1) if n > 0 else None
        return AgeRange(None, n)
    if m := _UNDER.match(t):
        if m[1] is not None:
            return AgeRange(None, int(m[1]) - 1) if int(m[1]) > 0 else None
        return AgeRange(int(m[2]) + 1, None)
    if m := _SINGLE.match(t):
        return AgeRange(int(m[1]), int(m[1]))
    return None


@rule("age_range")
def age_range(value):
    """An age range text -> AgeRange(min, max); "Any Age"/"All ages"/"ALL" and placeholders -> absent."""
    if isinstance(value, bool):
        raise Rejected("expected an age range, got a boolean")
    if isinstance(value, int):
        if value < 0:
            raise Rejected(f"not an age: {value}")
        return AgeRange(value, value)
    if not isinstance(value, str):
        raise Rejected(f"expected an age range, got {type(value).__name__}")
    text = value.strip()
    if not text or is_placeholder(text) or fold(text) in ANY_AGE:
        return ABSENT
    found = parse_age_range(text)
    if found is None:
        raise Rejected(f"not a recognisable age range: {value!r}")
    return found


def format_age_range(low: int | None, high: int | None) -> str | None:
    """The "min-max" text GWDM and HDR UK 2.x use; None when there is no bound."""
    if low is None and high is None:
        return None
    if high is None:
        return f"{low}+"
    if low is None:
        return f"0-{high}"
    return f"{low}-{high}"
