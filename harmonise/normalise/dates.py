"""Dates as written in the corpus, to ISO 8601 (keeping the precision given)."""
from __future__ import annotations

import re

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected, memoised
from harmonise.normalise.text import is_placeholder

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DMYY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2})$")
#: Two-digit years up to this value are 20yy, later ones 19yy ("4/1/89" is 1989).
TWO_DIGIT_PIVOT = 30
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_WORDY = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$")


def _valid(year: int, month: int, day: int | None = None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    import calendar

    return 1 <= day <= calendar.monthrange(year, month)[1]


@rule("date")
@memoised
def date(value):
    """ISO dates stay as they are; "01/02/2020" (UK day first), "2020/02/01", "March 2020",
    "1st March 2020" become ISO; "4/1/89" (two-digit year, day first) becomes 1989-01-04;
    a date only valid month first ("3/31/13", US exports) is read month first;
    placeholders become absent."""
    if not isinstance(value, str):
        if isinstance(value, int) and 1000 <= value <= 9999:
            return str(value)
        raise Rejected(f"expected a date, got {type(value).__name__}")
    text = value.strip()
    if is_placeholder(text):
        return ABSENT
    if _ISO.match(text):
        return text.replace(" ", "T", 1) if len(text) > 10 and text[10] == " " else text
    if m := _DMY.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if _valid(year, month, day):
            return f"{year:04d}-{month:02d}-{day:02d}"
        if _valid(year, day, month):  # only possible month first (US): "3/31/2013"
            return f"{year:04d}-{day:02d}-{month:02d}"
    if m := _DMYY.match(text):
        day, month, yy = int(m[1]), int(m[2]), int(m[3])
        year = 2000 + yy if yy <= TWO_DIGIT_PIVOT else 1900 + yy
        if _valid(year, month, day):
            return f"{year:04d}-{month:02d}-{day:02d}"
        if _valid(year, day, month):
            return f"{year:04d}-{day:02d}-{month:02d}"
    if m := _YMD_SLASH.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        if _valid(year, month, day):
            return f"{year:04d}-{month:02d}-{day:02d}"
    if m := _MY.match(text):
        month, year = int(m[1]), int(m[2])
        if _valid(year, month):
            return f"{year:04d}-{month:02d}"
    if m := _WORDY.match(text):
        month = _MONTHS.get(m[2][:3].casefold())
        if month:
            year = int(m[3])
            if m[1] is None:
                return f"{year:04d}-{month:02d}"
            if _valid(year, month, int(m[1])):
                return f"{year:04d}-{month:02d}-{int(m[1]):02d}"
    raise Rejected(f"not a recognisable date: {value!r}")
