"""Enum values matched loosely against the model's permissible values and aliases.

HDR UK 2.x writes "LESS 1 WEEK", 3.x writes "Less than 1 week"; both, and "less-than-1-week",
become the model's value. The tables come from the LinkML enum definitions in
`model/enums/*.yaml` (read with PyYAML, not LinkML, to keep this path light).
"""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

from harmonise import paths
from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.normalise.text import fold, is_placeholder

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=None)
def enum_definitions() -> dict[str, dict]:
    """Every enum of the model, by name: {value: {aliases, meaning, description}}."""
    found: dict[str, dict] = {}
    files = [paths.SCHEMA_FILE, *sorted((paths.MODEL_DIR / "enums").glob("*.yaml"))]
    for file in files:
        doc = yaml.load(Path(file).read_text(encoding="utf-8"), Loader=_Loader) or {}
        for name, spec in (doc.get("enums") or {}).items():
            found[name] = {str(k): (v or {}) for k, v in (spec.get("permissible_values") or {}).items()}
    return found


@functools.lru_cache(maxsize=None)
def lookup_table(enum_name: str) -> dict[str, str]:
    try:
        values = enum_definitions()[enum_name]
    except KeyError:
        raise KeyError(f"the model has no enum {enum_name!r}") from None
    table: dict[str, str] = {}
    for value, spec in values.items():
        for key in [value, *(spec.get("aliases") or [])]:
            table.setdefault(fold(str(key)), value)
        # "+" carries meaning in some codes ("DM+D"), so also match with it kept
        table.setdefault(str(value).casefold().replace(" ", ""), value)
    return table


def meaning(enum_name: str, value: str) -> str | None:
    """The vocabulary IRI (as a CURIE) behind an enum value, if the model gives one."""
    spec = enum_definitions().get(enum_name, {}).get(value)
    return spec.get("meaning") if spec else None


def match(enum_name: str, value: object) -> str:
    """The model's value for `value`, or Rejected."""
    if not isinstance(value, str):
        raise Rejected(f"expected a {enum_name} value, got {type(value).__name__}")
    table = lookup_table(enum_name)
    found = table.get(fold(value)) or table.get(value.casefold().replace(" ", ""))
    if found is None:
        raise Rejected(f"{value!r} is not a {enum_name} value")
    return found


@rule("enum")
def enum(enum_name: str):
    """`enum:Name`: match against the values and aliases of the model's enum `Name`.

    Placeholders become absent; anything else that does not match is rejected (and so kept
    verbatim as an unmapped extension by the caller).
    """
    lookup_table(enum_name)  # fail early on a misspelt enum name in crosswalk data

    def normalise(value):
        try:
            return match(enum_name, value)
        except Rejected:
            # "Not applicable" is a real value of some enums, so placeholders are tried second
            if isinstance(value, str) and is_placeholder(value):
                return ABSENT
            raise

    return normalise
