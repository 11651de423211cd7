"""Writer `csv`: the model as a folder of RFC 4180 tables, one per class, joined by ids.

Layout (UTF-8, header row, CRLF line ends, fields quoted only when needed):

    datasets.csv  agents.csv  contact_points.csv  locations.csv  periods.csv  revisions.csv
    dataset_types.csv  dataset_references.csv  observations.csv  tables.csv  variables.csv
    values.csv  age_frequencies.csv  ethnicity_frequencies.csv  disease_frequencies.csv
    distributions.csv  annotations.csv  extensions.csv  conversions.csv

Every table starts with the same five columns, then the class's own slots in model order:

    row_id      this row's id: the dataset id for datasets, else <parent row_id>/<slot>/<n>
    dataset_id  the record's id (join every table to datasets.csv on it)
    parent_id   row_id of the row this one hangs from (empty for datasets)
    slot        the parent's slot holding this row (publisher, creators, tables, variables …)
    position    0-based position in that slot's list (empty for single-valued slots)

Multi-valued fields (keywords, themes, sub_types …) are one cell: values joined by " | ";
a literal "|" inside a value is written "\\|" and a backslash "\\\\". Booleans are
"true"/"false", integers decimal, dates as written. An empty cell means "no value".
`harmonise-csv` (mappings/harmonise_csv.py) reads such a folder back into the same records.
"""
from __future__ import annotations

import csv
import functools
import io
import re
from pathlib import Path
from typing import Any, Iterator

from harmonise.mapping import RecordResult, Sink, WriteOptions, Writer

#: class -> table file stem (fixed; documents the folder layout)
CLASS_TABLES: dict[str, str] = {
    "Dataset": "datasets",
    "Agent": "agents",
    "ContactPoint": "contact_points",
    "Location": "locations",
    "PeriodOfTime": "periods",
    "Revision": "revisions",
    "DatasetTypeAssignment": "dataset_types",
    "DatasetReference": "dataset_references",
    "Observation": "observations",
    "Table": "tables",
    "Variable": "variables",
    "ValueSetEntry": "values",
    "AgeFrequency": "age_frequencies",
    "EthnicityFrequency": "ethnicity_frequencies",
    "DiseaseFrequency": "disease_frequencies",
    "Distribution": "distributions",
    "Annotation": "annotations",
    "ExtensionValue": "extensions",
    "ConversionProvenance": "conversions",
}
KEY_COLUMNS = ["row_id", "dataset_id", "parent_id", "slot", "position"]
SEPARATOR = " | "
#: write buffer per table file (a record adds ~9 KB over its tables; 8 KiB buffers meant a system call per record or more)
_BUFFER = 1 << 18


def model_classes():
    from harmonise.mappings.dcat.schema_info import model_info

    return model_info().classes


@functools.lru_cache(maxsize=1)
def table_columns() -> dict[str, list[str]]:
    """class -> the table's columns: the key columns, then every non-object slot in model order."""
    from harmonise.mappings.dcat.schema_info import OBJECT

    out = {}
    for cls, table in CLASS_TABLES.items():
        slots = model_classes()[cls].slots
        out[cls] = KEY_COLUMNS + [s.name for s in slots.values() if s.kind != OBJECT]
    return out


def escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|")


def split_multi(cell: str) -> list[str]:
    """Inverse of the multi-value join: split on unescaped " | " and unescape."""
    out, buf, i = [], [], 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell):
            buf.append(cell[i + 1])
            i += 2
            continue
        if cell.startswith(SEPARATOR, i):
            out.append("".join(buf))
            buf = []
            i += len(SEPARATOR)
            continue
        buf.append(ch)
        i += 1
    out.append("".join(buf))
    return out


def cell(value: Any, multivalued: bool) -> str:
    if value is None:
        return ""
    if multivalued:
        return SEPARATOR.join(escape(cell(v, False)) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@functools.lru_cache(maxsize=1)
def _plans() -> dict[str, tuple[int, dict[str, tuple[int, bool]], tuple[tuple[str, bool, str], ...]]]:
    """class -> (number of slot columns, slot -> (column index, multivalued), object slots in
    model order as (slot, multivalued, range class)): table_columns as lookups, made once."""
    from harmonise.mappings.dcat.schema_info import OBJECT

    classes = model_classes()
    out = {}
    for cls, columns in table_columns().items():
        slots = classes[cls].slots
        index = {name: (i, slots[name].multivalued) for i, name in enumerate(columns) if i >= len(KEY_COLUMNS)}
        objects = tuple((name, info.multivalued, info.range) for name, info in slots.items() if info.kind == OBJECT)
        out[cls] = (len(columns) - len(KEY_COLUMNS), index, objects)
    return out


def rows(record: dict[str, Any]) -> Iterator[tuple[str, list[str]]]:
    """(class, row) for every object in the record, parents before children."""
    return iter(record_rows(record))


def record_rows(record: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(class, row) for every object in the record, parents before children (depth first, object
    slots in model order). A row starts empty ("" in every slot column) and gets the cells of the
    slots the object holds: objects are sparse, so this visits only what is there."""
    plans = _plans()
    dataset_id = record["id"]
    out: list[tuple[str, list[str]]] = []
    append = out.append

    def walk(cls: str, data: dict[str, Any], row_id: str, parent: str, slot: str, position: str) -> None:
        width, index, objects = plans[cls]
        row = [row_id, dataset_id, parent, slot, position]
        row += [""] * width
        for name, value in data.items():
            column = index.get(name)
            if column is None or value is None:
                continue
            if value.__class__ is str and not column[1]:
                row[column[0]] = value
            else:
                row[column[0]] = cell(value, column[1])
        append((cls, row))
        for name, multivalued, range_ in objects:
            value = data.get(name)
            if value is None or value == []:
                continue
            if multivalued:
                head = f"{row_id}/{name}/"
                for position_, item in enumerate(value):
                    walk(range_, item, f"{head}{position_}", row_id, name, str(position_))
            else:
                walk(range_, value, f"{row_id}/{name}", row_id, name, "")

    walk("Dataset", record, dataset_id, "", "", "")
    return out


#: a cell csv.writer quotes (QUOTE_MINIMAL, delimiter ",", quote '"', line end CRLF)
_QUOTED = re.compile('[,"\r\n]')


def csv_line(row: list[str]) -> str:
    """One row of string cells as csv.writer(lineterminator="\r\n") writes it (RFC 4180: a
    cell holding , " CR or LF is quoted, quotes doubled), without its per-cell machinery: most
    rows need no quoting, which one join and a count tell."""
    if len(row) < 2:   # csv.writer quotes a lone empty cell: leave such rows to it
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(row)
        return out.getvalue()
    text = ",".join(row)
    if '"' not in text and "\r" not in text and "\n" not in text and text.count(",") == len(row) - 1:
        return text + "\r\n"
    return ",".join([f'"{c.replace(chr(34), chr(34) * 2)}"' if _QUOTED.search(c) else c for c in row]) + "\r\n"


class CsvWriter(Writer):
    name = "csv"
    title = "CSV tables (RFC 4180), one per class (datasets, agents, tables, variables, values …), joined by ids"
    suffix = ".csv"

    def open(self, out_dir: Path, options: WriteOptions) -> Sink:
        return _CsvSink(out_dir / "csv")

    def encoder(self, options: WriteOptions):
        return encode_text


def encode_rows(record: Any, result: RecordResult | None = None) -> list[tuple[str, list[str]]]:
    """One record's rows, (class, cells), in writing order (`--jobs N` makes them in the workers)."""
    from harmonise.writers.json import record_dict

    return record_rows(record if isinstance(record, dict) else record_dict(record))


def encode_text(record: Any, result: RecordResult | None = None) -> dict[str, str]:
    """One record's CSV lines per table (class -> text), in writing order: made in the
    `--jobs N` workers, so the main process only appends text to the tables."""
    grouped: dict[str, list[str]] = {}
    for cls, row in encode_rows(record, result):
        found = grouped.get(cls)
        if found is None:
            grouped[cls] = [csv_line(row)]
        else:
            found.append(csv_line(row))
    return {cls: "".join(lines) for cls, lines in grouped.items()}


class _CsvSink(Sink):
    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.handles = {}
        self.writers = {}
        for cls, stem in CLASS_TABLES.items():
            handle = (folder / f"{stem}.csv").open("w", encoding="utf-8", newline="", buffering=_BUFFER)
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(table_columns()[cls])
            self.handles[cls] = handle
            self.writers[cls] = writer

    def write(self, record: Any, result: RecordResult) -> None:
        self.write_encoded(encode_text(record, result), result)

    def write_encoded(self, payload: dict[str, str], result: RecordResult) -> None:
        handles = self.handles
        for cls, text in payload.items():
            handles[cls].write(text)

    def close(self) -> list[Path]:
        paths = []
        for cls, handle in self.handles.items():
            handle.close()
            paths.append(self.folder / f"{CLASS_TABLES[cls]}.csv")
        return paths


WRITERS = [CsvWriter()]
