"""The run report of a large run waits on disk, and is written record by record."""
from __future__ import annotations

import orjson

from harmonise.accounting import Account
from harmonise.report import AccountSummary, RecordReport, RunReport, SpooledRecords


def _entry(i: int) -> RecordReport:
    account = Account(source_values=3)
    account.map("/title", "title")
    account.normalise("/issued", "issued", "2020/01/02", "2020-01-02", "date")
    account.unmap("/gatewayId", 7, "Gateway-internal key")
    return RecordReport(f"catalogue.json#/{i}", f"id-{i}", "failed" if i % 5 == 0 else "ok",
                        ["/x: broken"] if i % 5 == 0 else [], account, "hdruk-2.1")


def test_spooled_records_keep_order_counts_and_summary(tmp_path):
    records = SpooledRecords(keep=3)
    report = RunReport(records=records)
    for i in range(12):
        report.add(_entry(i))
    assert len(report.records) == 12
    assert len(records.head) == 3  # nine entries spooled
    assert [e.id for e in report.records] == [f"id-{i}" for i in range(12)]
    assert report.records[7].id == "id-7" and report.records[-1].id == "id-11"
    assert report.summary() == {"records": 12, "ok": 9, "warnings": 0, "failed": 3}
    entry = report.records[10]
    assert isinstance(entry.account, AccountSummary) and entry.account.balanced
    assert entry.to_dict()["accounting"] == {"source_values": 3, "mapped": 1, "normalised": 1, "unmapped": 1,
                                             "defaulted": 0}


def test_write_json_is_to_dict_written_incrementally(tmp_path):
    for n in (0, 1, 7):
        report = RunReport(records=SpooledRecords(keep=2))
        for i in range(n):
            report.add(_entry(i))
        report.outputs = [f"out/{i}.json" for i in range(n)]
        path = tmp_path / f"report-{n}.json"
        report.write_json(path)
        assert path.read_bytes() == orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2) + b"\n"
        assert orjson.loads(path.read_bytes())["summary"]["records"] == n


def test_summary_and_failures_of_a_spooled_run_read_back_only_the_failures(tmp_path, monkeypatch):
    report = RunReport(records=SpooledRecords(keep=2))
    for i in range(12):
        report.add(_entry(i))
    reads = []
    real = SpooledRecords.__iter__
    monkeypatch.setattr(SpooledRecords, "__iter__", lambda self: (reads.append(1), (yield from real(self)))[1])
    assert report.summary() == {"records": 12, "ok": 9, "warnings": 0, "failed": 3} and report.failed == 3
    assert not reads
    assert [(e.id, e.messages) for e in report.failures()] == [("id-0", ["/x: broken"]), ("id-5", ["/x: broken"]),
                                                                ("id-10", ["/x: broken"])]
    assert len(reads) == 1
    clean = RunReport(records=SpooledRecords(keep=2))
    clean.add(_entry(1))
    assert list(clean.failures()) == [] and len(reads) == 1


def test_a_report_built_from_a_list_still_counts():
    report = RunReport(records=[_entry(i) for i in range(6)])
    assert report.summary() == {"records": 6, "ok": 4, "warnings": 0, "failed": 2}


def test_spooled_entries_are_written_in_batches_and_read_back_in_order(monkeypatch):
    monkeypatch.setattr(SpooledRecords, "BATCH", 4)
    records = SpooledRecords(keep=3)
    report = RunReport(records=records)
    for i in range(14):  # 3 kept, 8 on disk in two batches, 3 pending
        report.add(_entry(i))
    assert records.file is not None and len(records.pending) == 3
    assert [e.id for e in report.records] == [f"id-{i}" for i in range(14)]
    assert [e.id for e in report.records] == [f"id-{i}" for i in range(14)]  # twice: the spool is re-readable
    assert report.records[12].account.summary() == {"source_values": 3, "mapped": 1, "normalised": 1,
                                                    "unmapped": 1, "defaulted": 0}


def test_a_counts_only_report_lets_readers_count_instead_of_recording_events(corpus, tmp_path):
    """`convert` with a spooled report (the CLI's) asks readers for counts; with a plain report
    (what a Python caller reads entries from) every mapped value keeps its event. The counts,
    and so the report, are the same."""
    from unittest import mock

    from harmonise.crosswalk import Crosswalk
    from harmonise.engine import convert

    path = corpus / "hdruk" / "hdruk300.json"
    seen: list[bool] = []
    original = Crosswalk.apply_counted

    def spy(self, *args, events=True, **kwargs):
        seen.append(events)
        return original(self, *args, events=events, **kwargs)

    with mock.patch.object(Crosswalk, "apply_counted", spy):
        plain, _ = convert([path], ["jsonl"], tmp_path / "plain")
        spooled, _ = convert([path], ["jsonl"], tmp_path / "spooled", report=RunReport(records=SpooledRecords()))
    assert seen == [True, False]
    account = plain.records[0].account
    assert account.mapped and account.mapped_counted == 0
    assert spooled.counts_only and not plain.counts_only
    assert [e.to_dict() for e in spooled.records] == [e.to_dict() for e in plain.records]
    assert (tmp_path / "plain" / "harmonised.jsonl").read_bytes() == (tmp_path / "spooled" / "harmonised.jsonl").read_bytes()
