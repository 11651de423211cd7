"""`--jobs N`: convert on every core of one machine, with output identical to `--jobs 1`.

How it works:

* The main process walks the inputs in the same order as the single-process engine and
  cuts them into *tasks*: a small file is one task; a large bulk file whose reader says
  where its records are (`Reader.records_at`: a JSON array, or JSON Lines) is split into
  *shards* of records written to a temporary folder. A shard keeps the file's name, and
  the index (or line number) of its first record, so pointers, derived ids and
  provenance are those of the unsplit file.
* Worker processes run the ordinary engine (`engine.iter_converted`) on each task: read,
  map, validate, and, for writers that have an `encoder` (json, jsonl …), turn each record
  into the bytes its output needs. Everything a worker sends back is small: report
  entries, accounts and encoded outputs; the validated record itself only travels when a
  writer has no encoder. For writers with a file per record (`Writer.file_per_record`, or
  the writer's `files_per_record(options)` when that depends on the run, e.g. RDF's
  `--rdf-layout`) the worker also creates the file, under a temporary name in a staging
  folder inside the output folder: creating files is the costly part of writing them, and the main process
  only renames each into place. A writer with one file for the run (jsonl, RDF with
  `--rdf-layout single`) gets bytes back, and the main process appends them.
* The main process takes results back *in task order* (a bounded window of tasks is in
  flight, so memory stays flat however large the input) and hands each record to the
  sinks exactly as `engine.convert` does: same order, same file names, same report.

Every worker uses the main process's conversion time, so `converted_at` is the same as
in a single-process run.
"""
from __future__ import annotations

import itertools
import os
import re
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from harmonise.errors import HarmoniseError
from harmonise.mapping import RecordResult
from harmonise.report import FAILED, RecordReport
from harmonise.sources import WHOLE_JSON_LIMIT, Source, expand, iter_array_runs, starts_array

#: Files smaller than this are converted whole by one worker.
SHARD_MIN_BYTES = 1 << 20
#: A shard holds at most this many bytes of records …
SHARD_BYTES = 1 << 20
#: … and at most this many records.
SHARD_RECORDS = 500

_FALLBACK = "harmonise:no-encoder"


@dataclass(frozen=True)
class Task:
    """One unit of work: a whole file, or a shard of a bulk file."""

    path: str
    name: str
    reader: str | None
    index_offset: int = 0
    line_offset: int = 0
    shard: bool = False
    #: The file's bytes, for workers that cannot see the main process's files (Dask).
    data: bytes | None = None


@dataclass
class Packed:
    """One converted record as a worker sends it back."""

    record: dict[str, Any] | None
    report: Any
    result: RecordResult
    payloads: list[Any]
    converted: bool


# -- worker side ---------------------------------------------------------------------
_STATE: dict[str, Any] = {}


def _init_worker(options: Any, writer_names: list[str], epoch: int, counts_only: bool = False,
                 staging: str | None = None) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # every process stamps the same conversion time
    from harmonise.registry import registry

    reg = registry()
    writers = [reg.writer(name) for name in writer_names]
    _STATE.update(options=options, reg=reg, encoders=[w.encoder(options.write) for w in writers],
                  counts_only=counts_only, staging=staging,
                  staged=[staging is not None and writes_files(w, options.write) for w in writers], staged_count=0)


def writes_files(writer: Any, write_options: Any) -> bool:
    """Whether `writer` writes a file per record in this run (its workers then stage them)."""
    per_run = getattr(writer, "files_per_record", None)
    return per_run(write_options) if per_run is not None else writer.file_per_record


def _stage(payload: Any) -> Any:
    """(id, bytes) -> (id, StagedFile): the record's file written here, in the worker, under a
    temporary name in the output folder (creating files is the costly part of writing them)."""
    from harmonise.writers.files import StagedFile, write_file

    record_id, data = payload
    _STATE["staged_count"] += 1
    path = os.path.join(_STATE["staging"], f"{os.getpid()}-{_STATE['staged_count']}")
    write_file(path, data)
    return record_id, StagedFile(path)


@dataclass
class SentAccount:
    """What the main process still needs of an account once the record is encoded: the
    counts for the report, the defaults and warnings for its messages (not every event)."""

    counts: dict[str, int]
    defaulted: list[Any]
    warnings: list[str]

    @property
    def source_values(self) -> int:
        return self.counts["source_values"]

    def summary(self) -> dict[str, int]:
        return dict(self.counts)

    def events(self) -> list[dict[str, Any]]:
        return []


def run_task(task: Task) -> tuple[list[Packed], list[HarmoniseError]]:
    """Convert one task in a worker; returns packed records and file-level errors."""
    from harmonise.engine import iter_converted

    options = _STATE["options"]
    encoders = _STATE["encoders"]
    needs_record = any(e is None for e in encoders)
    counts_only = _STATE.get("counts_only", False) and not needs_record
    local = None
    if task.data is not None:  # a file shipped with the task: give it back its name's suffix
        handle, local = tempfile.mkstemp(prefix="harmonise-task-", suffix="".join(Path(task.path).suffixes[-2:]))
        with os.fdopen(handle, "wb") as fh:
            fh.write(task.data)
    source = Source(local or task.path, task.name)
    source.index_offset = task.index_offset
    source.line_offset = task.line_offset
    errors: list[HarmoniseError] = []
    packed: list[Packed] = []
    try:
        for item in iter_converted([source], replace(options, reader=task.reader or options.reader),
                                   _STATE["reg"], errors):
            payloads: list[Any] = []
            if item.record is not None:
                for encode, staged in zip(encoders, _STATE["staged"]):
                    if encode is None:
                        payloads.append(_FALLBACK)
                        continue
                    try:
                        payload = encode(item.record, item.result)
                    except HarmoniseError as exc:
                        payloads.append(exc)
                        continue
                    payloads.append(_stage(payload) if staged else payload)
            result = item.result
            result.record = None  # the validated record (or the encoded output) replaces it
            if counts_only and result.account is not None:
                account = result.account
                result.account = SentAccount(account.summary(), account.defaulted, account.warnings)
                if item.report.account is account:
                    item.report.account = result.account
            packed.append(Packed(item.record if needs_record else None, item.report, result, payloads,
                                 item.record is not None))
    finally:
        if local is not None:
            Path(local).unlink(missing_ok=True)
        elif task.shard:
            Path(task.path).unlink(missing_ok=True)
    return packed, errors


def inline(tasks: Iterable[Any]) -> Iterator[Any]:
    """Tasks that carry their file's bytes (shards are read and removed here)."""
    for task in tasks:
        if isinstance(task, Task) and task.data is None and Path(task.path).is_file():
            data = Path(task.path).read_bytes()
            if task.shard:
                Path(task.path).unlink(missing_ok=True)
            task = replace(task, data=data, shard=False)
        yield task


def write_results(results: Iterable[tuple[list[Packed], list[HarmoniseError]]], sinks: list[Any], report: Any,
                  file_errors: list[HarmoniseError], progress: Any = None) -> None:
    """Hand packed records to the sinks in order, as `engine.convert` does."""
    from harmonise.cycles import paced_by_records
    from harmonise.engine import write_record

    with paced_by_records() as tick:
        for packed, errors in results:
            file_errors.extend(errors)
            for item in packed:
                if item.converted:
                    write_record(item, [_Placed(s, p) for s, p in zip(sinks, item.payloads)])
                report.add(item.report)
                if progress is not None:
                    progress(1)
                tick()


def epoch_now() -> int:
    """The run's conversion time as the SOURCE_DATE_EPOCH every worker will use."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.lstrip("-").isdigit() else int(time.time())


# -- main side -----------------------------------------------------------------------
class _Placed:
    """Looks like a sink to `engine.write_record`; writes what the worker encoded."""

    __slots__ = ("sink", "payload")

    def __init__(self, sink: Any, payload: Any):
        self.sink = sink
        self.payload = payload

    def write(self, record: Any, result: RecordResult) -> None:
        payload = self.payload
        if isinstance(payload, HarmoniseError):
            raise payload
        if isinstance(payload, str) and payload == _FALLBACK:
            self.sink.write(record, result)
        else:
            self.sink.write_encoded(payload, result)


def plan(paths: Iterable[Any], options: Any, reg: Any, tmp: Path) -> Iterator[Task | tuple[list[Packed], list[HarmoniseError]]]:
    """Tasks in input order: whole files, or shards of large bulk files (and, for a bulk
    file that breaks part-way, the file's failure after the shards of its complete records)."""
    from harmonise.detection import detect

    numbers = itertools.count()

    forced = reg.reader(options.reader) if options.reader else None
    for source in expand(paths):
        name = source.name
        reader = forced
        at = None
        try:
            if source.path.is_file() and source.size >= SHARD_MIN_BYTES:
                reader = reader or reg.reader(detect(source, reg).reader)
                at = reader.records_at(source)
        except HarmoniseError:
            at = None  # the worker meets the same error and reports it as --jobs 1 would
        if at is None:
            yield Task(str(source.path), name, reader.name if reader else None)
        else:
            yield from _shards(source, reader.name, at, tmp / str(next(numbers)))


def _shards(source: Source, reader: str, at: str, tmp: Path) -> Iterator[Any]:
    """Cut a bulk file into shard files of whole records (JSON Lines, or a JSON array)."""
    import orjson

    stem = f"{tmp.name}-"
    tmp = tmp.parent
    if at == "lines":
        number = 0
        with source.path.open("rb") as fh:
            while True:
                lines: list[bytes] = []
                size = 0
                first = number
                for line in fh:
                    lines.append(line)
                    number += 1
                    size += len(line)
                    if size >= SHARD_BYTES or len(lines) >= SHARD_RECORDS:
                        break
                if not lines:
                    return
                path = tmp / f"{stem}{first}.jsonl"
                path.write_bytes(b"".join(lines))
                yield Task(str(path), source.name, reader, line_offset=first, shard=True)
        return
    if at == "item" and starts_array(source.head()):
        yield from _array_shards(source, reader, tmp, stem)
        return
    from harmonise.sources import iter_json_items

    try:
        skeleton = source.json_skeleton()
    except HarmoniseError:
        yield Task(str(source.path), source.name, reader)  # the reader reports it as --jobs 1 does
        return
    keys = at.split(".")[:-1]
    suffix = source.path.suffix or ".json"

    def wrap(items: list[bytes]) -> bytes:
        body = b"[" + b",".join(items) + b"]"
        if not keys:
            return body
        # the records' array inside the file's own wrapper (count, query … kept)
        outer = dict(skeleton)
        node = outer
        for key in keys[:-1]:
            node[key] = dict(node[key])
            node = node[key]
        node[keys[-1]] = "\x00records\x00"
        return orjson.dumps(outer).replace(b'"\\u0000records\\u0000"', body)

    batch: list[bytes] = []
    size = 0
    first = 0
    count = 0
    shards = 0

    def flush() -> Task:
        nonlocal batch, size, first, shards
        path = tmp / f"{stem}{shards}{suffix}"
        shards += 1
        path.write_bytes(wrap(batch))
        task = Task(str(path), source.name, reader, index_offset=first, shard=True)
        first += len(batch)
        batch, size = [], 0
        return task

    try:
        for _index, item in iter_json_items(source, at):
            data = orjson.dumps(item)
            batch.append(data)
            size += len(data)
            count += 1
            if size >= SHARD_BYTES or len(batch) >= SHARD_RECORDS:
                yield flush()
    except HarmoniseError as exc:
        if count == 0 and source.size <= WHOLE_JSON_LIMIT:
            yield Task(str(source.path), source.name, reader)  # the reader decides, as with --jobs 1
            return
        if batch:
            yield flush()
        yield _file_failure(source, exc)
        return
    if batch or count == 0:
        yield flush()


def _array_shards(source: Source, reader: str, tmp: Path, stem: str) -> Iterator[Any]:
    """A file that is one JSON array, cut where `sources.iter_array_runs` finds runs of whole
    records: the shards hold the records' bytes as the file has them, never rebuilt here."""
    suffix = source.path.suffix or ".json"
    small = source.size <= WHOLE_JSON_LIMIT  # its reader parses it whole: shards wait until it all cuts
    held: list[Task] = []
    first = 0
    try:
        for count, body in iter_array_runs(source, SHARD_BYTES):
            path = tmp / f"{stem}{first}{suffix}"
            path.write_bytes(b"[" + body + b"]")
            task = Task(str(path), source.name, reader, index_offset=first, shard=True)
            first += count
            if small:
                held.append(task)
            else:
                yield task
    except HarmoniseError as exc:
        if small:
            # a small damaged file: the reader decides what it can still read, as with --jobs 1
            for task in held:
                Path(task.path).unlink(missing_ok=True)
            yield Task(str(source.path), source.name, reader)
            return
        # a truncated bulk file: its complete records are converted, then the file fails,
        # reported exactly as the single-process engine reports it
        yield _file_failure(source, exc)
        return
    if first == 0:  # an empty array: one task, so the reader reports the file as --jobs 1 does
        yield Task(str(source.path), source.name, reader)
        return
    yield from held


def _file_failure(source: Source, exc: HarmoniseError) -> tuple[list[Packed], list[HarmoniseError]]:
    if exc.file is None:
        exc.file = source.name
    failure = RecordReport(source.name, None, FAILED, [exc.located()])
    return [Packed(None, failure, RecordResult(source=source.name, error=exc), [], False)], [exc]


def convert_parallel(paths: Iterable[Any], writer_names: list[str], out_dir: Path, options: Any,
                     jobs: int, progress: Any = None, reg: Any = None, report: Any = None) -> tuple[Any, list[HarmoniseError]]:
    """`engine.convert` on `jobs` processes; same outputs, same report, same order."""
    import multiprocessing

    from harmonise.registry import registry
    from harmonise.report import RunReport

    reg = reg or registry()
    writers = [reg.writer(name) for name in writer_names]
    out_dir.mkdir(parents=True, exist_ok=True)
    report = report if report is not None else RunReport()
    file_errors: list[HarmoniseError] = []
    epoch_value = epoch_now()
    # Linux: fork (workers start at once with the registry and model already imported; the
    # main process runs no threads - the progress bar refreshes without one). Elsewhere: spawn.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    # a report that keeps only counts (the CLI's) lets workers send counts, not every event
    counts_only = report.counts_only
    sinks = [writer.open(out_dir, options.write) for writer in writers]
    try:
        # files of file-per-record writers are written by the workers in here, then renamed
        # into place in input order by the sinks; whatever is left (a record that failed) goes
        with tempfile.TemporaryDirectory(prefix="harmonise-shards-") as tmp, \
                tempfile.TemporaryDirectory(prefix=".harmonise-staging-", dir=out_dir) as staging, \
                ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                    initargs=(options, list(writer_names), epoch_value, counts_only,
                                              staging)) as pool:
            results = in_order(pool.submit, run_task, plan(paths, options, reg, Path(tmp)), window=2 * jobs + 1)
            try:
                write_results(results, sinks, report, file_errors, progress)
            except BrokenProcessPool as exc:
                raise HarmoniseError(f"a worker process stopped unexpectedly ({exc}); out of memory? "
                                     "try fewer --jobs") from None
    finally:
        for sink in sinks:
            report.outputs.extend(str(p) for p in sink.close())
    return report, file_errors


def in_order(submit: Any, function: Any, tasks: Iterable[Any], window: int) -> Iterator[Any]:
    """Results of `function(task)` in task order, with at most `window` tasks in flight.

    `submit` is an executor's (or a Dask client's) submit; items that are not Tasks are
    results already known in the main process and pass through in their place."""
    pending: deque[Any] = deque()
    for task in tasks:
        if isinstance(task, Task):
            pending.append(submit(function, task))
        else:  # already known in the main process
            done: Future = Future()
            done.set_result(task)
            pending.append(done)
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
