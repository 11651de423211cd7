"""The pieces every rule shares."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable


class Absent:
    """The value a placeholder stands for: nothing. A singleton, falsy."""

    _instance: "Absent | None" = None

    def __new__(cls) -> "Absent":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = Absent()


class Rejected(ValueError):
    """The value cannot be normalised into a valid model value."""


@dataclass(frozen=True)
class Rule:
    name: str
    func: Callable[[Any], Any]

    def __call__(self, value: Any) -> Any:
        return self.func(value)


#: Results a memoised rule may hand out again: immutable (a cached list or dict would be
#: shared by every record that met the same text, and the walker extends lists in place).
IMMUTABLE_RESULTS = frozenset({str, int, float, bool, type(None), Absent})
#: Longer texts (descriptions) are not kept: they rarely repeat and would hold memory.
MEMO_MAX_LENGTH = 256
_SAME = object()  # the rule gave its argument back (the walker tells "unchanged" by identity)
_NOT_KEPT = object()  # the rule's result for this text is mutable: run it every time


def memoised(func: Callable[[Any], Any], maxsize: int = 4096) -> Callable[[Any], Any]:
    """`func` (a pure rule on one value) remembered per exact string, for strings up to
    MEMO_MAX_LENGTH characters. Gives back what `func` gives: the argument itself when
    `func` returns its argument, a new `Rejected` with the same message when it rejects,
    and for a mutable result (a list, a dict) a fresh call each time. Other values (numbers,
    None, str subclasses) go to `func` directly. `wrapper.__wrapped__` is `func`."""

    @functools.lru_cache(maxsize=maxsize)
    def outcome(text: str) -> tuple[Any, tuple[Any, ...] | None]:
        try:
            result = func(text)
        except Rejected as exc:
            return None, exc.args
        if result is text:
            return _SAME, None
        if result.__class__ in IMMUTABLE_RESULTS:
            return result, None
        return _NOT_KEPT, None

    def wrapper(value: Any) -> Any:
        if value.__class__ is not str or len(value) > MEMO_MAX_LENGTH:
            return func(value)
        result, rejected = outcome(value)
        if rejected is not None:
            raise Rejected(*rejected)
        if result is _SAME:
            return value
        if result is _NOT_KEPT:
            return func(value)
        return result

    functools.update_wrapper(wrapper, func)  # name, qualname, module, doc (pickled by reference as before)
    wrapper.cache_info = outcome.cache_info  # type: ignore[attr-defined]
    wrapper.cache_clear = outcome.cache_clear  # type: ignore[attr-defined]
    return wrapper
