"""ISO 3166 countries and subdivisions from names, alpha-2, alpha-3 and numeric codes."""
from __future__ import annotations

import functools
import re

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected, memoised
from harmonise.normalise.text import fold, is_placeholder

#: Names and codes in common UK use that ISO does not spell this way.
_EXTRA = {
    "uk": "GB", "u k": "GB", "great britain": "GB-GBN", "britain": "GB-GBN", "united kingdom": "GB",
    "united kingdom of great britain and northern ireland": "GB",
    "england": "GB-ENG", "scotland": "GB-SCT", "wales": "GB-WLS", "cymru": "GB-WLS",
    "northern ireland": "GB-NIR", "england and wales": "GB-EAW", "gbr": "GB",
    "gb gbn": "GB-GBN", "gb ukm": "GB", "gb eaw": "GB-EAW",
    "usa": "US", "united states": "US", "united states of america": "US",
}
_CODE = re.compile(r"^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$")


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, str]]:
    """folded name or code -> (ISO code, English name)."""
    import pycountry

    index: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        entry = (country.alpha_2, country.name)
        for key in (country.alpha_2, country.alpha_3, country.numeric, country.name,
                    getattr(country, "official_name", None), getattr(country, "common_name", None)):
            if key:
                index.setdefault(fold(key), entry)
        index.setdefault(str(int(country.numeric)), entry)
    for sub in pycountry.subdivisions:
        index.setdefault(fold(sub.code), (sub.code, sub.name))
    for sub in pycountry.subdivisions.get(country_code="GB") or []:
        index.setdefault(fold(sub.name), (sub.code, sub.name))
    index.setdefault(fold("GB-GBN"), ("GB-GBN", "Great Britain"))
    index.setdefault(fold("GB-EAW"), ("GB-EAW", "England and Wales"))
    for name, code in _EXTRA.items():
        target = index.get(fold(code))
        index[fold(name)] = (code, target[1] if target else name.title())
    return index


def lookup(value: str) -> tuple[str, str] | None:
    return _index().get(fold(value))


@rule("country_code")
@memoised
def country_code(value):
    """Any spelling of a country or subdivision -> its ISO 3166-1 alpha-2 / 3166-2 code."""
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise Rejected(f"expected a place, got {type(value).__name__}")
    if is_placeholder(value):
        return ABSENT
    found = lookup(value)
    if found is None:
        raise Rejected(f"not an ISO 3166 country or subdivision: {value!r}")
    return found[0]


@rule("location")
def location(value):
    """A place as a Location: recognised places get their ISO code; other text is kept as a label."""
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise Rejected(f"expected a place, got {type(value).__name__}")
    text = value.strip()
    if is_placeholder(text):
        return ABSENT
    found = lookup(text)
    if found is None:
        return {"label": text}
    return {"code": found[0], "label": text if not _CODE.match(text) and not text.isdigit() else found[1]}
