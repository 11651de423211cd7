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
from collections import defaultdict
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
#: records whose lines the sink keeps before writing them (about 15 KB each on HDR UK 2.1 records)
_FLUSH_RECORDS = 128


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


# -- the fast encoder ----------------------------------------------------------------------------
# record_rows + csv_line above are the reference (plain) encoder; the fast path below writes the
# same text (tests/test_csv_fast_path.py compares them on corpus and hypothesis records) with
# less Python per cell: one walk that makes each line straight from the object's items.

_Q, _QQ = '"', '""'
#: list positions as text, made once ("0", "1", …)
_POSITIONS = tuple(str(i) for i in range(1024))


def needs_quotes(text: str) -> bool:
    """Whether csv.writer (QUOTE_MINIMAL, delimiter ",", quote '"', CRLF) quotes this cell."""
    return '"' in text or "," in text or "\n" in text or "\r" in text


def plain_text(record: dict[str, Any]) -> dict[str, str]:
    """The reference encoder: record_rows written by csv.writer, one buffer per table."""
    buffers: dict[str, io.StringIO] = {}
    for cls, row in record_rows(record):
        found = buffers.get(cls)
        if found is None:
            found = buffers[cls] = io.StringIO()
        csv.writer(found, lineterminator="\r\n").writerow(row)
    return {cls: b.getvalue() for cls, b in buffers.items()}


@functools.lru_cache(maxsize=1)
def _line_plans() -> dict[str, tuple[list[str], Any, dict[str, bool], tuple[tuple[str, bool, str], ...]]]:
    """class -> (its line's cells when the object holds nothing: [key text] + "" per slot
    column, column_of(slot, 0) -> cell index, > 0 for single-valued string slots, ~index (< 0)
    for the others (multivalued, boolean, integer), 0 for slots without a column; the latter
    slots -> multivalued; object slots as in _plans)."""
    from harmonise.mappings.dcat.schema_info import DATE, ENUM, STRING, URI

    strings = {STRING, URI, DATE, ENUM}   # slot kinds whose values are strings in the model's JSON data
    classes = model_classes()
    out = {}
    shift = len(KEY_COLUMNS) - 1   # the five key cells are one cell of text in the fast path
    for cls, (width, index, objects) in _plans().items():
        slots = classes[cls].slots
        columns = {}
        for name, (i, multivalued) in index.items():
            plain = not multivalued and slots[name].kind in strings
            columns[name] = i - shift if plain else ~(i - shift)
        special = {name: index[name][1] for name, c in columns.items() if c < 0}
        out[cls] = ([""] * (width + 1), columns.get, special, objects)
    return out


def _encode_into(record: dict[str, Any], out: dict[str, list[str]]) -> bool:
    """Append the record's CSV lines (without line ends) to out[class], in record_rows' order
    (parents before children, depth first, object slots in model order). Returns False, maybe
    having appended some lines, for a record the fast path leaves to the reference: a dataset id
    csv.writer would quote, or a value of a type the model's JSON data does not give its slot
    (None, a number or a str subclass in a string slot, a list of numbers in a multivalued one …).

    Per object: the line starts as the class's empty cells; only the items the object holds are
    visited; a string cell is quoted (as csv.writer does: it holds , " CR or LF) when set. The
    five key cells are one text made of the dataset id, slot names and positions, none of which
    needs quoting once the dataset id does not. CR and LF, rare in cells, are looked for once
    per line and only then per cell (a cell already quoted starts with ", one not yet quoted
    cannot)."""
    dataset_id = record["id"]
    if dataset_id.__class__ is not str or needs_quotes(dataset_id):
        return False
    plans = _line_plans()

    def walk(cls: str, items: Any, head: str, tail: str) -> None:
        empty, column_of, special, objects = plans[cls]
        append = out[cls].append
        for position, data in items:
            row = empty.copy()
            row[0] = f"{head}{position}{tail}{position}"
            more = False   # the object holds a slot without a column (an object slot?)
            for name, value in data.items():
                column = column_of(name, 0)
                if column > 0 and value.__class__ is str:   # a single-valued string slot
                    if '"' in value or "," in value:
                        value = f'"{value.replace(_Q, _QQ)}"'
                    row[column] = value
                elif column == 0:
                    more = True
                elif column > 0:
                    raise TypeError("not a str")   # the reference writes str(value): leave it that
                elif value is None:
                    continue
                elif special[name]:   # multivalued: a list of strings
                    for item in value:
                        if item.__class__ is not str:
                            raise TypeError("not a str")
                    text = SEPARATOR.join(value)
                    if "\\" in text or text.count("|") != len(value) - 1:
                        text = cell(value, True)   # some value holds | or \: escape
                    if '"' in text or "," in text or "\n" in text or "\r" in text:
                        text = f'"{text.replace(_Q, _QQ)}"'
                    row[~column] = text
                elif value is True:
                    row[~column] = "true"
                elif value is False:
                    row[~column] = "false"
                elif value.__class__ is int:
                    row[~column] = str(value)
                else:
                    text = cell(value, False)
                    if '"' in text or "," in text or "\n" in text or "\r" in text:
                        text = f'"{text.replace(_Q, _QQ)}"'
                    row[~column] = text
            line = ",".join(row)
            if "\n" in line or "\r" in line:
                line = ",".join([f'"{c}"' if c and c[0] != '"' and ("\n" in c or "\r" in c) else c for c in row])
            append(line)
            if more and objects:
                row_id = f"{head}{position}"
                for name, multivalued, range_ in objects:
                    value = data.get(name)
                    if value is None or value == []:
                        continue
                    tail_ = f",{dataset_id},{row_id},{name},"
                    if not multivalued:
                        walk(range_, (("", value),), f"{row_id}/{name}", tail_)
                    elif len(value) <= len(_POSITIONS):
                        walk(range_, zip(_POSITIONS, value), f"{row_id}/{name}/", tail_)
                    else:
                        walk(range_, zip(map(str, range(len(value))), value), f"{row_id}/{name}/", tail_)

    try:
        walk("Dataset", (("", record),), dataset_id, f",{dataset_id},,,")
    except (TypeError, AttributeError):
        return False
    finally:
        walk = None   # the closure refers to itself: break the cycle so no garbage waits for gc
    return True


class CsvWriter(Writer):
    name = "csv"
    title = "CSV tables (RFC 4180), one per class (datasets, agents, tables, variables, values …), joined by ids"
    suffix = ".csv"

    def open(self, out_dir: Path, options: WriteOptions) -> Sink:
        return _CsvSink(out_dir / "csv")

    def encoder(self, options: WriteOptions):
        return encode_text


def _as_dict(record: Any) -> dict[str, Any]:
    if isinstance(record, dict):
        return record
    from harmonise.writers.json import record_dict

    return record_dict(record)


def encode_rows(record: Any, result: RecordResult | None = None) -> list[tuple[str, list[str]]]:
    """One record's rows, (class, cells), in writing order."""
    return record_rows(_as_dict(record))


def encode_text(record: Any, result: RecordResult | None = None) -> dict[str, str]:
    """One record's CSV lines per table (class -> text), in writing order: made in the
    `--jobs N` workers, so the main process only appends text to the tables."""
    record = _as_dict(record)
    out: defaultdict[str, list[str]] = defaultdict(list)
    if not _encode_into(record, out):
        return plain_text(record)
    return {cls: "\r\n".join(lines) + "\r\n" for cls, lines in out.items()}


class _CsvSink(Sink):
    """The 19 tables. Lines of records given to `write` wait in one list per table (without line
    ends) and go to the files every _FLUSH_RECORDS records, one write per table: not a write per
    table per record."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.handles = {}
        self.pending: dict[str, list[str]] = {}
        self.waiting = 0
        for cls, stem in CLASS_TABLES.items():
            handle = (folder / f"{stem}.csv").open("w", encoding="utf-8", newline="", buffering=_BUFFER)
            handle.write(csv_line(table_columns()[cls]))
            self.handles[cls] = handle
            self.pending[cls] = []

    def write(self, record: Any, result: RecordResult) -> None:
        record = _as_dict(record)
        pending = self.pending
        sizes = list(map(len, pending.values()))
        if not _encode_into(record, pending):
            for lines, size in zip(pending.values(), sizes):
                del lines[size:]
            for cls, text in plain_text(record).items():
                pending[cls].append(text[:-2])   # its lines, less the last CRLF (flush adds it)
        self.waiting += 1
        if self.waiting >= _FLUSH_RECORDS:
            self.flush()

    def write_encoded(self, payload: dict[str, str], result: RecordResult) -> None:
        """A record's text per table made by encode_text (in a --jobs worker): straight to the
        buffered files, after any lines still waiting."""
        if self.waiting:
            self.flush()
        handles = self.handles
        for cls, text in payload.items():
            handles[cls].write(text)

    def flush(self) -> None:
        handles = self.handles
        for cls, lines in self.pending.items():
            if lines:
                lines.append("")
                handles[cls].write("\r\n".join(lines))
                lines.clear()
        self.waiting = 0

    def close(self) -> list[Path]:
        self.flush()
        paths = []
        for cls, handle in self.handles.items():
            handle.close()
            paths.append(self.folder / f"{CLASS_TABLES[cls]}.csv")
        return paths


WRITERS = [CsvWriter()]
