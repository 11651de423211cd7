"""What the data-dictionary readers (NHS, UK Biobank) share: a record under construction
whose every source value is accounted once, and the small helpers around it.

A dictionary is read cell by cell; each non-empty cell is one source value with a
pointer such as "row 12, column Units" (CSV) or an XPath (XHTML). `DictionaryRecord`
records what happened to each: mapped, normalised by a named rule, or kept unmapped
as an extension. `finish()` reconciles against every value read, so a cell the code
forgot is still reported and kept.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import orjson

from harmonise import normalise
from harmonise.accounting import Account, reconcile
from harmonise.crosswalk import prune
from harmonise.normalise import ABSENT, Rejected

#: Dataset-level values a data dictionary never carries; reported as missing unless an overlay supplies them.
DATASET_LEVEL = ("publisher", "contact_points", "access_rights", "legal_basis", "spatial_coverage",
                 "temporal_coverage")

_REASONS = (("superseded", "superseded"), ("not_in_crosswalk", "not_in_crosswalk"))


def cell(row: int, column: str, file: str | None = None) -> str:
    """The pointer of one CSV cell ("row 12, column Units"), prefixed by a file name when not the main file."""
    where = f"row {row}, column {column}"
    return f"{file} {where}" if file else where


class DictionaryRecord:
    """One model record built from a dictionary, with the account of every source value read."""

    def __init__(self) -> None:
        self.account = Account()
        self.leaves: list[tuple[str, Any]] = []
        self.reasons: dict[str, str] = {}

    # -- reading ------------------------------------------------------------------
    def read(self, pointer: str, value: Any) -> Any:
        """Note one source value as read (counted in source_values); returns it."""
        self.leaves.append((pointer, value))
        return value

    # -- accounting ---------------------------------------------------------------
    def mapped(self, pointer: str, target: str) -> None:
        self.account.map(pointer, target)

    def unmapped(self, pointer: str, value: Any, why: str, reason: str = "no_target") -> None:
        self.account.unmap(pointer, value, why)
        self.reasons[pointer] = reason

    def dropped(self, pointer: str, value: Any, rule: str, note: str = "") -> None:
        """A value normalised away on purpose (layout markup, a repeated copy)."""
        self.account.normalise(pointer, "", value, None, rule, note)

    def rule(self, pointer: str, target: str, value: Any, spec: str, note: str = "") -> Any:
        """Run a named normalisation rule; the result (or ABSENT when rejected, value kept unmapped)."""
        try:
            new = normalise.get(spec)(value)
        except Rejected as exc:
            self.unmapped(pointer, value, f"rejected by {spec}: {exc}", "rejected")
            return ABSENT
        if new is not ABSENT and new == value:
            self.account.map(pointer, target)
        else:
            self.account.normalise(pointer, target, value, None if new is ABSENT else new, spec, note)
        return new

    def chain(self, pointer: str, target: str, value: Any, *specs: str) -> Any:
        """Run several rules in turn, accounted as one event naming the rules that changed the value."""
        current = value
        changed: list[str] = []
        for spec in specs:
            try:
                new = normalise.get(spec)(current)
            except Rejected as exc:
                self.unmapped(pointer, value, f"rejected by {spec}: {exc}", "rejected")
                return ABSENT
            if new is ABSENT or new != current:
                changed.append(spec)
            if new is ABSENT:
                current = ABSENT
                break
            current = new
        if not changed:
            self.account.map(pointer, target)
        else:
            self.account.normalise(pointer, target, value, None if current is ABSENT else current, "+".join(changed))
        return current

    def text(self, pointer: str, target: str, value: str) -> str | None:
        """Free text: mapped as written when clean, otherwise trimmed by the `strip` rule."""
        if value == value.strip() and "\r" not in value:
            self.account.map(pointer, target)
            return value
        new = self.rule(pointer, target, value, "text")
        return None if new is ABSENT else new

    # -- finishing ----------------------------------------------------------------
    def finish(self, record: dict[str, Any]) -> dict[str, Any]:
        """Reconcile, put unmapped values on the record as extensions, prune empties."""
        reconcile(self.account, self.leaves)
        extensions = []
        for pointer, value, why in self.account.unmapped:
            reason = self.reasons.get(pointer, "not_in_crosswalk")
            extensions.append({
                "source_pointer": pointer,
                "value": orjson.dumps(value).decode(),
                "reason": reason,
                **({"note": why} if why and why != reason else {}),
            })
        out = prune(record)
        if extensions:
            out["extensions"] = extensions
        return out


def annotation(prefix: str, name: str, value: Any) -> dict[str, str]:
    return {"property": f"{prefix}:{name}", "value": str(value)}


def title_from_file(name: str) -> str:
    """A readable title from a file name ("Venous_Thromboembolism_Risk_Assessment_Data_Set.xml")."""
    stem = Path(name).name
    for suffix in Path(stem).suffixes[::-1]:
        stem = stem[: -len(suffix)] if stem.endswith(suffix) and len(suffix) <= 6 else stem
    text = re.sub(r"[_]+", " ", stem)
    text = re.sub(r"\s+-\s+", " - ", text)
    return re.sub(r"\s+", " ", text).strip() or name


def unique_name(name: str, taken: set[str], fallback: Callable[[], str]) -> str:
    if name not in taken:
        taken.add(name)
        return name
    other = fallback()
    n = 2
    candidate = other
    while candidate in taken:
        candidate = f"{other} ({n})"
        n += 1
    taken.add(candidate)
    return candidate


def sibling(path: Path, pattern: re.Pattern[str]) -> Path | None:
    """The first file beside `path` whose name matches `pattern` (case-insensitive), sorted."""
    try:
        for candidate in sorted(path.parent.iterdir()):
            if candidate != path and candidate.is_file() and pattern.search(candidate.name):
                return candidate
    except OSError:
        return None
    return None
