"""The account of every source value: mapped, normalised, defaulted or unmapped.

A reader records one event per scalar value it reads. The events are plain tuples so the
hot path pays little for them; the report turns them into dicts only when asked.
The invariant `mapped + normalised + unmapped == source_values` is what
`harmonise convert --report` prints for each record and what the tests check
over the whole corpus.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

MAPPED = "mapped"
NORMALISED = "normalised"
DEFAULTED = "defaulted"
UNMAPPED = "unmapped"


def is_source_value(value: Any) -> bool:
    """Scalars count as source values; null, empty strings and containers do not."""
    if isinstance(value, str):
        return value.strip() != ""
    return value is not None and not isinstance(value, (dict, list))


def leaves(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every source value of a JSON-like document with its JSON Pointer."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{pointer}/{_escape(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, f"{pointer}/{index}")
    elif is_source_value(value):
        yield pointer, value


def count_source_values(value: Any) -> int:
    if isinstance(value, dict):
        items: Any = value.values()
    elif isinstance(value, list):
        items = value
    else:
        return 1 if is_source_value(value) else 0
    count = 0
    for item in items:
        if isinstance(item, str):
            if item.strip():
                count += 1
        elif isinstance(item, (dict, list)):
            count += count_source_values(item)
        elif item is not None:
            count += 1
    return count


def _escape(key: object) -> str:
    text = str(key)
    if "~" in text or "/" in text:
        text = text.replace("~", "~0").replace("/", "~1")
    return text


@dataclass
class Account:
    """Everything one record's conversion did with its source values."""

    source_values: int = 0
    mapped: list[tuple[str, str]] = field(default_factory=list)
    #: values mapped as they are but recorded as a count, not an event: a reader asked for no
    #: events (`ReadOptions(events=False)`, what `convert` asks, whose run report keeps counts)
    #: adds them here instead of to `mapped`. Counts and balance include them; `events()` does not.
    mapped_counted: int = 0
    normalised: list[tuple[str, str, Any, Any, str, str]] = field(default_factory=list)
    defaulted: list[tuple[str, Any, str]] = field(default_factory=list)
    unmapped: list[tuple[str, Any, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    # -- recording ---------------------------------------------------------------
    def map(self, pointer: str, target: str) -> None:
        self.mapped.append((pointer, target))

    def normalise(self, pointer: str, target: str, old: Any, new: Any, rule: str, note: str = "") -> None:
        self.normalised.append((pointer, target, old, new, rule, note))

    def default(self, target: str, value: Any, why: str) -> None:
        self.defaulted.append((target, value, why))

    def unmap(self, pointer: str, value: Any, why: str) -> None:
        self.unmapped.append((pointer, value, why))

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def merge(self, other: "Account") -> None:
        self.source_values += other.source_values
        self.mapped += other.mapped
        self.mapped_counted += other.mapped_counted
        self.normalised += other.normalised
        self.defaulted += other.defaulted
        self.unmapped += other.unmapped
        self.warnings += other.warnings

    # -- checking ----------------------------------------------------------------
    @property
    def accounted(self) -> int:
        return len(self.mapped) + self.mapped_counted + len(self.normalised) + len(self.unmapped)

    @property
    def balanced(self) -> bool:
        return self.accounted == self.source_values

    def summary(self) -> dict[str, int]:
        return {
            "source_values": self.source_values,
            "mapped": len(self.mapped) + self.mapped_counted,
            "normalised": len(self.normalised),
            "unmapped": len(self.unmapped),
            "defaulted": len(self.defaulted),
        }

    def events(self) -> list[dict[str, Any]]:
        """The whole account as dicts, in a stable order (for `harmonise explain`); values
        counted without an event (`mapped_counted`) have none."""
        out: list[dict[str, Any]] = []
        out += [{"kind": MAPPED, "source": p, "target": t} for p, t in self.mapped]
        out += [
            {"kind": NORMALISED, "source": p, "target": t, "old": o, "new": n, "rule": r, **({"note": note} if note else {})}
            for p, t, o, n, r, note in self.normalised
        ]
        out += [{"kind": DEFAULTED, "target": t, "value": v, "why": w} for t, v, w in self.defaulted]
        out += [{"kind": UNMAPPED, "source": p, "value": v, "why": w} for p, v, w in self.unmapped]
        return out


def reconcile(account: Account, source_leaves: Iterable[tuple[str, Any]], why: str = "not_in_crosswalk") -> list[tuple[str, Any]]:
    """Account as unmapped every source leaf the reader did not account for.

    Readers written as code (not driven by a crosswalk) call this last, so a value the
    code forgot is reported and kept rather than silently lost. Returns the leaves it added.
    """
    seen = {p for p, _ in account.mapped}
    seen.update(e[0] for e in account.normalised)
    seen.update(p for p, _, _ in account.unmapped)
    added = []
    count = 0
    for pointer, value in source_leaves:
        count += 1
        if pointer not in seen:
            account.unmap(pointer, value, why)
            added.append((pointer, value))
    account.source_values = count
    return added
