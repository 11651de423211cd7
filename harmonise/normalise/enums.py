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
from harmonise.normalise.base import ABSENT, Rejected, memoised
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
    found = _matched(enum_name, value)
    if found is None:
        raise Rejected(f"{value!r} is not a {enum_name} value")
    return found


@functools.lru_cache(maxsize=1 << 14)
def _matched(enum_name: str, value: str) -> str | None:
    """Memoised: catalogues repeat the same few spellings thousands of times."""
    table = lookup_table(enum_name)
    return table.get(fold(value)) or table.get(value.casefold().replace(" ", ""))


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

    return memoised(normalise)


_PERIOD_WORDS = {
    "annually": "Annual", "yearly": "Annual", "every year": "Annual", "once a year": "Annual",
    "biannually": "Biannual", "twice a year": "Biannual", "half yearly": "Biannual", "six monthly": "Biannual",
    "bi annually": "Biannual", "semi annually": "Biannual",
    "quarterly": "Quarterly", "every quarter": "Quarterly",
    "monthly": "Monthly", "every month": "Monthly",
    "weekly": "Weekly", "every week": "Weekly", "fortnightly": "Biweekly",
    "daily": "Daily", "every day": "Daily", "nightly": "Daily",
    "ad hoc": "Irregular", "adhoc": "Irregular", "irregularly": "Irregular", "as required": "Irregular",
    "one off": "Static", "once": "Static", "not updated": "Static", "no updates": "Static", "static": "Static",
    "continuously": "Continuous", "real time": "Continuous", "live": "Continuous",
}
#: (count, unit) of "1 Month Cycle", "every 3 months", "6 monthly" -> Periodicity value
_PERIOD_UNITS = {
    (1, "day"): "Daily", (1, "week"): "Weekly", (2, "week"): "Biweekly", (1, "month"): "Monthly",
    (2, "month"): "Bimonthly", (3, "month"): "Quarterly", (6, "month"): "Biannual", (12, "month"): "Annual",
    (1, "year"): "Annual", (2, "year"): "Biennial",
}
_PERIOD_RE = __import__("re").compile(r"^(?:every\s+)?(\d+)\s*(day|week|month|year)s?(?:ly)?(?:\s+cycle)?$")


@rule("periodicity")
@memoised
def periodicity(value):
    """Update frequency: a Periodicity value or alias ("ANNUAL", "Monthly"), or a phrase
    ("Annually", "1 Month Cycle", "every 3 months", "ad hoc"); placeholders become absent."""
    try:
        return match("Periodicity", value)
    except Rejected:
        if not isinstance(value, str):
            raise
    folded = fold(value)
    if folded in _PERIOD_WORDS:
        return _PERIOD_WORDS[folded]
    if m := _PERIOD_RE.match(folded):
        found = _PERIOD_UNITS.get((int(m[1]), m[2]))
        if found:
            return found
    if is_placeholder(value):
        return ABSENT
    raise Rejected(f"{value!r} is not a Periodicity value or a recognisable update frequency")


_NOISE_WORDS = __import__("re").compile(r"\b(standards?|codes?|vocabular(?:y|ies)|terminology|data model|format)\b")


def _loose(enum_name: str, value):
    try:
        return match(enum_name, value)
    except Rejected:
        if not isinstance(value, str):
            raise
    stripped = _NOISE_WORDS.sub(" ", fold(value)).strip()
    if stripped and stripped != fold(value):
        try:
            return match(enum_name, stripped)
        except Rejected:
            pass
    if is_placeholder(value):
        return ABSENT
    raise Rejected(f"{value!r} is not a {enum_name} value")


@rule("coding_system")
@memoised
def coding_system(value):
    """A controlled vocabulary name: a CodingSystem value or alias, also when written with
    "standard"/"codes"/"vocabulary" around it ("Local Standard" -> LOCAL, "ICD10 codes" -> ICD10)."""
    return _loose("CodingSystem", value)


@rule("standard_data_model")
@memoised
def standard_data_model(value):
    """A standard data model name: a StandardDataModel value or alias, also when written with
    "standard"/"data model" around it ("Local Standard" -> LOCAL, "OMOP data model" -> OMOP)."""
    return _loose("StandardDataModel", value)
