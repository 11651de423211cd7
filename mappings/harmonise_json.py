"""The model's own JSON back in: one record, a DatasetCollection, an array, or JSON Lines.

Lets harmonised output be re-validated, re-exported to another format, or merged, without
going back to the source.
"""
from __future__ import annotations

from typing import Any, Iterator

import orjson

from harmonise.accounting import Account, leaves
from harmonise.errors import InputError, RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.sources import Source, iter_json_items


def _looks_like_model(doc: Any) -> bool:
    return isinstance(doc, dict) and "id" in doc and "title" in doc and (
        "conversion" in doc or not ({"summary", "@context", "required", "domainType"} & doc.keys())
    )


class HarmoniseJsonReader(Reader):
    name = "harmonise-json"
    title = "harmonise model JSON / JSON Lines (output of the json and jsonl writers)"
    format_versions = ("0.1",)
    suffixes = (".json", ".jsonl")

    def detect(self, source: Source) -> Detection | None:
        if source.suffix == ".jsonl":
            first = source.head_text().lstrip().split("\n", 1)[0]
            try:
                doc = orjson.loads(first)
            except orjson.JSONDecodeError:
                return None
            return Detection(self.name, 0.95, "JSON Lines of model records (id, title, conversion)") if _looks_like_model(doc) else None
        if not source.looks_like_json():
            return None
        doc = source.json_skeleton()
        if isinstance(doc, dict) and isinstance(doc.get("datasets"), list):
            doc = doc["datasets"][0] if doc["datasets"] else {}
            clue = "a DatasetCollection of model records"
        elif isinstance(doc, list):
            doc = doc[0] if doc else {}
            clue = "an array of model records"
        else:
            clue = "a model record (id, title and conversion provenance)"
        if _looks_like_model(doc):
            return Detection(self.name, 0.95 if "conversion" in doc else 0.6, clue)
        return None

    def records_at(self, source: Source) -> str | None:
        if source.suffix == ".jsonl":
            return "lines"
        doc = source.json_skeleton()
        if isinstance(doc, dict) and isinstance(doc.get("datasets"), list):
            return "datasets.item"
        return "item" if isinstance(doc, list) else None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        if source.suffix == ".jsonl":
            with source.path.open("rb") as fh:
                for number, line in enumerate(fh, start=1 + source.line_offset):
                    if not line.strip():
                        continue
                    pointer = f"line {number}"
                    try:
                        doc = orjson.loads(line)
                    except orjson.JSONDecodeError as exc:
                        yield RecordResult(source.name, pointer, error=RecordError(f"malformed JSON: {exc}"))
                        continue
                    yield self.convert(doc, source.name, pointer)
            return
        doc = source.json_skeleton()  # a bulk file is streamed, never loaded whole
        if isinstance(doc, dict) and isinstance(doc.get("datasets"), list):
            items = iter_json_items(source, "datasets.item")
            base = "/datasets"
        elif isinstance(doc, list):
            items = iter_json_items(source, "item")
            base = ""
        else:
            yield self.convert(source.json(), source.name, "")
            return
        for index, item in items:
            yield self.convert(item, source.name, f"{base}/{index}")

    def convert(self, doc: Any, source_name: str, pointer: str) -> RecordResult:
        account = Account()
        if not isinstance(doc, dict):
            return RecordResult(source_name, pointer, account=account,
                                error=RecordError(f"expected a JSON object, found {type(doc).__name__}"))
        for leaf_pointer, _value in leaves(doc):
            account.map(leaf_pointer, leaf_pointer[1:].replace("/", "."))
        account.source_values = len(account.mapped)
        record = dict(doc)
        conversion = record.get("conversion") or {}
        return RecordResult(source_name, pointer, record=record, account=account,
                            format_version=conversion.get("model_version"))


READERS = [HarmoniseJsonReader()]
