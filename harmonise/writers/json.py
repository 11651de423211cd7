"""The model's own JSON: `json` (one document per record) and `jsonl` (one line per record)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from harmonise.mapping import RecordResult, Sink, WriteOptions, Writer
from harmonise.writers.files import Namer


def record_dict(dataset: Any) -> dict[str, Any]:
    """The record as plain JSON data: unset slots left out, model field order kept."""
    return dataset.model_dump(mode="json", exclude_none=True)


def dumps(dataset: Any, indent: bool = False) -> bytes:
    option = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(record_dict(dataset), option=option)


class JsonWriter(Writer):
    name = "json"
    title = "Model JSON, one document per record"
    suffix = ".json"

    def open(self, out_dir: Path, options: WriteOptions) -> Sink:
        return _JsonSink(Namer(out_dir, self.suffix))


class _JsonSink(Sink):
    def __init__(self, namer: Namer):
        self.namer = namer
        self.written: list[Path] = []

    def write(self, record: Any, result: RecordResult) -> None:
        path = self.namer.path_for(record.id)
        path.write_bytes(dumps(record, indent=True) + b"\n")
        self.written.append(path)

    def close(self) -> list[Path]:
        return self.written


class JsonLinesWriter(Writer):
    name = "jsonl"
    title = "Model JSON Lines, one record per line (harmonised.jsonl)"
    suffix = ".jsonl"

    def open(self, out_dir: Path, options: WriteOptions) -> Sink:
        return _JsonLinesSink(out_dir / f"harmonised{self.suffix}")


class _JsonLinesSink(Sink):
    def __init__(self, path: Path):
        self.path = path
        self.handle = path.open("wb")
        self.count = 0

    def write(self, record: Any, result: RecordResult) -> None:
        self.handle.write(dumps(record) + b"\n")
        self.count += 1

    def close(self) -> list[Path]:
        self.handle.close()
        return [self.path]


WRITERS = [JsonWriter(), JsonLinesWriter()]
