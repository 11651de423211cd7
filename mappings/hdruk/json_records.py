"""Readers for HDR UK records held as JSON: one record per file, or many in one file.

Each reader is its crosswalk (data, in `crosswalks/`) plus the hooks for the irregular
parts; this module only finds the records in a file, checks the version, and wraps the
crosswalk's result.

Bulk files (`{"count": …, "dataModels": […]}` Gateway exports, JSON arrays, GMI listings)
stream record by record: the container is found from the first parse events, large files
are read with ijson, and a truncated file still yields its complete records, then one
located failure for the part that broke.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, ClassVar, Iterator

import orjson

from harmonise.accounting import Account, count_source_values
from harmonise.crosswalk import Context, Crosswalk, pruned_output
from harmonise.errors import InputError, RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.sources import WHOLE_JSON_LIMIT, Source, iter_json_items
from harmonise.mappings.hdruk import hooks
from harmonise.mappings.hdruk.versions import Hint, hint, listing_hint

CROSSWALK_DIR = Path(__file__).resolve().parent / "crosswalks"

#: Top-level keys of bulk files whose array holds the records.
CONTAINER_KEYS = ("dataModels", "items", "datasets")
#: Top-level keys that may come before the container key in a bulk file.
WRAPPER_KEYS = frozenset({"count", "total", "query", "limit", "offset", "next", "@context"})


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


def sniff_container(source: Source) -> str | None:
    """The container of a bulk file from its first parse events, without reading it whole.

    Stops at the first top-level key that is neither a wrapper ("count", "query" …) nor a
    container, so a single record costs a few events.
    """
    import ijson

    seen_wrapper = False
    with source.path.open("rb") as fh:
        events = ijson.parse(fh, use_float=True)
        try:
            for prefix, event, value in events:
                if prefix == "" and event == "start_array":
                    return "item"
                if prefix == "" and event == "map_key":
                    if value in CONTAINER_KEYS:
                        _, next_event, _ = next(events)
                        if next_event == "start_array" and (value != "items" or seen_wrapper or True):
                            return f"{value}.item"
                        return None
                    if value in WRAPPER_KEYS:
                        seen_wrapper = True
                        continue
                    return None
        except (ijson.common.IncompleteJSONError, ijson.common.JSONError, StopIteration):
            return None
    return None


class Broken:
    """Stands in for the rest of a bulk file that could not be parsed."""

    def __init__(self, message: str):
        self.message = message


def iter_records(source: Source) -> Iterator[tuple[str, Any]]:
    """(JSON Pointer, record) for each record in the file; a `Broken` item ends a damaged file."""
    prefix = sniff_container(source)
    if prefix is None:
        yield "", source.json()
        return
    base = "/" + "/".join(prefix.split(".")[:-1]) if "." in prefix else ""
    if source.size <= WHOLE_JSON_LIMIT:
        try:
            source.json()
        except InputError:
            yield from _stream(source, prefix, base)
            return
    for index, item in iter_json_items(source, prefix):
        yield f"{base}/{index}", item


def _stream(source: Source, prefix: str, base: str) -> Iterator[tuple[str, Any]]:
    import ijson

    index = -1
    with source.path.open("rb") as fh:
        try:
            for index, item in enumerate(ijson.items(fh, prefix, use_float=True)):
                yield f"{base}/{index}", item
        except (ijson.common.IncompleteJSONError, ijson.common.JSONError) as exc:
            yield f"{base}/{index + 1}", Broken(f"truncated or malformed JSON after record {index + 1} "
                                                f"({index + 1} complete records read): {exc}")


def first_record(source: Source) -> Any:
    try:
        for _pointer, record in iter_records(source):
            return None if isinstance(record, Broken) else record
    except InputError:
        return None
    return None


def source_hint(source: Source) -> Hint | None:
    """The clue that decides a file: a GMI listing first, else its first record's hint."""
    if not source.looks_like_json():
        return None
    if sniff_container(source) == "items.item":
        try:
            for _pointer, item in iter_records(source):
                if isinstance(item, dict) and ("persistentId" in item or "self" in item):
                    return listing_hint({"items": [item]})
                break
        except InputError:
            return None
    return hint(first_record(source))


class HdrukJsonReader(Reader):
    """An HDR UK-family JSON record read through a crosswalk."""

    family: ClassVar[str] = "hdruk"
    schema_version: ClassVar[str] = "3.0"
    crosswalk_file: ClassVar[str] = "hdruk-3.0.yaml"
    annotation_prefix: ClassVar[str] = "hdruk"
    suffixes = (".json",)
    #: model slot the model requires -> the source pointer that supplies it
    required: ClassVar[dict[str, str]] = {"title": "/summary/title"}
    #: pointers the source's own schema requires; when absent the report warns
    source_required: ClassVar[tuple[str, ...]] = ()
    #: fields the format lets hold a string or a list: where the source has a list, an
    #: annotation (hdruk:array-shaped) records it so writing the same format gives a list back
    string_or_list: ClassVar[tuple[str, ...]] = ()

    def crosswalk(self) -> Crosswalk:
        found = self.__dict__.get("_crosswalk")
        if found is None:  # once per reader: the path arithmetic costs more than a record's title
            found = self.__dict__["_crosswalk"] = Crosswalk.load(CROSSWALK_DIR / self.crosswalk_file)
        return found

    def claims(self, found: Hint) -> bool:
        return found.reader == self.name

    def detect(self, source: Source) -> Detection | None:
        found = source_hint(source)
        if found is None or not self.claims(found):
            return None
        return Detection(self.name, found.confidence, found.clue, found.version)

    def records_at(self, source: Source) -> str | None:
        """The array of records of a bulk export (lets `--jobs N` split it into shards)."""
        return sniff_container(source)

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        for pointer, doc in iter_records(source):
            if isinstance(doc, Broken):
                yield RecordResult(source=source.name, pointer=pointer, format_version=self.schema_version,
                                   error=RecordError(doc.message, where=""))
                return
            yield self.convert(doc, source.name, pointer, events=options.events)

    def check_version(self, doc: Any) -> None:
        found = hint(doc)
        if found is not None and found.confidence >= 0.9 and not self.claims(found):
            raise RecordError(
                f"this is {found.reader} record ({found.clue}), not {self.name}; "
                f"convert it with --from {found.reader}, or leave --from out to detect it",
                where="",
            )

    def convert(self, doc: Any, source_name: str, pointer: str = "", events: bool = True) -> RecordResult:
        account = Account()
        result = RecordResult(source=source_name, pointer=pointer, account=account,
                              format_version=self.schema_version)
        counted = False
        try:
            if not isinstance(doc, dict):
                raise RecordError(f"expected a JSON object for a record, found {_json_type(doc)}", where="")
            self.check_version(doc)
            ctx = Context(account)
            ctx.tidy = True  # the HDR UK hooks keep it (see hooks.py): prune only when the walk left a gap
            ctx.state["annotation_prefix"] = self.annotation_prefix
            # the compiled walk counts the record's source values as it goes (no second pass)
            _, account.source_values = self.crosswalk().apply_counted(doc, account, hooks.HOOKS, context=ctx,
                                                                      events=events)
            counted = True
            self.finish(ctx, doc)
            subtypes = [s for _p, _o, subs, _w in ctx.state.get("subtypes", []) for s in subs]
            if len(subtypes) > 1:  # the model groups subtypes under types; keep the flat order too
                ctx.out.setdefault("annotations", []).append(
                    {"property": "hdruk:subtype-order", "value": orjson.dumps(subtypes).decode()})
            for pointer in self.string_or_list:
                value = _resolve(doc, pointer)
                if isinstance(value, list) and any(v not in (None, "") for v in value):
                    ctx.out.setdefault("annotations", []).append({"property": "hdruk:array-shaped", "value": pointer})
            record = pruned_output(ctx)
            if ctx.extensions:
                record["extensions"] = ctx.extensions
            self.check_required(record, doc, account)
            result.record = record
        except RecordError as exc:
            if not counted:
                account.source_values = count_source_values(doc)
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
    for part in _parts(pointer):
        if isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


@functools.lru_cache(maxsize=256)
def _parts(pointer: str) -> tuple[str, ...]:
    return tuple(pointer.strip("/").split("/"))


class Hdruk30Reader(HdrukJsonReader):
    name = "hdruk-3.0"
    title = "HDR UK Dataset Schema 3.0.x (JSON), including early 3.0 drafts"
    format_versions = ("3.0.0",)
    schema_version = "3.0"
    crosswalk_file = "hdruk-3.0.yaml"
    source_required = ("/summary/abstract", "/summary/contactPoint", "/summary/dataCustodian",
                       "/provenance/temporal/startDate", "/accessibility/access/accessRights")
    string_or_list = ("/summary/alternateIdentifiers", "/summary/dataCustodian/contactPoint", "/coverage/spatial",
                      "/documentation/associatedMedia", "/accessibility/usage/resourceCreator")


class Hdruk40Reader(HdrukJsonReader):
    name = "hdruk-4.0"
    title = "HDR UK Dataset Schema 4.0.x (JSON)"
    format_versions = ("4.0.0",)
    schema_version = "4.0"
    crosswalk_file = "hdruk-4.0.yaml"
    source_required = Hdruk30Reader.source_required
    string_or_list = ("/summary/datasetAliases", "/summary/dataCustodian/contactPoint", "/coverage/spatial",
                      "/documentation/associatedMedia", "/accessibility/usage/resourceCreator")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "null" if value is None else type(value).__name__


_2X_REQUIRED = ("/summary/abstract", "/summary/publisher", "/summary/contactPoint", "/accessibility/access/accessRights")


class Hdruk20Reader(HdrukJsonReader):
    name = "hdruk-2.0"
    title = "HDR UK Dataset Schema 2.0.x (JSON), incl. the 2020 Gateway bulk export"
    format_versions = ("2.0.0", "2.0.1", "2.0.2")
    schema_version = "2.0"
    crosswalk_file = "hdruk-2.0.yaml"
    source_required = _2X_REQUIRED


class Hdruk21Reader(HdrukJsonReader):
    name = "hdruk-2.1"
    title = "HDR UK Dataset Schema 2.1.x (JSON), incl. FMA/GMI payloads"
    format_versions = ("2.1.0", "2.1.1", "2.1.2", "2.1.3")
    schema_version = "2.1"
    crosswalk_file = "hdruk-2.1.yaml"
    source_required = _2X_REQUIRED


class Hdruk22Reader(HdrukJsonReader):
    name = "hdruk-2.2"
    title = "HDR UK Dataset Schema 2.2.x (JSON)"
    format_versions = ("2.2.0", "2.2.1")
    schema_version = "2.2"
    crosswalk_file = "hdruk-2.2.yaml"
    source_required = _2X_REQUIRED


class Gwdm20Reader(HdrukJsonReader):
    name = "gwdm-2.0"
    title = "HDR UK Gateway Data Model (GWDM) 2.x (JSON)"
    format_versions = ("2.0", "2.1")
    schema_version = "2.0"
    crosswalk_file = "gwdm-2.0.yaml"
    annotation_prefix = "gwdm"
    source_required = ("/required/gatewayPid", "/summary/abstract")


class Gwdm1Reader(HdrukJsonReader):
    name = "gwdm-1.x"
    title = "HDR UK Gateway Data Model (GWDM) 1.0-1.2 (JSON)"
    format_versions = ("1.0", "1.1", "1.2")
    schema_version = "1.0"
    crosswalk_file = "gwdm-1.0.yaml"
    annotation_prefix = "gwdm"
    source_required = ("/required/gatewayPid", "/summary/abstract")


class HdrukV1Reader(HdrukJsonReader):
    name = "hdruk-v1"
    title = "HDR UK v1 / Metadata Catalogue DataModel records (MVP 1.1.7, flat, with dataClasses)"
    format_versions = ("1.1.7",)
    schema_version = "1.1.7"
    crosswalk_file = "hdruk-v1.yaml"
    required = {"title": "/title"}
    source_required = ("/abstract", "/publisher", "/contactPoint")


class GmiListingReader(HdrukJsonReader):
    """Each item of a GMI/FMA `/datasets` listing is a (summary) record."""

    name = "hdruk-gmi"
    title = "HDR UK Gateway Metadata Integration (GMI/FMA) /datasets listing"
    format_versions = ("1",)
    schema_version = "1"
    crosswalk_file = "gmi.yaml"
    annotation_prefix = "gmi"
    required = {"title": "/name"}
    source_required = ("/persistentId", "/version", "/self")

    def check_version(self, doc: Any) -> None:
        return None

    def finish(self, ctx: Context, doc: dict[str, Any]) -> None:
        return None
