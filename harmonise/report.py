"""The run report: one entry per record, a summary, and the accounting of every value."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harmonise.accounting import Account

OK = "ok"
WARNING = "warning"
FAILED = "failed"


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


@dataclass
class RunReport:
    records: list[RecordReport] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    def add(self, entry: RecordReport) -> None:
        self.records.append(entry)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.records if r.status == FAILED)

    def summary(self) -> dict[str, int]:
        return {
            "records": len(self.records),
            "ok": sum(1 for r in self.records if r.status == OK),
            "warnings": sum(1 for r in self.records if r.status == WARNING),
            "failed": self.failed,
        }

    def to_dict(self, detail: bool = False) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "records": [r.to_dict(detail) for r in self.records],
            "outputs": self.outputs,
        }
