"""The model's own JSON: `json` (one document per record) and `jsonl` (one line per record)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import orjson

from harmonise.mapping import RecordResult, Sink, WriteOptions, Writer
from harmonise.writers.files import Namer, put


def record_dict(record: Any) -> dict[str, Any]:
    """The record as plain JSON data (unset slots left out, model field order kept).

    The engine hands writers validated records as this data already (see
    `harmonise.record_validator`); a model object from a Python caller is dumped. Treat the
    dict as read-only: every writer of a run gets the same one.
    """
    if isinstance(record, dict):
        return record
    return record.model_dump(mode="json", exclude_none=True)


def dumps(record: Any, indent: bool = False) -> bytes:
    if indent:
        return orjson.dumps(record_dict(record), option=orjson.OPT_INDENT_2)
    return orjson.dumps(record_dict(record))


def _encode_document(record: Any, result: RecordResult) -> tuple[str, bytes]:
    data = record_dict(record)
    return data["id"], orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _encode_line(record: Any, result: RecordResult) -> bytes:
    return orjson.dumps(record_dict(record), option=orjson.OPT_APPEND_NEWLINE)


class JsonWriter(Writer):
    name = "json"
    title = "Model JSON, one document per record"
    suffix = ".json"
    file_per_record = True

    def open(self, out_dir: Path, options: WriteOptions) -> Sink:
        return _JsonSink(Namer(out_dir, self.suffix))

    def encoder(self, options: WriteOptions) -> Callable[[Any, RecordResult], Any]:
        return _encode_document


class _JsonSink(Sink):
    def __init__(self, namer: Namer):
        self.namer = namer
        self.written: list[Path] = []

    def write(self, record: Any, result: RecordResult) -> None:
        self.write_encoded(_encode_document(record, result), result)

    def write_encoded(self, payload: tuple[str, Any], result: RecordResult) -> None:
        record_id, content = payload
        path = self.namer.path_for(record_id)  # names are given in input order, in this process
        put(path, content)
        self.written.append(path)

    def close(self) -> list[Path]:
        return self.written


class JsonLinesWriter(Writer):
    name = "jsonl"
    title = "Model JSON Lines, one record per line (harmonised.jsonl)"
    suffix = ".jsonl"

    def open(self, out_dir: Path, options: WriteOptions) -> Sink:
        return _JsonLinesSink(out_dir / f"harmonised{self.suffix}")

    def encoder(self, options: WriteOptions) -> Callable[[Any, RecordResult], Any]:
        return _encode_line


class _JsonLinesSink(Sink):
    def __init__(self, path: Path):
        self.path = path
        self.handle = path.open("wb", buffering=1 << 20)
        self.count = 0

    def write(self, record: Any, result: RecordResult) -> None:
        self.handle.write(_encode_line(record, result))
        self.count += 1

    def write_encoded(self, payload: bytes, result: RecordResult) -> None:
        self.handle.write(payload)
        self.count += 1

    def close(self) -> list[Path]:
        self.handle.close()
        return [self.path]


WRITERS = [JsonWriter(), JsonLinesWriter()]
