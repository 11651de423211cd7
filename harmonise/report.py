"""The run report: one entry per record, a summary, and the accounting of every value."""
from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import orjson

from harmonise.accounting import Account

OK = "ok"
WARNING = "warning"
FAILED = "failed"


@dataclass(frozen=True)
class AccountSummary:
    """An account's counts without its events: what a run report keeps per record."""

    source_values: int
    mapped: int
    normalised: int
    unmapped: int
    defaulted: int

    @property
    def accounted(self) -> int:
        return self.mapped + self.normalised + self.unmapped

    @property
    def balanced(self) -> bool:
        return self.accounted == self.source_values

    def summary(self) -> dict[str, int]:
        return {"source_values": self.source_values, "mapped": self.mapped, "normalised": self.normalised,
                "unmapped": self.unmapped, "defaulted": self.defaulted}

    def events(self) -> list[dict[str, Any]]:
        return []


@dataclass
class RecordReport:
    source: str
    id: str | None
    status: str
    messages: list[str] = field(default_factory=list)
    account: Account | None = None
    reader: str | None = None

    def to_dict(self, detail: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "id": self.id,
            "status": self.status,
            "messages": self.messages,
        }
        if self.reader:
            out["reader"] = self.reader
        if self.account is not None:
            out["accounting"] = self.account.summary()
            if detail:
                out["events"] = self.account.events()
        return out

    def compact(self) -> "RecordReport":
        """This entry with its account reduced to counts (the run report needs no more)."""
        if self.account is not None and not isinstance(self.account, AccountSummary):
            self.account = AccountSummary(**self.account.summary())
        return self


class SpooledRecords:
    """The run report's entries (accounts reduced to counts), in memory up to `keep`, on disk beyond.

    A list as far as the report's users care (append, len, iteration, indexing), so a
    catalogue of 10^5 records converts in memory that does not grow with it.
    """

    #: spooled entries are pickled this many at a time (one pickle call per entry cost more than the entry)
    BATCH = 500

    def __init__(self, keep: int = 1000):
        self.keep = keep
        self.head: list[RecordReport] = []
        self.pending: list[tuple[Any, ...]] = []
        self.file: Any = None
        self.count = 0

    def append(self, entry: RecordReport) -> None:
        self.count += 1
        if len(self.head) < self.keep:
            self.head.append(entry.compact())  # a run report keeps counts, not every value's event
            return
        # a plain tuple pickles several times faster than the dataclasses it stands for
        account = entry.account
        counts = None if account is None else tuple(account.summary().values())
        self.pending.append((entry.source, entry.id, entry.status, entry.messages, counts, entry.reader))
        if len(self.pending) >= self.BATCH:
            self._spill()

    def _spill(self) -> None:
        if self.file is None:
            self.file = tempfile.TemporaryFile(prefix="harmonise-report-")
        pickle.dump(self.pending, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.pending = []

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[RecordReport]:
        yield from self.head
        if self.file is not None:
            self.file.flush()
            with open(self.file.fileno(), "rb", closefd=False) as fh:
                fh.seek(0)
                spilled = self.count - len(self.head) - len(self.pending)
                while spilled > 0:
                    batch = pickle.load(fh)
                    spilled -= len(batch)
                    yield from map(_entry, batch)
                fh.seek(0, 2)
        yield from map(_entry, list(self.pending))

    def __getitem__(self, index: int) -> RecordReport:
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError(index)
        if index < len(self.head):
            return self.head[index]
        for n, entry in enumerate(self):
            if n == index:
                return entry
        raise IndexError(index)


def _entry(spooled: tuple[Any, ...]) -> RecordReport:
    source, record_id, status, messages, counts, reader = spooled
    return RecordReport(source, record_id, status, messages, None if counts is None else AccountSummary(*counts), reader)


@dataclass
class RunReport:
    records: list[RecordReport] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    #: entries by status, kept as they are added: a summary of a spooled run reads nothing back
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def counts_only(self) -> bool:
        """Whether entries keep only their accounts' counts (a spooled report, the CLI's): then a
        conversion need not record an event per value, nor a worker send one."""
        return isinstance(self.records, SpooledRecords)

    def add(self, entry: RecordReport) -> None:
        self.records.append(entry)
        self.counts[entry.status] = self.counts.get(entry.status, 0) + 1

    def _status_counts(self) -> dict[str, int]:
        if sum(self.counts.values()) == len(self.records):
            return self.counts
        counts: dict[str, int] = {}  # entries given at construction, not through add()
        for entry in self.records:
            counts[entry.status] = counts.get(entry.status, 0) + 1
        return counts

    @property
    def failed(self) -> int:
        return self._status_counts().get(FAILED, 0)

    def failures(self) -> Iterator[RecordReport]:
        """The failed entries, in order (reads a spooled report back only when there are some)."""
        if self.failed:
            yield from (entry for entry in self.records if entry.status == FAILED)

    def summary(self) -> dict[str, int]:
        counts = self._status_counts()
        return {
            "records": len(self.records),
            "ok": counts.get(OK, 0),
            "warnings": counts.get(WARNING, 0),
            "failed": counts.get(FAILED, 0),
        }

    def to_dict(self, detail: bool = False) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "records": [r.to_dict(detail) for r in self.records],
            "outputs": self.outputs,
        }

    def write_json(self, path: Path) -> None:
        """The report as `to_dict()` in indented JSON, written record by record."""
        indent = orjson.OPT_INDENT_2

        def nested(value: Any) -> bytes:
            return orjson.dumps(value, option=indent).replace(b"\n", b"\n  ")

        with Path(path).open("wb") as fh:
            fh.write(b'{\n  "summary": ' + nested(self.summary()) + b',\n  "records": [')
            first = True
            for entry in self.records:
                fh.write((b"\n    " if first else b",\n    ") + nested(entry.to_dict()).replace(b"\n", b"\n  "))
                first = False
            fh.write((b"]" if first else b"\n  ]") + b',\n  "outputs": ' + nested(self.outputs) + b"\n}\n")
