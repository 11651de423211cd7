"""Building one model record in code, with the account of every source value read.

The readers that are not crosswalk-driven (data dictionaries in CSV, XHTML and XML:
UK Biobank, NHS, REDCap, Mauro, OMOP, Maelstrom) read a source cell by cell. Each value
is noted with `read()` and then accounted once — mapped, normalised by a named rule, or
kept unmapped as an extension; `finish()` reconciles against everything read, so a value
the code forgot is still reported and kept, never silently dropped.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterable

import orjson

from harmonise import normalise
from harmonise.accounting import Account, reconcile
from harmonise.crosswalk import prune
from harmonise.normalise import ABSENT, Rejected

#: Dataset-level values a data dictionary never carries; reported as missing unless an overlay supplies them.
DATASET_LEVEL = ("publisher", "contact_points", "access_rights", "legal_basis", "spatial_coverage",
                 "temporal_coverage")
#: The dataset-level values whose absence a dictionary reader warns about.
DICTIONARY_OVERLAY_SLOTS = ("publisher", "contact_points")


def cell(row: int, column: str, file: str | None = None) -> str:
    """The pointer of one table cell ("row 12, column Units"), prefixed by the file when not the main one."""
    where = f"row {row}, column {column}"
    return f"{file}: {where}" if file else where


def annotation(prefix: str, name: str, value: Any) -> dict[str, str]:
    """A mapped source-specific property with no dedicated slot ("redcap:branching_logic")."""
    return {"property": f"{prefix}:{name}", "value": value if isinstance(value, str) else str(value)}


class RecordBuilder:
    """One model record under construction: the values read and what became of each."""

    def __init__(self) -> None:
        self.account = Account()
        self.leaves: list[tuple[str, Any]] = []
        self.reasons: dict[str, str] = {}

    # -- reading -----------------------------------------------------------------
    def read(self, pointer: str, value: Any) -> Any:
        """Note one source value as read (it counts in source_values); returns it."""
        self.leaves.append((pointer, value))
        return value

    def read_all(self, leaves: Iterable[tuple[str, Any]]) -> None:
        self.leaves.extend(leaves)

    # -- accounting ----------------------------------------------------------------
    def mapped(self, pointer: str, target: str) -> None:
        self.account.map(pointer, target)

    def unmapped(self, pointer: str, value: Any, why: str, reason: str = "no_target") -> None:
        self.account.unmap(pointer, value, why)
        self.reasons[pointer] = reason

    def dropped(self, pointer: str, value: Any, rule: str, note: str = "") -> None:
        """A value normalised away on purpose (layout markup, a repeated copy)."""
        self.account.normalise(pointer, "", value, None, rule, note)

    def placeholder(self, pointer: str, target: str, value: str) -> None:
        """A value that stands for "none" (OMOP's literal NA): normalised to no value."""
        self.account.normalise(pointer, target, value, None, "placeholder", "placeholder: no value")

    def rule(self, pointer: str, target: str, value: Any, spec: str, note: str = "") -> Any:
        """Run a named normalisation rule and record the outcome.

        Returns the new value, or ABSENT when the rule found no value (a placeholder) or
        rejected it (the original is then kept as an unmapped extension).
        """
        return self.chain(pointer, target, value, spec, note=note)

    def chain(self, pointer: str, target: str, value: Any, *specs: str, note: str = "") -> Any:
        """Run rules in turn, accounted as one event naming the rules that changed the value."""
        current = value
        changed: list[str] = []
        for spec in specs:
            try:
                new = normalise.get(spec)(current)
            except Rejected as exc:
                self.unmapped(pointer, value, f"{spec}: {exc}", "rejected")
                return ABSENT
            if new is ABSENT or new != current:
                changed.append(spec)
            current = new
            if new is ABSENT:
                break
        if not changed:
            self.account.map(pointer, target)
        else:
            absent = current is ABSENT
            self.account.normalise(pointer, target, value, None if absent else current, "+".join(changed),
                                   note or ("placeholder: no value" if absent else ""))
        return current

    def text(self, pointer: str, target: str, value: str, html: bool = False) -> str | None:
        """Free text: mapped as written when clean; otherwise cleaned by `strip_html` / `strip`."""
        if html and ("<" in value or "&" in value):
            new = self.rule(pointer, target, value, "strip_html")
        elif value != value.strip() or "\r" in value:
            new = self.rule(pointer, target, value, "strip")
        else:
            self.account.map(pointer, target)
            return value
        return None if new is ABSENT else new

    # -- finishing -----------------------------------------------------------------
    def finish(self, record: dict[str, Any]) -> dict[str, Any]:
        """Reconcile, put unmapped values on the record as extensions, prune empty parts."""
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


# -- titles and companion files of dictionaries ------------------------------------------
def title_from_file(name: str) -> str:
    """A readable title from a file name ("Venous_Thromboembolism_Risk_Assessment_Data_Set.xml")."""
    stem = Path(name).name
    while Path(stem).suffix and len(Path(stem).suffix) <= 6:
        stem = stem[: -len(Path(stem).suffix)]
    text = re.sub(r"_+", " ", stem)
    text = re.sub(r"\s+-\s+", " - ", text)
    return re.sub(r"\s+", " ", text).strip() or name


def overlay_supplies(options: Any, slot: str) -> bool:
    """Whether an overlay given with --overlay sets `slot` (so the reader need not default it)."""
    paths = getattr(options, "overlays", ()) or ()
    if not paths:
        return False
    from harmonise import overlay

    return any(slot in overlay.load(path).values for path in paths)


def default_title(builder: RecordBuilder, record: dict[str, Any], options: Any, source_name: str, why: str) -> None:
    """The title from the file name, unless the source or an overlay supplies one."""
    if record.get("title") or overlay_supplies(options, "title"):
        return
    record["title"] = title_from_file(source_name)
    builder.account.default("title", record["title"], why)


def unique_name(name: str, taken: set[str], fallback: Callable[[], str]) -> str:
    """`name`, or a fallback made unique with " (2)", " (3)" … when the name is taken."""
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
    """The first file beside `path` whose name matches `pattern`, in sorted order."""
    try:
        for candidate in sorted(path.parent.iterdir()):
            if candidate != path and candidate.is_file() and pattern.search(candidate.name):
                return candidate
    except OSError:
        return None
    return None


def companion(path: Path, this: str, other: str) -> Path | None:
    """The sibling whose name has `other` where this one has `this` (case kept), if it exists
    (OMOP Field_Level / Table_Level, Maelstrom Variables / Categories)."""
    name = path.name
    match = None
    for m in re.finditer(re.escape(this), name, re.IGNORECASE):
        match = m
    if match is None:
        return None
    found = match.group(0)
    replacement = other.upper() if found.isupper() else other.lower() if found.islower() else other
    candidate = path.with_name(name[: match.start()] + replacement + name[match.end():])
    return candidate if candidate.is_file() else None
