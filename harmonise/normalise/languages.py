"""ISO 639-1 language codes from names, 639-2/3 codes and locale tags."""
from __future__ import annotations

import functools

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected, memoised
from harmonise.normalise.text import fold, is_placeholder


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    import pycountry

    index: dict[str, str] = {}
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None)
        if not code:
            continue
        for key in (code, lang.alpha_3, getattr(lang, "bibliographic", None), lang.name):
            if key:
                index.setdefault(fold(key), code)
    index.setdefault("welsh", "cy")
    return index


@rule("language")
@memoised
def language(value):
    """"English", "eng", "en-GB", "EN" -> "en"."""
    if not isinstance(value, str):
        raise Rejected(f"expected a language, got {type(value).__name__}")
    text = value.strip()
    if is_placeholder(text):
        return ABSENT
    index = _index()
    code = index.get(fold(text))
    if code is None and ("-" in text or "_" in text):
        code = index.get(fold(text.replace("_", "-").split("-")[0]))
    if code is None:
        raise Rejected(f"not an ISO 639 language: {value!r}")
    return code
