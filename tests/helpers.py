"""Small helpers the tests share."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from harmonise.engine import ConvertOptions, Converted, iter_converted


def convert_file(path: str | Path, reader: str | None = None, **read_extra: Any) -> list[Converted]:
    """Every record of one file, converted in-process."""
    options = ConvertOptions(reader=reader)
    options.read.extra.update(read_extra)
    return list(iter_converted([str(path)], options))


def only(path: str | Path, reader: str | None = None) -> Converted:
    items = convert_file(path, reader)
    assert len(items) == 1, [i.report.to_dict() for i in items]
    return items[0]
