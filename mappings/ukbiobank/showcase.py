"""Reader `ukbiobank-showcase`: the UK Biobank Data Showcase dictionary.

Input: `Data_Dictionary_Showcase.csv` (Path, Category, FieldID, Field, Participants, Items,
Stability, ValueType, Units, ItemType, Strata, Sexed, Instances, Array, Coding, Notes, Link)
and, when it lies beside it (or is named with the read option `codings`),
`Codings_Showcase.csv` (Coding, Value, Meaning[, ParentValue]).

Output: one dataset (UK Biobank), or one per top-level category when asked (read option
`split: category`, or a `<dictionary stem>.dictionary.yaml` beside the file saying so).
Tables come from the category path (leaf category = table, the path above it = container),
one variable per field: Field (title) -> name, FieldID -> source identifier, ValueType ->
data type (source spelling kept), Units, Instances, Array, Participants, Items, Link, Notes;
Stability / ItemType / Strata / Sexed / Coding are kept as `ukbiobank:` annotations. A
field's coding becomes its value set; hierarchical codings keep parent codes (from a parent
column when the file has one, otherwise from the tree order of prefix codes such as SOC).

Field-to-field tables are data (below); the code only walks rows. Every non-empty cell is
accounted once; `Codings_Showcase.csv` alone is consumed by the dictionary beside it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from harmonise.errors import HarmoniseError, InputError, RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.builder import DATASET_LEVEL, RecordBuilder, annotation, cell, sibling
from harmonise.normalise import ABSENT
from harmonise.sources import Source
from harmonise.tabular import Row, header_of, iter_rows

HEADER = ("Path", "Category", "FieldID", "Field", "Participants", "Items", "Stability", "ValueType", "Units",
          "ItemType", "Strata", "Sexed", "Instances", "Array", "Coding", "Notes", "Link")
REQUIRED = ("Path", "FieldID", "Field", "ValueType")
CODINGS_HEADER = ("Coding", "Value", "Meaning")
PARENT_COLUMNS = ("ParentValue", "Parent", "parent_id", "Parent_Value", "parent_code")

#: column -> (variable slot, normalisation rule or None for "as written")
VARIABLE_COLUMNS: dict[str, tuple[str, str | None]] = {
    "Field": ("name", "text"),
    "Participants": ("participants", "count"),
    "Items": ("item_count", "count"),
    "Units": ("unit", "text"),
    "Instances": ("instances", "count"),
    "Array": ("array_size", "count"),
    "Notes": ("description", "text"),
    "Link": ("property_url", "url"),
}
#: column -> annotation name (ukbiobank:<name>)
ANNOTATED = {"Stability": "stability", "ItemType": "item_type", "Strata": "strata", "Sexed": "sexed",
             "Coding": "coding"}
#: Showcase ValueType -> model DataType (the source spelling stays in source_data_type)
VALUE_TYPES = {
    "Integer": "integer",
    "Categorical single": "string",
    "Categorical multiple": "string",
    "Continuous": "decimal",
    "Text": "string",
    "Date": "date",
    "Time": "datetime",
    "Compound": "string",
}
#: breadcrumb prefixes some exports put before the top-level category
PATH_PREFIXES = frozenset({"", "uk biobank", "ukb", "showcase", "data showcase", "root", "biobank"})
#: special negative codes that mean the answer is missing
MISSING_MEANING = re.compile(r"\b(do not know|don't know|prefer not to answer|not known|unknown)\b", re.I)

DATASET_TITLE = "UK Biobank"
CODINGS_FILE = re.compile(r"^codings?(_showcase)?.*\.(csv|tsv|txt)$", re.I)


def _empty(value: str | None) -> bool:
    return value is None or value.strip() in ("", '""')


@dataclass
class Coding:
    """One coding's rows from the codings file, with their row numbers."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


@dataclass
class CodingsFile:
    name: str
    codings: dict[str, Coding]
    parent_column: str | None


def read_codings(path: Path) -> CodingsFile:
    source = Source(path, str(path))
    codings: dict[str, Coding] = {}
    parent_column = None
    for row in iter_rows(source, expected=CODINGS_HEADER):
        if parent_column is None:
            parent_column = next((c for c in PARENT_COLUMNS if c in row.cells), "")
        key = row.get("Coding").strip()
        if not key:
            continue
        codings.setdefault(key, Coding()).rows.append((row.number, row.cells))
    return CodingsFile(path.name, codings, parent_column or None)


def infer_parents(codes: list[str]) -> dict[str, str]:
    """Parent codes of a hierarchical coding written as nested prefixes in tree order (SOC, ICD-10).

    A code's parent is the longest other code that is a prefix of it. The coding counts
    as hierarchical only when that holds in depth-first order: every code between a parent
    and its child is itself a descendant of the parent. A flat list 1, 2, …, 10 fails that
    (2 … 9 sit between 1 and 10), so it gets no parents.
    """
    present = {c: i for i, c in enumerate(codes)}
    parents: dict[str, str] = {}
    for code in codes:
        if code.startswith("-"):
            continue
        for length in range(len(code) - 1, 0, -1):
            prefix = code[:length]
            if prefix in present and present[prefix] < present[code]:
                parents[code] = prefix
                break
    if not parents:
        return {}
    for code, parent in parents.items():
        for between in codes[present[parent] + 1:present[code]]:
            if not between.startswith(parent):
                return {}
    return parents


class UkbShowcaseReader(Reader):
    name = "ukbiobank-showcase"
    title = "UK Biobank Data Showcase dictionary (Data_Dictionary_Showcase.csv + Codings_Showcase.csv)"
    format_versions = ("showcase-2023", "showcase-legacy")
    suffixes = (".csv", ".tsv", ".txt")
    version = "0.1.0"
    overlay_slots = DATASET_LEVEL

    def detect(self, source: Source) -> Detection | None:
        if source.suffix not in self.suffixes:
            return None
        header = header_of(source)
        if all(name in header for name in REQUIRED) and "ValueType" in header:
            return Detection(self.name, 0.95, "header row: Data_Dictionary_Showcase columns (Path, FieldID, ValueType)")
        if header[:3] == list(CODINGS_HEADER):
            return Detection(self.name, 0.6, "header row: Coding,Value,Meaning (Codings_Showcase)")
        return None

    # -- reading -----------------------------------------------------------------
    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        header = header_of(source)
        if header[:3] == list(CODINGS_HEADER) and "FieldID" not in header:
            yield from self._codings_alone(source)
            return
        codings = self._codings(source, options)
        split = self._split(source, options)
        observed = self._config(source, options).get("observation_date")
        if observed is not None:
            from harmonise import normalise

            try:
                observed = normalise.get("date")(str(observed))
            except ValueError:
                raise InputError(f"observation_date {observed!r} is not a date", file=source.name) from None
        groups: dict[str, list[Row]] = {}
        rows: list[Row] = []
        try:
            for row in iter_rows(source, expected=REQUIRED, escapechar=self._escapechar(source)):
                if len([c for c in row.cells if not c.startswith("_extra_")]) < len([h for h in header if h]):
                    missing = [h for h in header if h and h not in row.cells]
                    raise RecordError(f"row has fewer cells than the header (truncated file?); missing "
                                      f"{', '.join(missing)}", file=source.name,
                                      where=f"row {row.number}, column {missing[0] if missing else '?'}")
                rows.append(row)
                if split:
                    groups.setdefault(self._top(row.get("Path")), []).append(row)
        except RecordError as exc:
            yield RecordResult(source=source.name, error=exc, format_version=self._version(rows))
            return
        if not rows:
            raise InputError("the dictionary has a header but no field rows", file=source.name, where="row 2")
        used_codings: set[str] = {r.get("Coding").strip() for r in rows if not _empty(r.get("Coding"))}
        if split:
            first = True
            for top, members in groups.items():
                yield self._record(source, members, codings, f"category={top}", top,
                                   unused=(used_codings if first else None), observed=observed)
                first = False
        else:
            yield self._record(source, rows, codings, "", None, unused=used_codings, observed=observed)

    @staticmethod
    def _escapechar(source: Source) -> str | None:
        """2023/24 exports write an inner quote as \\" (backslash), others double it ("")."""
        return "\\" if b'\\"' in source.read_bytes() else None

    def _version(self, rows: list[Row]) -> str:
        link = rows[0].get("Link") if rows else ""
        return "showcase-legacy" if "crystal" in link or "ctsu" in link else "showcase-2023"

    @staticmethod
    def _config(source: Source, options: ReadOptions) -> dict[str, Any]:
        """Reader settings: read options first, then `--dictionary-config FILE`, then `<stem>.dictionary.yaml` beside."""
        found: dict[str, Any] = {}
        paths = [options.extra.get("dictionary_config"), source.path.with_name(source.path.stem + ".dictionary.yaml")]
        for path in paths:
            if not path or not Path(path).is_file():
                continue
            import yaml

            try:
                data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
                raise InputError(f"cannot read dictionary config: {exc}", file=str(path)) from None
            if isinstance(data, dict):
                for key in ("split", "observation_date", "codings"):
                    if key in data and key not in found:
                        found[key] = data[key]
        for key in ("split", "observation_date", "codings"):
            if options.extra.get(key) is not None:
                found[key] = options.extra[key]
        return found

    def _split(self, source: Source, options: ReadOptions) -> bool:
        value = self._config(source, options).get("split")
        if value in (None, False, "", "none", "dataset"):
            return False
        if value in ("category", "top-level", "top_level", "categories", True):
            return True
        raise InputError(f"unknown split {value!r}; use 'category' (one dataset per top-level category)",
                         file=source.name)

    def _codings(self, source: Source, options: ReadOptions) -> CodingsFile | None:
        named = self._config(source, options).get("codings")
        path = Path(named) if named else sibling(source.path, CODINGS_FILE)
        if path is None:
            return None
        try:
            return read_codings(path)
        except HarmoniseError as exc:
            if exc.file is None:
                exc.file = str(path)
            raise

    def _codings_alone(self, source: Source) -> Iterator[RecordResult]:
        """A codings file is part of the dictionary beside it; alone it describes no dataset."""
        partner = sibling(source.path, re.compile(r"data_dictionary.*\.(csv|tsv|txt)$", re.I))
        if partner is not None:
            return iter(())  # consumed when the dictionary beside it is read
        raise InputError("a UK Biobank codings file alone describes no dataset; convert the "
                         "Data_Dictionary_Showcase.csv it belongs to (with this file beside it)",
                         file=source.name)

    @staticmethod
    def _path_parts(path: str) -> list[str]:
        parts = [p.strip() for p in re.split(r"\s*>\s*", path.strip())]
        while parts and parts[0].casefold() in PATH_PREFIXES:
            parts.pop(0)
        return [p for p in parts if p]

    def _top(self, path: str) -> str:
        parts = self._path_parts(path)
        return parts[0] if parts else "(no category)"

    # -- one record --------------------------------------------------------------
    def _record(self, source: Source, rows: list[Row], codings: CodingsFile | None, pointer: str,
                top: str | None, unused: set[str] | None, observed: str | None = None) -> RecordResult:
        rec = RecordBuilder()
        account = rec.account
        result = RecordResult(source=source.name, pointer=pointer, account=account,
                              format_version=self._version(rows))
        tables: dict[str, dict[str, Any]] = {}
        taken: set[str] = set()
        codings_done: set[str] = set()
        missing_codings: dict[str, list[str]] = {}
        participants: list[int] = []
        for row in rows:
            cells = {k: v for k, v in row.cells.items() if not _empty(v)}
            for column, value in cells.items():
                rec.read(cell(row.number, column), value)
            for column, value in row.cells.items():
                if value is not None and value.strip() == '""':
                    rec.read(cell(row.number, column), value)
                    rec.dropped(cell(row.number, column), value, "empty_quotes", "an older export's empty cell")
            table = self._table(rec, row, tables, taken)
            variable = self._variable(rec, row, cells, codings, codings_done, missing_codings)
            if isinstance(variable.get("participants"), int):
                participants.append(variable["participants"])
            table["variables"].append(variable)
        if missing_codings:
            where = "no codings file beside the dictionary" if codings is None else f"not in {codings.name}"
            rec.account.warn(f"column Coding: {len(missing_codings)} coding(s) {where}, so their fields have no "
                             f"value set: " + "; ".join(f"{c} ({', '.join(rows[:3])}{', …' if len(rows) > 3 else ''})"
                                                       for c, rows in missing_codings.items()))
        title = DATASET_TITLE if top is None else f"{DATASET_TITLE}: {top}"
        account.default("title", title, "a Showcase dictionary is UK Biobank's and has no title of its own")
        record: dict[str, Any] = {"title": title, "tables": list(tables.values())}
        if participants:
            most = max(participants)
            record["population_size"] = most
            account.default("population_size", most, "largest Participants count of any field")
            if observed:
                record["observations"] = [{"observed_node": "Persons", "measured_value": most,
                                           "measured_property": "Count", "observation_date": observed,
                                           "disambiguating_description": "largest Participants count of any field"}]
                account.default("observations", record["observations"],
                                "participants of the best-covered field, on the given observation_date")
            else:
                account.warn("observations: not written, the dictionary does not say when its Participants counts "
                             "were taken; give observation_date (read option or dictionary config)")
        if codings is not None and unused is not None:
            self._unused_codings(rec, codings, unused)
        result.record = rec.finish(record)
        return result

    def _table(self, rec: RecordBuilder, row: Row, tables: dict[str, dict[str, Any]],
               taken: set[str]) -> dict[str, Any]:
        raw_path = row.get("Path")
        category = row.get("Category").strip()
        parts = self._path_parts(raw_path)
        key = " > ".join(parts) or "(no category)"
        table = tables.get(key)
        if table is None:
            leaf = parts[-1] if parts else "(no category)"
            name = leaf if leaf not in taken else key
            taken.add(name)
            table = {"name": name, "variables": []}
            if len(parts) > 1:
                table["container"] = " > ".join(parts[:-1])
            if category:
                table["source_identifier"] = category
            tables[key] = table
        pointer = cell(row.number, "Path")
        if not _empty(raw_path):
            if key == raw_path:
                rec.mapped(pointer, "tables[].name")
            else:
                rec.account.normalise(pointer, "tables[].name", raw_path, key, "ukbiobank:path")
        if category:
            rec.mapped(cell(row.number, "Category"), "tables[].source_identifier")
        return table

    def _variable(self, rec: RecordBuilder, row: Row, cells: dict[str, str], codings: CodingsFile | None,
                  codings_done: set[str], missing_codings: dict[str, list[str]]) -> dict[str, Any]:
        n = row.number
        variable: dict[str, Any] = {}
        field_id = cells.get("FieldID", "").strip()
        if not field_id:
            raise RecordError("a field row has no FieldID", where=f"row {n}, column FieldID")
        variable["source_identifier"] = field_id
        rec.mapped(cell(n, "FieldID"), "tables[].variables[].source_identifier")
        title = (cells.get("Field") or "").strip()
        if not title:
            variable["name"] = field_id
            rec.account.default(f"tables[].variables[{field_id}].name", field_id, "the field has no title; its id names it")
        for column, (slot, spec) in VARIABLE_COLUMNS.items():
            value = cells.get(column)
            if value is None:
                continue
            target = f"tables[].variables[].{slot}"
            new = rec.rule(cell(n, column), target, value, spec) if spec else value
            if spec is None:
                rec.mapped(cell(n, column), target)
            if new is not ABSENT and new is not None:
                variable[slot] = new
        value_type = cells.get("ValueType")
        if value_type is not None:
            variable["source_data_type"] = value_type
            model_type = VALUE_TYPES.get(value_type.strip())
            if model_type is None:
                guessed = rec.rule(cell(n, "ValueType"), "tables[].variables[].data_type", value_type, "data_type")
                if guessed is not ABSENT:
                    variable["data_type"] = guessed
            else:
                variable["data_type"] = model_type
                rec.account.normalise(cell(n, "ValueType"), "tables[].variables[].data_type", value_type,
                                      model_type, "ukbiobank:value_type", "source spelling kept in source_data_type")
        annotations = []
        for column, name in ANNOTATED.items():
            value = cells.get(column)
            if value is None:
                continue
            annotations.append(annotation("ukbiobank", name, value.strip()))
            rec.mapped(cell(n, column), "tables[].variables[].annotations[]")
        if annotations:
            variable["annotations"] = annotations
        coding = cells.get("Coding", "").strip()
        if coding:
            if codings is None or coding not in codings.codings:
                missing_codings.setdefault(coding, []).append(f"row {n}")
            else:
                variable["value_set"] = self._value_set(rec, codings, coding, coding not in codings_done)
                codings_done.add(coding)
        return variable

    def _value_set(self, rec: RecordBuilder, codings: CodingsFile, coding: str, account: bool) -> list[dict[str, Any]]:
        rows = codings.codings[coding].rows
        codes = [cells.get("Value", "").strip() for _n, cells in rows]
        if codings.parent_column:
            parents = {c: (cells.get(codings.parent_column) or "").strip() for c, (_n, cells) in zip(codes, rows)}
            parents = {c: p for c, p in parents.items() if p and p not in ("0", "-1")}
        else:
            parents = infer_parents(codes)
        entries = []
        for code, (number, cells) in zip(codes, rows):
            entry: dict[str, Any] = {"code": code}
            meaning = (cells.get("Meaning") or "").strip()
            if meaning:
                entry["label"] = meaning
            if code in parents:
                entry["parent_code"] = parents[code]
            if code.startswith("-") and meaning and MISSING_MEANING.search(meaning):
                entry["is_missing"] = True
            entries.append(entry)
            if account:
                for column, value in cells.items():
                    if _empty(value):
                        continue
                    pointer = cell(number, column, codings.name)
                    rec.read(pointer, value)
                    target = {"Coding": "tables[].variables[].value_set", "Value": "tables[].variables[].value_set[].code",
                              "Meaning": "tables[].variables[].value_set[].label"}.get(column)
                    if column == codings.parent_column:
                        target = "tables[].variables[].value_set[].parent_code"
                    if target is None:
                        rec.unmapped(pointer, value, "codings column with no model slot")
                    elif column == "Meaning" and value != meaning:
                        rec.account.normalise(pointer, target, value, meaning, "text")
                    else:
                        rec.mapped(pointer, target)
        return entries

    def _unused_codings(self, rec: RecordBuilder, codings: CodingsFile, used: set[str]) -> None:
        for key, coding in codings.codings.items():
            if key in used:
                continue
            for number, cells in coding.rows:
                for column, value in cells.items():
                    if _empty(value):
                        continue
                    pointer = cell(number, column, codings.name)
                    rec.read(pointer, value)
                    rec.unmapped(pointer, value, f"coding {key} is used by no field of the dictionary")


READERS = [UkbShowcaseReader()]
