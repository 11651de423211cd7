"""Overlays: dataset-level values a source does not carry, supplied as YAML (`--overlay FILE`).

A data dictionary (UK Biobank Showcase, HES TOS, NHS Data Dictionary, NCDR catalogue …)
describes variables, never the publisher, contact point, access conditions, legal basis
or coverage. An overlay file gives those as model values, e.g.

    publisher: {name: UK Biobank, homepage: "https://www.ukbiobank.ac.uk"}
    contact_points: [{name: Access team, email: access@ukbiobank.ac.uk}]
    spatial_coverage: [{code: GB}]

Each file is validated against the model when loaded (an unknown key or a bad value is
an error naming it). Merging keeps what the source says: an overlay fills slots the
record lacks, adds list items it does not have, and fills missing keys of objects; every
value it adds is reported as `defaulted` with the reason "overlay FILE", and the file is
listed in the record's `conversion.overlays`.
"""
from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from harmonise.accounting import Account
from harmonise import yamlfile
from harmonise.errors import UsageError
from harmonise.yamlfile import plain

#: Slots an overlay may not set: they belong to the source and to the conversion.
RESERVED = frozenset({"id", "tables", "extensions", "conversion"})


@dataclass(frozen=True)
class Overlay:
    path: Path
    values: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name


_plain = plain


def dataset_slots() -> dict[str, Any]:
    from harmonise.datamodel import Dataset

    return dict(Dataset.model_fields)


def load(path: str | Path) -> Overlay:
    """Read and validate one overlay file; UsageError naming the file and the bad key or value."""
    return _load(str(Path(path)))


@functools.lru_cache(maxsize=64)
def _load(path_text: str) -> Overlay:
    from pydantic import ValidationError

    from harmonise.datamodel import Dataset

    path = Path(path_text)
    data = yamlfile.load(path, "overlay", UsageError)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UsageError(f"an overlay must be a mapping of dataset-level model slots, found {type(data).__name__}",
                         file=str(path))
    data = _plain(data)
    slots = dataset_slots()
    for key in data:
        if key in RESERVED:
            raise UsageError(f"overlay key {key!r} cannot be set by an overlay (it comes from the source or the conversion)",
                             file=str(path), where=key)
        if key not in slots:
            close = difflib.get_close_matches(key, list(slots), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UsageError(f"unknown overlay key {key!r}: not a Dataset slot of the model{hint}",
                             file=str(path), where=key)
    try:
        Dataset.model_validate({"id": "overlay-check", "title": "overlay-check", **data})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in first.get("loc", ())).replace(".[", "[")
        raise UsageError(f"overlay value {loc}: {first.get('msg')} (value {first.get('input')!r})",
                         file=str(path), where=str(first.get("loc", ("",))[0])) from None
    return Overlay(path, data)


def load_all(paths: Iterable[str | Path]) -> list[Overlay]:
    return [load(p) for p in paths]


def apply(record: dict[str, Any], account: Account, overlays: Iterable[Overlay]) -> list[str]:
    """Merge the overlays into `record` (source values win); returns the files that were applied."""
    used: list[str] = []
    for overlay in overlays:
        why = f"overlay {overlay.name}"
        for key, value in overlay.values.items():
            _merge(record, key, value, key, account, why)
        used.append(overlay.name)
    if used:
        conversion = record.setdefault("conversion", {})
        conversion["overlays"] = list(dict.fromkeys([*(conversion.get("overlays") or []), *used]))
    return used


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _merge(target: dict[str, Any], key: str, value: Any, path: str, account: Account, why: str) -> None:
    current = target.get(key)
    if _empty(value):
        return
    if _empty(current):
        target[key] = value
        account.default(path, value, why)
    elif isinstance(current, dict) and isinstance(value, dict):
        for sub_key, sub_value in value.items():
            _merge(current, sub_key, sub_value, f"{path}.{sub_key}", account, why)
    elif isinstance(current, list) and isinstance(value, list):
        for item in value:
            if item not in current:
                current.append(item)
                account.default(f"{path}[{len(current) - 1}]", item, why)
    # a scalar the source already has wins; the overlay's value is not used


def report_missing(record: dict[str, Any], account: Account, slots: Iterable[str], reader: str) -> None:
    """Warn about dataset-level values the source cannot carry and no overlay supplied."""
    missing = [slot for slot in slots if _empty(record.get(slot))]
    if missing:
        account.warn(f"missing dataset-level value(s) {', '.join(missing)}: a {reader} source does not carry "
                     f"them; supply them with --overlay FILE.yaml")
