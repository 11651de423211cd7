"""The old Gateway's flattened CSV export (`datasets.v2.csv`): one dataset per row.

The columns are the v1 / Metadata Catalogue profile fields, so each row is read as a v1
record through the same crosswalk (extended in `crosswalks/hdruk-csv.yaml`). Revision
columns ("0.0.1", "2.0.0" … holding dataset ids) and "latest" become the record's revisions.
Every non-empty cell is one source value; locations are "row N, column C".
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from harmonise.accounting import Account
from harmonise.crosswalk import Context, Crosswalk, prune
from harmonise.errors import RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.sources import Source
from harmonise.mappings.hdruk import hooks

CROSSWALK = Path(__file__).resolve().parent / "crosswalks" / "hdruk-csv.yaml"
_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
#: Columns that, together, identify the export (v1 profile fields with the Gateway's id columns).
SIGNATURE = ("title", "publisher", "abstract", "contactPoint", "latest", "pid")


class HdrukCsvReader(Reader):
    name = "hdruk-csv"
    title = "HDR UK Gateway flattened CSV export (datasets.v2.csv: one row per dataset)"
    format_versions = ("1.1.7",)
    suffixes = (".csv",)

    def detect(self, source: Source) -> Detection | None:
        from harmonise.tabular import sniff_header

        header = sniff_header(source)
        if header is None:
            return None
        found = [name for name in SIGNATURE if name in header]
        revisions = sum(1 for name in header if _SEMVER.match(name))
        if len(found) == len(SIGNATURE) and revisions:
            return Detection(self.name, 0.9, f"header has {', '.join(SIGNATURE)} and {revisions} revision-version "
                                             "columns (Gateway CSV export)", "1.1.7")
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        from harmonise.tabular import iter_rows

        crosswalk = Crosswalk.load(CROSSWALK)
        for row in iter_rows(source, delimiter=","):
            yield self.convert_row(crosswalk, row.number, row.non_empty(), source.name)

    def convert_row(self, crosswalk: Crosswalk, number: int, cells: dict[str, str], source_name: str) -> RecordResult:
        account = Account(source_values=len(cells))
        result = RecordResult(source=source_name, pointer=f"row {number}", account=account, format_version="1.1.7")
        doc: dict[str, Any] = {}
        column_of: dict[str, str] = {}
        for column, value in cells.items():
            if _SEMVER.match(column) or column == "latest":
                doc.setdefault("revisions", {})[column] = value
                column_of[f"/revisions/{column}"] = column
            else:
                doc[column] = value
                column_of["/" + column.replace("~", "~0").replace("/", "~1")] = column

        def where(pointer: str) -> str:
            return f"row {number}, column {column_of.get(pointer, pointer.lstrip('/'))}"

        try:
            ctx = Context(account)
            ctx.state["annotation_prefix"] = "hdruk"
            crosswalk.apply(doc, account, hooks.HOOKS, context=ctx)
            hooks.finish_dataset_types(ctx)
            record = prune(ctx.out)
            # report locations as the table's own: row and column
            account.mapped[:] = [(where(p), t) for p, t in account.mapped]
            account.normalised[:] = [(where(p), *rest) for p, *rest in account.normalised]
            account.unmapped[:] = [(where(p), v, w) for p, v, w in account.unmapped]
            for extension in ctx.extensions:
                extension["source_pointer"] = where(extension["source_pointer"])
            for annotation in record.get("annotations", []):
                prefix, _, pointer = annotation["property"].partition(":")
                annotation["property"] = f"{prefix}:{column_of.get(pointer, pointer)}"
            if ctx.extensions:
                record["extensions"] = ctx.extensions
            if not record.get("title"):
                raise RecordError("required value missing (the model needs a title)", where=f"row {number}, column title")
            result.record = record
        except RecordError as exc:
            if exc.where and exc.where.startswith("/"):
                exc.where = where(exc.where)
            elif not exc.where:
                exc.where = f"row {number}"
            result.error = exc
        return result


READERS = [HdrukCsvReader()]
