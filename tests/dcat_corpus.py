"""Corpus helpers for the RDF / CSV export tests: every corpus file some registered reader converts."""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from tests.conftest import CORPUS


@functools.lru_cache(maxsize=1)
def convertible_files() -> list[tuple[str, str]]:
    """(path, reader) of every corpus file a registered reader claims (shape files excluded)."""
    from harmonise.detection import detect
    from harmonise.errors import HarmoniseError
    from harmonise.registry import registry
    from harmonise.sources import expand

    reg = registry()
    found = []
    for source in expand([CORPUS]):
        if "/dcat/shacl/" in source.path.as_posix():
            continue
        try:
            found.append((str(source.path), detect(source, reg).reader))
        except HarmoniseError:
            continue
    return found


def corpus_ids() -> list[str]:
    return [str(Path(p).relative_to(CORPUS)) for p, _ in convertible_files()]


def records(path: str, reader: str) -> list[Any]:
    from harmonise.engine import ConvertOptions, iter_converted

    return [i for i in iter_converted([path], ConvertOptions(reader=reader)) if i.dataset is not None]


def canon(value: Any, sets: bool) -> Any:
    """A record for comparison: provenance dropped (the engine re-stamps it); with `sets`,
    multi-valued literals compared as sets (RDF has no order or duplicates for them)."""
    if isinstance(value, dict):
        return {k: canon(v, sets) for k, v in value.items() if k != "conversion"}
    if isinstance(value, list):
        items = [canon(v, sets) for v in value]
        if sets and all(not isinstance(v, (dict, list)) for v in items):
            return sorted(set(json.dumps(v) for v in items))
        return items
    return value


def shapes():
    from harmonise.mappings.dcat.shacl import find_shapes

    return find_shapes(CORPUS / "dcat" / "shacl")
