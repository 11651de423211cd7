"""The shared normalisation layer: small named rules that every mapping module uses.

A rule takes one source value and returns the normalised value, a list of values (a
split), or `ABSENT` (a placeholder such as "not available" meaning no value). It raises
`Rejected` when the value cannot be made valid; the caller then keeps the original
verbatim as an unmapped extension. The rule's name is what the mapping report shows
wherever it changed a value.

Rules are looked up by name (`get("enum:Periodicity")`, `get("country")`) so crosswalk
data can name them. Parametrised rules take their argument after a colon.

Rules must be pure (the result depends on the value only) and must return a new list or
dict on each call. The string rules that records repeat (dates, e-mails, URLs, enums,
countries, languages) are wrapped in `base.memoised`: a bounded memo per exact string that
only keeps immutable results (tests/test_normalise_memo.py holds each to its plain function).
"""
from __future__ import annotations

from typing import Any, Callable

from harmonise.normalise.base import ABSENT, Absent, Rejected, Rule

_RULES: dict[str, Callable[..., Any]] = {}
_CACHE: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a rule (or, for parametrised rules, a factory taking the argument)."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        _RULES[name] = func
        return func

    return register


def get(spec: str) -> Rule:
    """The rule named `spec` ("placeholder", "enum:TimeLag"), compiled once per process."""
    found = _CACHE.get(spec)
    if found is not None:
        return found
    _load_builtin_rules()
    name, _, arg = spec.partition(":")
    try:
        func = _RULES[name]
    except KeyError:
        raise KeyError(f"unknown normalisation rule {spec!r}; known: {', '.join(sorted(_RULES))}") from None
    compiled = Rule(spec, func(arg) if arg else func)
    _CACHE[spec] = compiled
    return compiled


def names() -> list[str]:
    _load_builtin_rules()
    return sorted(_RULES)


_loaded = False


def _load_builtin_rules() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from harmonise.normalise import (  # noqa: F401  (importing registers the rules)
        ages,
        choices,
        codelists,
        datatypes,
        dates,
        enums,
        identifiers,
        lists,
        numbers,
        places,
        languages,
        text,
        vocabularies,
    )


__all__ = ["ABSENT", "Absent", "Rejected", "Rule", "rule", "get", "names"]
