"""The pieces every rule shares."""
from __future__ import annotations

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
