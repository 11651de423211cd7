"""Readers for HDR UK records held as JSON: one record per file, or many in one file.

Each reader is its crosswalk (data, in `crosswalks/`) plus the hooks for the irregular
parts; this module only finds the records in a file, checks the version, and wraps the
crosswalk's result.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Iterator

from harmonise.accounting import Account, count_source_values
from harmonise.crosswalk import Context, Crosswalk, prune
from harmonise.errors import RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.sources import Source, iter_json_items
from harmonise.mappings.hdruk import hooks
from harmonise.mappings.hdruk.versions import Hint, hint

CROSSWALK_DIR = Path(__file__).resolve().parent / "crosswalks"


def record_container(doc: Any) -> str | None:
    """Where the records sit in a bulk file (ijson prefix), or None for a single record."""
    if isinstance(doc, list):
        return "item"
    if isinstance(doc, dict):
        if isinstance(doc.get("dataModels"), list):
            return "dataModels.item"
        if isinstance(doc.get("items"), list) and ("query" in doc or "total" in doc):
            return "items.item"
        if isinstance(doc.get("datasets"), list) and "summary" not in doc:
            return "datasets.item"
    return None


def iter_records(source: Source) -> Iterator[tuple[str, Any]]:
    """(JSON Pointer, record) for each record in the file."""
    doc = source.json()
    prefix = record_container(doc)
    if prefix is None:
        yield "", doc
        return
    base = "/" + "/".join(prefix.split(".")[:-1]) if "." in prefix else ""
    for index, item in iter_json_items(source, prefix):
        yield f"{base}/{index}", item


def first_record(source: Source) -> Any:
    for _pointer, record in iter_records(source):
        return record
    return None


class HdrukJsonReader(Reader):
    """An HDR UK-family JSON record read through a crosswalk."""

    family: ClassVar[str] = "hdruk"
    schema_version: ClassVar[str] = "3.0"
    crosswalk_file: ClassVar[str] = "hdruk-3.0.yaml"
    suffixes = (".json",)
    #: model slot the model requires -> the source pointer that supplies it
    required: ClassVar[dict[str, str]] = {"title": "/summary/title"}
    #: pointers the source's own schema requires; when absent the report warns
    source_required: ClassVar[tuple[str, ...]] = ()

    def crosswalk(self) -> Crosswalk:
        return Crosswalk.load(CROSSWALK_DIR / self.crosswalk_file)

    def claims(self, found: Hint) -> bool:
        return found.reader == self.name

    def detect(self, source: Source) -> Detection | None:
        if not source.looks_like_json():
            return None
        found = hint(first_record(source))
        if found is None or not self.claims(found):
            return None
        return Detection(self.name, found.confidence, found.clue, found.version)

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        for pointer, doc in iter_records(source):
            yield self.convert(doc, source.name, pointer)

    def check_version(self, doc: Any) -> None:
        found = hint(doc)
        if found is not None and found.confidence >= 0.9 and not self.claims(found):
            raise RecordError(
                f"this is {found.reader} record ({found.clue}), not {self.name}; "
                f"convert it with --from {found.reader}, or leave --from out to detect it",
                where="",
            )

    def convert(self, doc: Any, source_name: str, pointer: str = "") -> RecordResult:
        account = Account(source_values=count_source_values(doc))
        result = RecordResult(source=source_name, pointer=pointer, account=account,
                              format_version=self.schema_version)
        try:
            if not isinstance(doc, dict):
                raise RecordError(f"expected a JSON object for a record, found {type(doc).__name__}", where="")
            self.check_version(doc)
            ctx = self.crosswalk().apply(doc, account, hooks.HOOKS)
            self.finish(ctx, doc)
            record = prune(ctx.out)
            if ctx.extensions:
                record["extensions"] = ctx.extensions
            self.check_required(record, doc, account)
            result.record = record
        except RecordError as exc:
            result.error = exc
        return result

    def finish(self, ctx: Context, doc: dict[str, Any]) -> None:
        """Work that needs the whole record (hooks that collect, then build)."""
        hooks.finish_dataset_types(ctx)

    def check_required(self, record: dict[str, Any], doc: dict[str, Any], account: Account) -> None:
        for slot, source_pointer in self.required.items():
            if not record.get(slot):
                raise RecordError(f"required value missing ({self.name} requires it; the model needs {slot})",
                                  where=source_pointer)
        for source_pointer in self.source_required:
            if _resolve(doc, source_pointer) in (None, "", [], {}):
                account.warn(f"{source_pointer}: {self.name} requires this value; the source has none")


def _resolve(doc: Any, pointer: str) -> Any:
    node = doc
    for part in pointer.strip("/").split("/"):
        if isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


class Hdruk30Reader(HdrukJsonReader):
    name = "hdruk-3.0"
    title = "HDR UK Dataset Schema 3.0.x (JSON), including early 3.0 drafts"
    format_versions = ("3.0.0",)
    schema_version = "3.0"
    crosswalk_file = "hdruk-3.0.yaml"
    source_required = ("/summary/abstract", "/summary/contactPoint", "/summary/dataCustodian",
                       "/provenance/temporal/startDate", "/accessibility/access/accessRights")


class Hdruk40Reader(HdrukJsonReader):
    name = "hdruk-4.0"
    title = "HDR UK Dataset Schema 4.0.x (JSON)"
    format_versions = ("4.0.0",)
    schema_version = "4.0"
    crosswalk_file = "hdruk-4.0.yaml"
    source_required = Hdruk30Reader.source_required
