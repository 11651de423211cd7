"""Reader `nhs-hes-tos`: the HES Technical Output Specification (TOS), as CSV or as JSON.

CSV: one TOS sheet saved as CSV (`HES APC TOS` …): row 1 is the dataset title and its
description, row 2 the header (Field, Field name, Format, HES Legacy Field Status (Y/N),
Availability, Restricted field…, Description, Values, Cleaning, Derivations, Table Name,
Field is Null…, DQ Issue…; stray spaces and newlines in header cells are ignored), then
one row per field. JSON: the same specification extracted as a list of
{Field, Field name, Format, Availability, Values}, whose double-encoded UTF-8 ("Â\u00a0",
"â€™") is repaired on reading (rule `mojibake`).

One dataset, one table (the sheet), one variable per field row. Repeating fields keep one
variable: written with a placeholder suffix (`DIAG_nn`, `ACPDISP_n`) they get a repeat
count (from the description's "DIAG_01 to DIAG_20" when it says so, else from the table
below); written out (`DIAG_01`, `DIAG_02` …) consecutive copies are collapsed into one
`_nn` variable. The `Values` text becomes the value set (rule `code_list`); its other
lines (formats such as `4an = …`, headings, notes) become the variable's notes.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from harmonise.errors import InputError, RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.builder import DATASET_LEVEL, RecordBuilder, annotation, cell
from harmonise.normalise import ABSENT
from harmonise.normalise.codelists import parse_code_list
from harmonise.sources import Source
from harmonise.tabular import header_of, iter_rows

#: header cell (first line, trimmed, case-folded) -> (variable slot or "annotation:<name>", rule or None)
COLUMNS: dict[str, tuple[str, str | None]] = {
    "field": ("name", None),
    "field name": ("label", "text"),
    "format": ("data_type", "data_type"),
    "hes legacy field status (y/n)": ("annotation:legacy_field", None),
    "availability": ("annotation:availability", None),
    "restricted field": ("sensitive", "boolean"),
    "description": ("description", "text"),
    "values": ("value_set", "code_list"),
    "cleaning": ("annotation:cleaning", None),
    "derivations": ("annotation:derivations", None),
    "table name": ("annotation:table_name", None),
    "field is null. see 'known data item issues'": ("annotation:known_null_issue", None),
    "dq issue. see 'known data item issues'": ("annotation:known_dq_issue", None),
}
REQUIRED = ("field", "field name", "format")

#: repeat counts of placeholder fields when the description does not state them (HES APC TOS)
REPEAT_COUNTS = {"DIAG": 20, "DIAG_3": 20, "DIAG_4": 20, "OPERTN": 24, "OPERTN_3": 24, "OPERTN_4": 24,
                 "OPDATE": 24}
#: `_n` fields (augmented care periods, babies of a delivery) hold at most nine copies
SINGLE_DIGIT_REPEATS = 9

#: sheet abbreviations in file names -> the dataset title the JSON extraction lacks
TITLES = {"apc": "Admitted Patient Care (APC)", "op": "Outpatients (OP)", "ae": "Accident and Emergency (A&E)",
          "cc": "Critical Care (CC)", "ecds": "Emergency Care Data Set (ECDS)"}

_PLACEHOLDER = re.compile(r"^(?P<base>.+?)_(?P<ph>n{1,2})$")
_NUMBERED = re.compile(r"^(?P<base>.+?)_(?P<num>\d{1,2})$")


def column_key(header_cell: str) -> str:
    first = header_cell.strip().splitlines()[0] if header_cell.strip() else ""
    return re.sub(r"\s+", " ", first).strip().casefold()


def repeat_count(name: str, description: str) -> tuple[int | None, str]:
    """(count, why) for a placeholder field name such as DIAG_nn."""
    match = _PLACEHOLDER.match(name)
    if not match:
        return None, ""
    base = match.group("base")
    stated = re.search(rf"\b{re.escape(base)}_(\d+)\s+to\s+{re.escape(base)}_(\d+)", description or "")
    if stated:
        return int(stated.group(2)) - int(stated.group(1)) + 1, "description"
    if base in REPEAT_COUNTS:
        return REPEAT_COUNTS[base], f"HES APC TOS repeat count of {base}"
    if match.group("ph") == "n":
        return SINGLE_DIGIT_REPEATS, "a single-digit `_n` suffix numbers at most nine copies"
    return None, ""


class HesTosReader(Reader):
    name = "nhs-hes-tos"
    title = "NHS Digital HES Technical Output Specification (TOS sheet as CSV, or its JSON extraction)"
    format_versions = ("tos-1.x",)
    suffixes = (".csv", ".json")
    overlay_slots = DATASET_LEVEL

    def detect(self, source: Source) -> Detection | None:
        if source.suffix == ".json" and source.looks_like_json():
            head = source.head_text()
            if re.search(r'"Field"\s*:', head) and re.search(r'"Field name"\s*:', head):
                return Detection(self.name, 0.9, "JSON items with keys Field, Field name (HES TOS extraction)")
            return None
        if source.suffix != ".csv":
            return None
        for skip in (1, 0):
            keys = [column_key(h) for h in header_of(source, skip_rows=skip)]
            if keys[:3] == ["field", "field name", "format"]:
                return Detection(self.name, 0.95 if skip else 0.85,
                                 "header row Field, Field name, Format" + (" after a title row" if skip else ""))
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        if source.suffix == ".json":
            yield self._from_json(source)
        else:
            yield self._from_csv(source)

    # -- CSV ---------------------------------------------------------------------
    def _from_csv(self, source: Source) -> RecordResult:
        rec = RecordBuilder()
        result = RecordResult(source=source.name, account=rec.account, format_version="tos-1.x")
        skip = 1 if [column_key(h) for h in header_of(source, skip_rows=1)][:1] == ["field"] else 0
        record: dict[str, Any] = {}
        if skip:
            self._title_row(rec, record, source)
        rows: list[tuple[int, dict[str, str], dict[str, str]]] = []  # (row, key -> value, key -> column label)
        header_keys: list[str] | None = None
        try:
            for row in iter_rows(source, skip_rows=skip):
                if header_keys is None:
                    header_keys = [k for k in row.cells]
                    keys = {column_key(h) for h in header_keys}
                    missing = [k for k in REQUIRED if k not in keys]
                    if missing:
                        raise InputError(f"header does not match the HES TOS: missing column(s) {', '.join(missing)}",
                                         file=source.name, where=f"row {skip + 1}")
                values: dict[str, str] = {}
                labels: dict[str, str] = {}
                for header_cell, value in row.cells.items():
                    if value is None or not value.strip():
                        continue
                    key = column_key(header_cell) if not header_cell.startswith("_extra_") else header_cell
                    label = header_cell.strip().splitlines()[0].strip() if header_cell.strip() else "(unnamed)"
                    rec.read(cell(row.number, label), value)
                    values[key] = value
                    labels[key] = label
                rows.append((row.number, values, labels))
        except RecordError as exc:
            result.error = exc
            return result
        if not rows:
            raise InputError("the specification has a header but no field rows", file=source.name,
                             where=f"row {skip + 2}")
        record.setdefault("title", None)
        if not record["title"]:
            record["title"] = self._default_title(source, rec)
        variables = self._variables(rec, rows, lambda n, label: cell(n, label))
        record["tables"] = [{"name": record["title"], "variables": variables}]
        result.record = rec.finish(record)
        return result

    def _title_row(self, rec: RecordBuilder, record: dict[str, Any], source: Source) -> None:
        import csv
        import io

        from harmonise.tabular import detect_encoding, text_head

        sample = text_head(source, detect_encoding(source))
        first = next(csv.reader(io.StringIO(sample)), [])
        for index, value in enumerate(first):
            if not value.strip():
                continue
            pointer = f"row 1, column {index + 1}"
            rec.read(pointer, value)
            if index == 0:
                record["title"] = rec.text(pointer, "title", value)
            elif index == 1:
                record["description"] = rec.text(pointer, "description", value)
            else:
                rec.unmapped(pointer, value, "title row cell with no model slot")

    def _default_title(self, source: Source, rec: RecordBuilder) -> str:
        tokens = re.split(r"[^a-z]+", Path(source.name).stem.casefold())
        title = next((TITLES[t] for t in tokens if t in TITLES), "Hospital Episode Statistics")
        rec.account.default("title", title, "the specification carries no title; taken from the file name")
        return title

    # -- JSON --------------------------------------------------------------------
    def _from_json(self, source: Source) -> RecordResult:
        rec = RecordBuilder()
        result = RecordResult(source=source.name, account=rec.account, format_version="tos-1.x")
        doc = source.json()
        if not isinstance(doc, list):
            raise InputError("expected a JSON array of field objects (HES TOS extraction)", file=source.name)
        rows: list[tuple[int, dict[str, str], dict[str, str]]] = []
        for index, item in enumerate(doc):
            if not isinstance(item, dict):
                result.error = RecordError(f"expected an object for a field, found {type(item).__name__}",
                                           where=f"/{index}")
                return result
            values: dict[str, str] = {}
            labels: dict[str, str] = {}
            for key, value in item.items():
                pointer = f"/{index}/{key}"
                if isinstance(value, (dict, list)):
                    from harmonise.accounting import leaves

                    for sub_pointer, sub_value in leaves(value, pointer):
                        rec.read(sub_pointer, sub_value)
                        rec.unmapped(sub_pointer, sub_value, "nested value in a TOS field object")
                    continue
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                rec.read(pointer, value)
                values[column_key(key)] = value if isinstance(value, str) else str(value)
                labels[column_key(key)] = key
            rows.append((index, values, labels))
        record: dict[str, Any] = {"title": self._default_title(source, rec)}
        variables = self._variables(rec, rows, lambda n, label: f"/{n}/{label}", repair=True)
        record["tables"] = [{"name": record["title"], "variables": variables}]
        result.record = rec.finish(record)
        return result

    # -- fields ------------------------------------------------------------------
    def _variables(self, rec: RecordBuilder, rows: list[tuple[int, dict[str, str], dict[str, str]]],
                   where, repair: bool = False) -> list[dict[str, Any]]:
        variables: list[dict[str, Any]] = []
        index = 0
        while index < len(rows):
            number, values, labels = rows[index]
            name = (values.get("field") or "").strip()
            if not name:
                rec.account.warn(f"{where(number, next(iter(labels.values()), 'Field'))}: a field row has no "
                                 f"Field; its values are kept as extensions")
                for key, value in values.items():
                    rec.unmapped(where(number, labels[key]), value, "field row without a Field", "no_target")
                index += 1
                continue
            copies = self._copies(rows, index)
            variable = self._variable(rec, number, values, labels, where, repair)
            if copies > 1:
                base = _NUMBERED.match(name).group("base")
                variable["name"] = f"{base}_nn"
                variable["repeat_count"] = copies
                rec.account.normalise(where(number, labels["field"]), "tables[].variables[].name", name,
                                      variable["name"], "hes:repeat_collapse",
                                      f"{copies} numbered copies collapsed into one variable")
                rec.account.mapped.remove((where(number, labels["field"]), "tables[].variables[].name"))
                for other in range(index + 1, index + copies):
                    o_number, o_values, o_labels = rows[other]
                    for key, value in o_values.items():
                        rec.dropped(where(o_number, o_labels[key]), value, "hes:repeat_collapse",
                                    f"copy of {variable['name']}")
            variables.append(variable)
            index += copies
        return variables

    @staticmethod
    def _copies(rows, index: int) -> int:
        """How many consecutive rows from `index` are numbered copies of one field (DIAG_01, DIAG_02 …)."""
        _n, values, _l = rows[index]
        match = _NUMBERED.match((values.get("field") or "").strip())
        if not match:
            return 1
        base, expected = match.group("base"), int(match.group("num"))
        count = 1
        for _n2, other, _l2 in rows[index + 1:]:
            m = _NUMBERED.match((other.get("field") or "").strip())
            if not m or m.group("base") != base or int(m.group("num")) != expected + count \
                    or other.get("format") != values.get("format"):
                break
            count += 1
        return count

    def _variable(self, rec: RecordBuilder, number: int, values: dict[str, str], labels: dict[str, str],
                  where, repair: bool) -> dict[str, Any]:
        variable: dict[str, Any] = {}
        annotations: list[dict[str, str]] = []
        pre = ("mojibake",) if repair else ()
        for key, value in values.items():
            pointer = where(number, labels[key])
            slot, spec = COLUMNS.get(key, (None, None))
            if slot is None:
                rec.unmapped(pointer, value, f"HES TOS column {labels[key]!r} has no model slot")
                continue
            target = f"tables[].variables[].{slot}"
            if slot == "name":
                variable["name"] = value.strip()
                rec.chain(pointer, target, value, *pre, "strip")
            elif slot.startswith("annotation:"):
                new = rec.chain(pointer, "tables[].variables[].annotations[]", value, *pre, "strip")
                if new is not ABSENT:
                    annotations.append(annotation("hes", slot.split(":", 1)[1], new))
            elif slot == "data_type":
                variable["source_data_type"] = value.strip()
                new = rec.chain(pointer, target, value, *pre, "data_type")
                if new is not ABSENT:
                    variable["data_type"] = new
            elif slot == "value_set":
                text = rec_text = value
                if repair:
                    from harmonise import normalise

                    rec_text = normalise.get("mojibake")(value)
                entries, notes = parse_code_list(rec_text)
                if entries:
                    variable["value_set"] = entries
                if notes:
                    variable["notes"] = "\n".join(notes)
                rules = ("mojibake+" if repair and rec_text != text else "") + "code_list"
                rec.account.normalise(pointer, target, value, entries or None, rules,
                                      f"{len(entries)} codes; {len(notes)} other line(s) kept as notes")
            else:
                new = rec.chain(pointer, target, value, *pre, spec or "strip")
                if new is not ABSENT:
                    variable[slot] = new
        if annotations:
            variable["annotations"] = annotations
        if "name" in variable:
            count, why = repeat_count(variable["name"], variable.get("description", ""))
            if count:
                variable["repeat_count"] = count
                if why != "description":
                    rec.account.default(f"tables[].variables[{variable['name']}].repeat_count", count, why)
        return variable


READERS = [HesTosReader()]
