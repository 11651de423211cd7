"""Vocabulary values written as IRIs or CURIEs (EU authority tables, `freq:quarterly`).

DCAT-shaped sources (CKAN's ckanext-dcat fields, schema.org, CDDO, DataCite) name enum values
by IRI; these rules match the IRI's last segment against the model's enum values, aliases
and the local names of their `meaning`s.
"""
from __future__ import annotations

import functools

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.normalise.enums import enum
from harmonise.normalise.languages import language
from harmonise.normalise.text import fold, is_placeholder


@functools.lru_cache(maxsize=None)
def _meaning_table(enum_name: str) -> dict[str, str]:
    from harmonise.normalise.enums import enum_definitions

    table: dict[str, str] = {}
    for value, spec in enum_definitions()[enum_name].items():
        meaning = (spec or {}).get("meaning")
        if isinstance(meaning, str):
            table.setdefault(fold(meaning.rsplit(":", 1)[-1]), value)
    return table


def uri_tail(text: str) -> str:
    """The last segment of an IRI or CURIE ("…/frequency/DAILY" -> "DAILY", "freq:quarterly" -> "quarterly")."""
    text = text.strip().rstrip("/")
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[-1]
    if ":" in text and " " not in text:
        text = text.rsplit(":", 1)[-1]
    return text


@rule("enum_uri")
def enum_uri(enum_name: str):
    """`enum_uri:Name`: an enum value written as a vocabulary IRI or CURIE (EU authority tables,
    `freq:quarterly`), matched by its last segment against the enum's values, aliases and
    the local names of their `meaning`s."""
    plain = enum(enum_name)

    def normalise_value(value):
        if not isinstance(value, str):
            raise Rejected(f"expected a {enum_name} value, got {type(value).__name__}")
        if is_placeholder(value):
            return ABSENT
        tail = uri_tail(value)
        try:
            return plain(tail)
        except Rejected:
            found = _meaning_table(enum_name).get(fold(tail))
            if found is None:
                raise Rejected(f"{value!r} is not a {enum_name} value") from None
            return found

    return normalise_value


@rule("language_uri")
def language_uri(value):
    """A language as an IRI (EU authority table `…/language/ENG`) or as a code/name -> ISO 639-1."""
    if not isinstance(value, str):
        raise Rejected(f"expected a language, got {type(value).__name__}")
    return language(uri_tail(value) if "/" in value or ":" in value else value)
