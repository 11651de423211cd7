"""What a mapping module is: readers that map a source format into the model, and
writers that map the model out to a format.

A module (built in under `harmonise.mappings`, or a third-party package registered under
the `harmonise.mappings` entry-point group) exposes `READERS` and/or `WRITERS`: lists of
Reader / Writer instances. The engine asks each reader to `detect` a file from explicit
hints first (a `@schema` URL, a version field, a file header) and to `read` it as a
stream of `RecordResult`s.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterator

from harmonise.accounting import Account
from harmonise.errors import HarmoniseError
from harmonise.sources import Source


@dataclass(frozen=True)
class Detection:
    """A reader's claim on a file: how sure it is and which clue decided."""

    reader: str
    confidence: float
    clue: str
    version: str | None = None


@dataclass
class ReadOptions:
    """Options a user passes to readers (`--overlay`, `--dictionary-config`, …)."""

    overlays: tuple[Path, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    #: one account event per value (what `harmonise explain` shows). False lets a reader keep
    #: the values it maps as they are as a count (`Account.mapped_counted`): all a conversion's
    #: run report holds. Readers that cannot tell the difference ignore it.
    events: bool = True


@dataclass
class RecordResult:
    """One record read from a source: the model-shaped dict and its account, or an error."""

    source: str
    pointer: str = ""
    record: dict[str, Any] | None = None
    account: Account = field(default_factory=Account)
    error: HarmoniseError | None = None
    format_version: str | None = None

    @property
    def location(self) -> str:
        return f"{self.source}#{self.pointer}" if self.pointer else self.source


class Reader:
    """Base of every reader. Subclasses set the class attributes and implement two methods."""

    name: ClassVar[str]
    title: ClassVar[str] = ""
    format_versions: ClassVar[tuple[str, ...]] = ()
    #: Version of the mapping (crosswalk + code), stamped into each record's provenance.
    version: ClassVar[str] = "0.1.0"
    suffixes: ClassVar[tuple[str, ...]] = ()

    def detect(self, source: Source) -> Detection | None:
        """Claim `source` with a confidence, from explicit hints first; None when it is not ours."""
        raise NotImplementedError

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        """Yield records one by one; a bad record yields a RecordResult with `error` set."""
        raise NotImplementedError

    def records_at(self, source: Source) -> str | None:
        """Optional, for `--jobs N`: where a bulk file keeps its records, so it can be split
        into shards converted in parallel. An ijson prefix ("item", "dataModels.item") when the
        reader streams that array with `sources.iter_json_items`; "lines" when it reads JSON
        Lines numbering them from `source.line_offset`; None (default) to convert the file whole."""
        return None

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": "reader",
            "title": self.title,
            "format_versions": list(self.format_versions),
            "module_version": self.version,
            "suffixes": list(self.suffixes),
            "module": type(self).__module__,
        }


class Writer:
    """Base of every writer: opens a sink under the output folder that takes records one by one."""

    name: ClassVar[str]
    title: ClassVar[str] = ""
    suffix: ClassVar[str] = ""
    version: ClassVar[str] = "0.1.0"
    #: Its `encoder` gives (record id, file bytes) and its sink writes a file per record with
    #: `writers.files.put`: `--jobs N` workers then write the files themselves, under temporary
    #: names the sink only renames (see `harmonise.parallel`).
    file_per_record: ClassVar[bool] = False

    def open(self, out_dir: Path, options: "WriteOptions") -> "Sink":
        raise NotImplementedError

    def encoder(self, options: "WriteOptions") -> "Callable[[Any, RecordResult], Any] | None":
        """Optional, for `--jobs N`: a pure function turning one record into what its sink
        writes (e.g. the bytes of a line), run in the worker processes; the sink's
        `write_encoded` then only places it. None (the default): the sink gets the record."""
        return None

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": "writer",
            "title": self.title,
            "suffix": self.suffix,
            "module": type(self).__module__,
        }


@dataclass
class WriteOptions:
    strict: bool = False
    base_iri: str = "https://w3id.org/harmonise/dataset/"
    extra: dict[str, Any] = field(default_factory=dict)


class Sink:
    """Receives records in input order; `close` finishes files and returns what was written."""

    def write(self, record: Any, result: RecordResult) -> None:
        raise NotImplementedError

    def write_encoded(self, payload: Any, result: RecordResult) -> None:
        """Write what the writer's `encoder` made of a record (only for writers that have one)."""
        raise NotImplementedError

    def close(self) -> list[Path]:
        return []


def derive_id(source_name: str, pointer: str = "") -> str:
    """A stable id for a record whose source has none: from the file's name and position.

    Only the file name (not its folder) is used, so the same file gives the same id on any machine.
    """
    key = f"{Path(source_name).name}#{pointer}".encode()
    return "harmonise:" + hashlib.sha256(key).hexdigest()[:20]
