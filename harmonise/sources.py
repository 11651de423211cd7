"""One input file, opened lazily: detection looks at its head; readers stream the rest."""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Iterable, Iterator

import orjson

from harmonise.errors import InputError

HEAD_BYTES = 64 * 1024
#: JSON files up to this size are parsed whole with orjson (fast); larger ones stream via ijson.
WHOLE_JSON_LIMIT = 32 * 1024 * 1024


class Source:
    """An input file. `name` is what reports and derived ids use: the path as given."""

    def __init__(self, path: str | os.PathLike[str], name: str | None = None):
        self.path = Path(path)
        self.name = name or str(path)
        self._head: bytes | None = None
        #: Set on a shard of a bulk file (`harmonise.parallel`): the index of the shard's
        #: first item (JSON arrays) and the number of lines before it (JSON Lines) in the
        #: original file, so pointers and derived ids match the unsplit file.
        self.index_offset = 0
        self.line_offset = 0

    def __repr__(self) -> str:
        return f"Source({self.name!r})"

    @property
    def suffix(self) -> str:
        suffixes = [s.lower() for s in self.path.suffixes[-2:]]
        return "".join(suffixes) if suffixes[-1:] in ([".gz"],) else (suffixes[-1] if suffixes else "")

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def head(self) -> bytes:
        if self._head is None:
            try:
                with self.path.open("rb") as fh:
                    self._head = fh.read(HEAD_BYTES)
            except OSError as exc:
                raise InputError(f"cannot read file: {exc.strerror or exc}", file=self.name) from None
        return self._head

    def head_text(self) -> str:
        data = self.head()
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        return data.decode("utf-8", errors="replace")

    def looks_like_json(self) -> bool:
        text = self.head_text().lstrip()
        return text[:1] in ("{", "[")

    def read_bytes(self) -> bytes:
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", file=self.name) from None

    @functools.cached_property
    def _json(self) -> Any:
        data = self.read_bytes()
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {_json_error(exc, data)}", file=self.name) from None

    def json(self) -> Any:
        """The whole document (for files of one record; bulk files use `iter_json_items`)."""
        return self._json

    def json_skeleton(self) -> Any:
        """The document's shape without reading a bulk file whole.

        Files up to WHOLE_JSON_LIMIT: the document itself (`json()`, cached). Larger files:
        streamed until the first array, which holds only its first item; members after it
        are not read. Enough to tell where a bulk export keeps its records and what the
        first one looks like, in memory that does not grow with the file.
        """
        if self.size <= WHOLE_JSON_LIMIT:
            return self.json()
        return _skeleton(self)

    def open_text(self, encoding: str = "utf-8-sig", errors: str = "strict", newline: str | None = "") -> Any:
        try:
            return self.path.open("r", encoding=encoding, errors=errors, newline=newline)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", file=self.name) from None


def _json_error(exc: orjson.JSONDecodeError, data: bytes) -> str:
    msg = str(exc)
    pos = getattr(exc, "pos", None)
    if pos is None:
        return msg
    line = data.count(b"\n", 0, pos) + 1
    column = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
    reason = msg.split(":")[0]
    return f"{reason} at line {line}, column {column}"


def _skeleton(source: Source) -> Any:
    import ijson
    from ijson.common import ObjectBuilder

    def build(first: tuple[str, Any], events: Iterator[tuple[str, str, Any]]) -> Any:
        builder = ObjectBuilder()
        event, value = first
        builder.event(event, value)
        depth = 1 if event in ("start_map", "start_array") else 0
        while depth:
            _prefix, event, value = next(events)
            builder.event(event, value)
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
        return builder.value

    try:
        with source.path.open("rb") as fh:
            events = ijson.parse(fh, use_float=True)
            _prefix, event, value = next(events)
            if event == "start_array":
                _prefix, event, value = next(events)
                return [] if event == "end_array" else [build((event, value), events)]
            if event != "start_map":
                return value
            out: dict[str, Any] = {}
            key = None
            for prefix, event, value in events:
                if prefix == "" and event == "map_key":
                    key = value
                elif prefix == "" and event == "end_map":
                    break
                elif event == "start_array":
                    _p, event, value = next(events)
                    out[key] = [] if event == "end_array" else [build((event, value), events)]
                    if out[key]:
                        break  # the bulk array: its first item is all we need
                else:
                    out[key] = build((event, value), events)
            return out
    except (ijson.common.IncompleteJSONError, StopIteration) as exc:
        raise InputError(f"malformed JSON: {exc}", file=source.name) from None


def iter_json_items(source: Source, prefix: str) -> Iterator[tuple[int, Any]]:
    """Stream the items of the array at `prefix` (ijson syntax: "item", "dataModels.item").

    Small files are parsed whole (orjson is much faster than ijson); large ones are read
    incrementally, so a bulk export never sits in memory whole. A truncated file yields
    the complete items and then raises InputError naming where it broke.
    """
    if source.size <= WHOLE_JSON_LIMIT:
        doc = source.json()
        node: Any = doc
        for part in prefix.split(".")[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, list):
            raise InputError(f"expected an array at /{prefix.rsplit('.', 1)[0].replace('.', '/')}", file=source.name)
        yield from enumerate(node, start=source.index_offset)
        return
    import ijson

    with source.path.open("rb") as fh:
        index = -1
        try:
            for index, item in enumerate(ijson.items(fh, prefix, use_float=True), start=source.index_offset):
                yield index, item
        except ijson.common.IncompleteJSONError as exc:
            raise InputError(f"malformed or truncated JSON after item {index}: {exc}", file=source.name) from None


def expand(paths: Iterable["str | os.PathLike[str] | Source"]) -> Iterator[Source]:
    """Files as given, and every file under each folder, in a stable (sorted) order."""
    for raw in paths:
        if isinstance(raw, Source):  # already opened (a shard of a bulk file, see harmonise.parallel)
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in file.relative_to(path).parts):
                    continue
                if file.name in SKIP_NAMES or file.suffix.lower() in SKIP_SUFFIXES:
                    continue
                if file.name.endswith(CONFIG_SUFFIXES):
                    continue
                yield Source(file, str(file))
        else:
            yield Source(path, str(raw))


#: Files in input folders that are documentation, not data.
SKIP_NAMES = frozenset({"SOURCES.md", "README.md", "README", "LICENSE", "NOTICE"})
SKIP_SUFFIXES = frozenset({".md", ".txt", ".pdf", ".html.orig"})
#: Configuration files that live beside data (overlays, dictionary configs), not records.
CONFIG_SUFFIXES = (".overlay.yaml", ".overlay.yml", ".dictionary.yaml", ".dictionary.yml")
