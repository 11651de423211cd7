"""Reader `harmonise-csv`: a folder written by the `csv` writer, back into the same model records.

Point it at the folder (or at its datasets.csv): datasets.csv drives the records and the
other tables are joined on `dataset_id` / `parent_id` (layout: harmonise/writers/csv.py).
The sibling tables are claimed too, so converting the folder does not hand them to other
readers; they yield no records of their own. Every non-empty cell is one source value.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

from harmonise.accounting import Account
from harmonise.errors import InputError, RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.sources import Source

HEADER_START = "row_id,dataset_id,parent_id,slot,position"


class HarmoniseCsvReader(Reader):
    name = "harmonise-csv"
    title = "harmonise CSV tables (output of the csv writer: datasets.csv + one table per class)"
    format_versions = ("0.1",)
    suffixes = (".csv",)

    def detect(self, source: Source) -> Detection | None:
        if source.suffix != ".csv":
            return None
        first = source.head_text().lstrip("\ufeff").split("\n", 1)[0].strip()
        if first.startswith(HEADER_START):
            clue = "datasets.csv of a harmonise CSV folder" if source.path.name == "datasets.csv" else \
                "a table of a harmonise CSV folder (read with its datasets.csv)"
            return Detection(self.name, 0.97, clue)
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        from harmonise.writers.csv import CLASS_TABLES

        folder = source.path if source.path.is_dir() else source.path.parent
        if source.path.is_file() and source.path.name != "datasets.csv":
            return  # a sibling table: read together with datasets.csv
        stems = {stem: cls for cls, stem in CLASS_TABLES.items()}
        # children grouped by parent row id, per table, in file order
        children: dict[str, list[tuple[str, dict[str, str], int]]] = defaultdict(list)
        for stem, cls in stems.items():
            if cls == "Dataset":
                continue
            path = folder / f"{stem}.csv"
            if not path.exists():
                continue
            for number, row in self._rows(path, source):
                children[row.get("parent_id", "")].append((cls, row, number, stem))
        for number, row in self._rows(folder / "datasets.csv", source):
            account = Account()
            pointer = f"row {number}"
            try:
                record = self._build("Dataset", row, children, account, f"datasets.csv row {number}")
            except RecordError as exc:
                yield RecordResult(source.name, pointer, account=account, error=exc)
                continue
            yield RecordResult(source.name, pointer, record=record, account=account,
                               format_version="0.1")

    def _rows(self, path: Path, source: Source) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                if not reader.fieldnames or ",".join(reader.fieldnames[:5]) != HEADER_START:
                    raise InputError(f"{path.name}: not a harmonise CSV table (header must start {HEADER_START})",
                                     file=source.name, where="row 1")
                for number, row in enumerate(reader, start=2):
                    yield number, row
        except UnicodeDecodeError as exc:
            raise InputError(f"{path.name}: not UTF-8 ({exc})", file=source.name) from None

    def _build(self, cls: str, row: dict[str, str], children, account: Account, where: str) -> dict[str, Any]:
        from harmonise.mappings.dcat.schema_info import BOOLEAN, INTEGER, OBJECT, model_info
        from harmonise.writers.csv import KEY_COLUMNS, split_multi

        slots = model_info().classes[cls].slots
        out: dict[str, Any] = {}
        for column, text in row.items():
            if column is None or text is None or text == "":
                continue
            account.source_values += 1
            pointer = f"{where}, column {column}"
            if column in KEY_COLUMNS:
                account.map(pointer, "(join key)")
                continue
            info = slots.get(column)
            if info is None or info.kind == OBJECT:
                account.unmap(pointer, text, "no_target")
                out.setdefault("extensions", []) if cls == "Dataset" else None
                continue
            values = split_multi(text) if info.multivalued else [text]
            converted = []
            for value in values:
                if info.kind == INTEGER:
                    try:
                        converted.append(int(value))
                    except ValueError:
                        raise RecordError(f"{column}: not an integer: {value!r}", where=pointer) from None
                elif info.kind == BOOLEAN:
                    if value not in ("true", "false"):
                        raise RecordError(f"{column}: not true/false: {value!r}", where=pointer)
                    converted.append(value == "true")
                else:
                    converted.append(value)
            out[column] = converted if info.multivalued else converted[0]
            account.map(pointer, column if cls == "Dataset" else f"{cls}.{column}")
        row_id = row.get("row_id", "")
        for child_cls, child_row, number, stem in children.get(row_id, ()):
            slot = child_row.get("slot", "")
            info = slots.get(slot)
            if info is None or info.kind != OBJECT:
                raise RecordError(f"{stem}.csv row {number}: {cls} has no slot {slot!r}")
            child = self._build(child_cls, child_row, children, account, f"{stem}.csv row {number}")
            if info.multivalued:
                out.setdefault(slot, []).append(child)
            else:
                out[slot] = child
        return out


READERS = [HarmoniseCsvReader()]
