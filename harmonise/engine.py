"""The conversion loop: files -> readers -> model records -> writers, with a report.

Records stream one at a time from reader to writers; nothing holds a whole catalogue.
A bad record fails alone; a bad file fails alone; the rest of the run still converts.
"""
from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from harmonise import MODEL_VERSION, __version__
from harmonise.clock import now_iso
from harmonise.cycles import paced_by_records
from harmonise.detection import detect
from harmonise.errors import HarmoniseError, InputError, RecordError
from harmonise.mapping import ReadOptions, Reader, RecordResult, WriteOptions, derive_id
from harmonise.registry import Registry, registry
from harmonise.report import FAILED, OK, WARNING, RecordReport, RunReport
from harmonise.sources import Source, expand

Progress = Callable[[int], None]


@dataclass
class Converted:
    """A finished record: the validated record as the model's JSON data (or None), and its report entry.

    Writers take `record`; `dataset` gives the same record as a model object (built on
    first use, for Python callers: the conversion path never needs one).
    """

    record: dict[str, Any] | None
    report: RecordReport
    result: RecordResult
    _dataset: Any = field(default=None, repr=False, compare=False)

    @property
    def dataset(self) -> Any:
        if self._dataset is None and self.record is not None:
            from harmonise.datamodel import Dataset

            self._dataset = Dataset.model_validate(self.record)
        return self._dataset


@dataclass
class ConvertOptions:
    reader: str | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    write: WriteOptions = field(default_factory=WriteOptions)


def stamp_provenance(record: dict[str, Any], result: RecordResult, reader: Reader, converted_at: str) -> None:
    """Give the record its id (derived when the source has none) and its conversion provenance."""
    derived = False
    if not record.get("id"):
        record["id"] = derive_id(result.source, result.pointer)
        derived = True
        result.account.default("id", record["id"], "the source has no identifier; derived from file name and position")
    conversion = record.setdefault("conversion", {})
    conversion.update({
        "source_format": reader.name,
        "mapping_module": type(reader).__module__,
        "mapping_module_version": reader.version,
        "harmonise_version": __version__,
        "model_version": MODEL_VERSION,
        "source_file": _file_name(result.source),
        "converted_at": converted_at,
    })
    if result.format_version and not conversion.get("source_format_version"):
        conversion["source_format_version"] = result.format_version
    if result.pointer:
        conversion["source_pointer"] = result.pointer
    if derived:
        conversion["id_derived"] = True


@functools.lru_cache(maxsize=256)
def _file_name(source: str) -> str:
    return Path(source).name  # a Path per record cost more than the rest of the stamping


def validation_message(exc: Exception) -> tuple[str, str]:
    """(model path, message) of the first pydantic error, in the model's own words."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return "", str(exc)
    first = errors()[0]
    loc = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in first.get("loc", ())).replace(".[", "[")
    return loc, f"{first.get('msg')} (input {_short(first.get('input'))})" if first.get("type") != "missing" else "required value missing"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def finalise(result: RecordResult, reader: Reader, converted_at: str | None = None,
             overlays: "list[Any] | tuple[Any, ...]" = ()) -> Converted:
    """Turn a reader's RecordResult into a validated record and its report entry."""
    from pydantic import ValidationError

    from harmonise.record_validator import validate_record

    if result.error is not None or result.record is None:
        error = result.error or RecordError("the reader produced no record")
        return Converted(None, _failed(result, reader, error), result)
    record = result.record
    stamp_provenance(record, result, reader, converted_at or now_iso())
    if overlays or getattr(reader, "overlay_slots", ()):
        from harmonise import overlay

        overlay.apply(record, result.account, overlays)
        overlay.report_missing(record, result.account, getattr(reader, "overlay_slots", ()), reader.name)
    try:
        validated = validate_record(record)
    except ValidationError as exc:
        where, message = validation_message(exc)
        err = RecordError(f"model value {where}: {message}", file=result.source, where=result.pointer or None)
        return Converted(None, _failed(result, reader, err, record_id=record.get("id")), result)
    messages = list(result.account.warnings)
    messages += [f"{p}: value kept as an extension ({why})" for p, _v, why in result.account.unmapped
                 if why.startswith(("rejected", "enum:", "date", "email", "url", "doi")) or ": not " in why]
    status = WARNING if messages else OK
    entry = RecordReport(result.location, validated["id"], status, messages, result.account, reader.name)
    return Converted(validated, entry, result)


def _failed(result: RecordResult, reader: Reader | None, error: HarmoniseError, record_id: str | None = None) -> RecordReport:
    if error.file is None:
        error.file = result.source
    if error.where is None and result.pointer:
        error.where = result.pointer
    elif (error.where is not None and result.pointer and error.where[:1] in ("", "/")
          and not error.where.startswith(result.pointer)):
        # a JSON Pointer inside the record ("" is the record itself): made absolute in the file;
        # other locations ("row 6, column label") are already the file's own
        error.where = result.pointer + error.where
    return RecordReport(result.location, record_id, FAILED, [error.located()], result.account,
                        reader.name if reader else None)


def read_file(source: Source, reader: Reader, options: ReadOptions) -> Iterator[RecordResult]:
    """A reader's records, with unexpected reader crashes turned into located failures."""
    try:
        yield from reader.read(source, options)
    except HarmoniseError:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise InputError(f"{reader.name} could not read this file: {type(exc).__name__}: {exc}", file=source.name) from None


def iter_converted(paths: Iterable[str | os.PathLike[str]], options: ConvertOptions,
                   reg: Registry | None = None, file_errors: list[HarmoniseError] | None = None) -> Iterator[Converted]:
    """Every record of every file, converted and validated, in input order."""
    reg = reg or registry()
    forced = reg.reader(options.reader) if options.reader else None
    converted_at = now_iso()
    overlays: list[Any] = []
    if options.read.overlays:
        from harmonise import overlay

        overlays = overlay.load_all(options.read.overlays)  # a bad overlay stops the run, named
    with paced_by_records() as tick:
        for source in expand(paths):
            try:
                if not source.path.exists():
                    raise InputError("no such file or folder", file=source.name)
                reader = forced or reg.reader(detect(source, reg).reader)
                for result in read_file(source, reader, options.read):
                    yield finalise(result, reader, converted_at, overlays)
                    tick()
            except HarmoniseError as exc:
                if exc.file is None:
                    exc.file = source.name
                if file_errors is not None:
                    file_errors.append(exc)
                result = RecordResult(source=source.name, error=exc)
                yield Converted(None, RecordReport(source.name, None, FAILED, [exc.located()]), result)


def convert(paths: Iterable[str | os.PathLike[str]], writer_names: list[str], out_dir: Path,
            options: ConvertOptions | None = None, progress: Progress | None = None,
            reg: Registry | None = None, jobs: int = 1,
            report: RunReport | None = None) -> tuple[RunReport, list[HarmoniseError]]:
    """Convert files and folders, writing each record with every writer named.

    `jobs` > 1 converts on that many processes (`harmonise.parallel`), with the same
    outputs, in the same order, as one process.
    """
    options = options or ConvertOptions()
    report = report if report is not None else RunReport()
    if report.counts_only:
        # the report keeps each record's counts, never its events: readers may count instead
        options = dataclasses.replace(options, read=dataclasses.replace(options.read, events=False))
    reg = reg or registry()
    if jobs > 1:
        from harmonise.parallel import convert_parallel

        return convert_parallel(paths, writer_names, out_dir, options, jobs, progress, reg, report)
    writers = [reg.writer(name) for name in writer_names]
    out_dir.mkdir(parents=True, exist_ok=True)
    sinks = [writer.open(out_dir, options.write) for writer in writers]
    file_errors: list[HarmoniseError] = []
    try:
        for item in iter_converted(paths, options, reg, file_errors):
            if item.record is not None:
                write_record(item, sinks)
            report.add(item.report)
            if progress is not None:
                progress(1)
    finally:
        for sink in sinks:
            report.outputs.extend(str(p) for p in sink.close())
    return report, file_errors


def write_record(item: Converted, sinks: list[Any]) -> None:
    """Hand one record to every sink; a writer's refusal (e.g. --strict) fails the record."""
    for sink in sinks:
        try:
            sink.write(item.record, item.result)
        except HarmoniseError as exc:
            item.report.status = FAILED
            if exc.file is None:
                exc.file = item.result.source
            item.report.messages.append(exc.located())
    if item.report.status != FAILED and item.result.account.defaulted:
        defaults = [f"{t}: defaulted to {_short(v)} ({why})" for t, v, why in item.result.account.defaulted
                    if t != "id"]
        if defaults:
            item.report.messages.extend(defaults)
            if item.report.status == OK:
                item.report.status = WARNING
