"""Maelstrom / Opal data dictionaries ("DataSchema"): a Variables table and a Categories table.

As two CSV files (`X.Variables.csv` + `X.Categories.csv`, read together) or one XLSX
workbook with sheets `Variables` and `Categories` (needs openpyxl). Variables become
variables of their `table`, categories their value sets (`missing` -> is_missing).
Maelstrom's taxonomy and harmonisation columns (`Mlstr_area::1`, `individual_entity`,
`time_period`, `source`, …) are kept as `maelstrom:<column>` annotations on the variable.
Localised columns follow Opal's `label:en` convention; English (or the unlocalised
column) fills the slot, other languages become annotations.

Given alone, a Categories file makes variables that hold only their value sets; beside its
Variables file it is read with it and yields no record of its own.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from harmonise.errors import InputError, RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.normalise import ABSENT
from harmonise.sources import Source
from harmonise.tabular import Row, header_of, iter_rows
from harmonise.builder import (DICTIONARY_OVERLAY_SLOTS, RecordBuilder, annotation, cell, companion,
                               default_title)

#: Variables column (before any `:lang` suffix) -> Variable slot
VARIABLE_SLOTS = {"name": "name", "label": "label", "description": "description", "unit": "unit",
                  "other_format": "format"}
#: Opal valueType -> model DataType (geometry types have none)
VALUE_TYPES = {"text": "string", "integer": "integer", "decimal": "decimal", "boolean": "boolean", "date": "date",
               "datetime": "datetime", "locale": "string", "binary": "binary"}
#: Categories column -> ValueSetEntry slot (label handled with its language)
CATEGORY_SLOTS = {"name": "code", "label": "label"}
VARIABLES_REQUIRED = ("name",)
CATEGORIES_REQUIRED = ("variable", "name")
DEFAULT_LANGUAGE = "en"


def _split_lang(column: str) -> tuple[str, str | None]:
    base, sep, lang = column.partition(":")
    if sep and lang and "::" not in column and len(lang) <= 5:
        return base, lang
    return column, None


def kind_of(header: list[str]) -> str | None:
    names = {_split_lang(h)[0] for h in header}
    if {"name", "valueType"} <= names or ({"name", "table"} <= names and "label" in names and "variable" not in names):
        return "variables"
    if {"variable", "name"} <= names and ("label" in names or "missing" in names):
        return "categories"
    return None


class MaelstromReader(Reader):
    name = "maelstrom"
    title = "Maelstrom / Opal data dictionary: Variables + Categories (CSV pair or XLSX workbook)"
    format_versions = ("Opal DataSchema",)
    suffixes = (".csv", ".xlsx")
    overlay_slots = DICTIONARY_OVERLAY_SLOTS

    def detect(self, source: Source) -> Detection | None:
        if source.suffix == ".xlsx":
            sheets = xlsx_sheets(source)
            if sheets and "variables" in sheets:
                return Detection(self.name, 0.9, "workbook with a Variables sheet (Maelstrom / Opal data dictionary)")
            return None
        if source.suffix not in (".csv", ".tsv", ".txt") or source.looks_like_json():
            return None
        try:
            kind = kind_of(header_of(source))
        except InputError:
            return None
        if kind == "variables":
            return Detection(self.name, 0.85, "Opal Variables header (table, name, valueType, label)")
        if kind == "categories":
            return Detection(self.name, 0.8, "Opal Categories header (variable, name, missing, label)")
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        if source.suffix == ".xlsx":
            yield read_workbook(source, options)
            return
        kind = kind_of(header_of(source))
        if kind is None:
            raise InputError("not a Maelstrom data dictionary: expected a Variables header (name, valueType …) "
                             "or a Categories header (variable, name, label/missing)", file=source.name, where="row 1")
        if kind == "variables":
            other = companion(source.path, "Variables", "Categories")
            categories = None
            if other is not None:
                categories = (Path(other.name).name, _csv_rows(Source(other), CATEGORIES_REQUIRED))
            yield convert(source.name, ("", _csv_rows(source, VARIABLES_REQUIRED)), categories, options=options)
        else:
            if companion(source.path, "Categories", "Variables") is not None:
                return  # read with its Variables file, which makes the dataset
            yield convert(source.name, None, ("", _csv_rows(source, CATEGORIES_REQUIRED)), options=options)


def _csv_rows(source: Source, expected: tuple[str, ...]) -> Iterator[Row]:
    return iter_rows(source, expected=expected)


# -- XLSX ---------------------------------------------------------------------------------
def _open_workbook(source: Source) -> Any:
    try:
        import openpyxl
    except ImportError:
        raise InputError("reading .xlsx needs openpyxl (pip install openpyxl), or export the sheets as CSV",
                         file=source.name) from None
    try:
        return openpyxl.load_workbook(source.path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip/XML errors of a damaged workbook
        raise InputError(f"cannot open the workbook: {type(exc).__name__}: {exc}", file=source.name) from None


def xlsx_sheets(source: Source) -> dict[str, str] | None:
    """lower-case sheet name -> sheet name, or None when the file cannot be read as a workbook."""
    try:
        book = _open_workbook(source)
    except InputError:
        return None
    try:
        return {name.strip().lower(): name for name in book.sheetnames}
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _sheet_rows(sheet: Any, expected: tuple[str, ...], file: str, label: str) -> Iterator[Row]:
    header: list[str] | None = None
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(v) for v in values]
        if header is None:
            header = [c.strip() for c in cells]
            missing = [name for name in expected if name not in {_split_lang(h)[0] for h in header}]
            if missing:
                raise InputError(f"sheet {label}: header does not match: missing column(s) {', '.join(missing)}",
                                 file=file, where=f"sheet {label}, row 1")
            continue
        if not any(c.strip() for c in cells):
            continue
        yield Row(number, dict(zip(header, cells)))


def read_workbook(source: Source, options: ReadOptions | None = None) -> RecordResult:
    book = _open_workbook(source)
    try:
        sheets = {name.strip().lower(): name for name in book.sheetnames}
        if "variables" not in sheets:
            raise InputError(f"the workbook has no Variables sheet (sheets: {', '.join(book.sheetnames)})",
                             file=source.name)
        variables = (f"sheet {sheets['variables']}",
                     _sheet_rows(book[sheets["variables"]], VARIABLES_REQUIRED, source.name, sheets["variables"]))
        categories = None
        if "categories" in sheets:
            categories = (f"sheet {sheets['categories']}",
                          _sheet_rows(book[sheets["categories"]], CATEGORIES_REQUIRED, source.name, sheets["categories"]))
        return convert(source.name, variables, categories, fmt="XLSX", options=options)
    finally:
        book.close()


# -- mapping ------------------------------------------------------------------------------
def _read_cells(b: RecordBuilder, row: Row, file: str | None) -> dict[str, tuple[str, str]]:
    out = {}
    for column, text in row.cells.items():
        if not column or text is None or not text.strip():
            if column == "" and text and text.strip():
                ptr = cell(row.number, "(unnamed)", file or None)
                b.read(ptr, text)
                b.unmapped(ptr, text, "a cell under an empty header", "not_in_crosswalk")
            continue
        ptr = cell(row.number, column, file or None)
        b.read(ptr, text)
        out[column] = (ptr, text)
    return out


def _localised(b: RecordBuilder, obj: dict[str, Any], slot: str, lang: str | None, ptr: str, text: str,
               target: str, annotate: bool = True) -> None:
    """`label` / `label:en` fill the slot; other languages are annotations (when the object takes them)."""
    if lang is None or lang.lower() == DEFAULT_LANGUAGE or (slot not in obj and not annotate):
        if slot in obj:
            if annotate:
                obj.setdefault("annotations", []).append(annotation("maelstrom", f"{slot}:{lang or ''}".rstrip(":"),
                                                                    text.strip()))
                b.mapped(ptr, target.rsplit(".", 1)[0] + ".annotations[]")
            else:
                b.unmapped(ptr, text, f"a second {slot} (another language)", "superseded")
            return
        value = b.text(ptr, target, text)
        if value:
            obj[slot] = value
    elif annotate:
        obj.setdefault("annotations", []).append(annotation("maelstrom", f"{slot}:{lang}", text.strip()))
        b.mapped(ptr, target.rsplit(".", 1)[0] + ".annotations[]")
    else:
        b.unmapped(ptr, text, f"{slot} in another language ({lang})", "no_target")


def convert(source_name: str, variables: tuple[str, Iterator[Row]] | None,
            categories: tuple[str, Iterator[Row]] | None, fmt: str = "CSV",
            options: ReadOptions | None = None) -> RecordResult:
    b = RecordBuilder()
    result = RecordResult(source=source_name, account=b.account, format_version=fmt)
    tables: dict[str, dict[str, Any]] = {}
    by_key: dict[tuple[str, str], dict[str, Any]] = {}
    by_name: dict[str, list[dict[str, Any]]] = {}
    state: dict[str, Any] = {}
    try:
        if variables is not None:
            file, rows = variables
            for row in rows:
                variable_row(b, row, file, tables, by_key, by_name, state)
        if categories is not None:
            file, rows = categories
            for row in rows:
                category_row(b, row, file, tables, by_key, by_name, create=variables is None)
    except RecordError as exc:
        result.error = exc
        return result
    except InputError as exc:
        result.error = RecordError(exc.message, file=exc.file, where=exc.where)
        return result
    if not tables:
        result.error = RecordError("the data dictionary has no variables", where="row 2")
        return result
    record: dict[str, Any] = {"tables": list(tables.values())}
    if state.get("title"):
        record["title"] = state["title"]
    else:
        stem = re.sub(r"[._ -]?(variables|categories)(?=\.[^.]+$)", "", Path(source_name).name, flags=re.IGNORECASE)
        default_title(b, record, options, stem, "the dictionary names no initiative; taken from the file name")
    result.record = b.finish(record)
    return result


def variable_row(b: RecordBuilder, row: Row, file: str, tables: dict, by_key: dict, by_name: dict,
                 state: dict) -> None:
    cells = _read_cells(b, row, file)
    if "name" not in cells:
        raise RecordError("a variable without a name", where=cell(row.number, "name", file or None))
    table_ptr, table_name = cells.pop("table", (None, ""))
    table_name = table_name.strip() or "variables"
    if table_ptr:
        b.mapped(table_ptr, "tables[].name")
    elif "variables" not in tables:
        b.account.default("tables[].name", "variables", "the Variables table has no `table` column")
    table = tables.setdefault(table_name, {"name": table_name, "variables": []})
    variable: dict[str, Any] = {}
    for column, (ptr, text) in cells.items():
        base, lang = _split_lang(column)
        if base == "initiative":
            initiative = text.strip()
            if "title" not in state:
                state["title"] = initiative
                b.mapped(ptr, "title")
            elif state["title"] == initiative:
                b.mapped(ptr, "title")
            else:
                variable.setdefault("annotations", []).append(annotation("maelstrom", "initiative", initiative))
                b.mapped(ptr, "tables[].variables[].annotations[]")
        elif base == "valueType":
            variable["source_data_type"] = text.strip()
            b.mapped(ptr, "tables[].variables[].source_data_type")
            model_type = VALUE_TYPES.get(text.strip().lower())
            if model_type:
                variable["data_type"] = model_type
        elif base in ("label", "description"):
            _localised(b, variable, base, lang, ptr, text, f"tables[].variables[].{base}")
        elif base in VARIABLE_SLOTS and lang is None:
            slot = VARIABLE_SLOTS[base]
            value = b.text(ptr, f"tables[].variables[].{slot}", text)
            if value:
                variable[slot] = value
        else:
            # taxonomy (Mlstr_area::1 …), harmonisation and Opal attributes (index, entityType, repeatable …)
            variable.setdefault("annotations", []).append(annotation("maelstrom", column, text.strip()))
            b.mapped(ptr, "tables[].variables[].annotations[]")
    variable = {"name": variable.pop("name"), **variable}
    table["variables"].append(variable)
    by_key[(table_name, variable["name"])] = variable
    by_name.setdefault(variable["name"], []).append(variable)


def category_row(b: RecordBuilder, row: Row, file: str, tables: dict, by_key: dict, by_name: dict,
                 create: bool) -> None:
    cells = _read_cells(b, row, file)
    for required in CATEGORIES_REQUIRED:
        if required not in cells:
            raise RecordError(f"a category without {required}", where=cell(row.number, required, file or None))
    var_ptr, var_name = cells.pop("variable")
    table_ptr, table_name = cells.pop("table", (None, ""))
    var_name, table_name = var_name.strip(), table_name.strip()
    variable = by_key.get((table_name, var_name)) if table_name else None
    if variable is None:
        candidates = by_name.get(var_name, [])
        variable = candidates[0] if len(candidates) == 1 else None
    if variable is None and create:
        name = table_name or "variables"
        table = tables.setdefault(name, {"name": name, "variables": []})
        variable = {"name": var_name}
        table["variables"].append(variable)
        by_key[(name, var_name)] = variable
        by_name.setdefault(var_name, []).append(variable)
    if variable is None:
        b.account.warn(f"{var_ptr}: category of {table_name + '.' if table_name else ''}{var_name}, "
                       "a variable the Variables table does not have; kept as extensions")
        b.unmapped(var_ptr, var_name, "category of an unknown variable")
        if table_ptr:
            b.unmapped(table_ptr, table_name, "category of an unknown variable")
        for _column, (ptr, text) in cells.items():
            b.unmapped(ptr, text, "category of an unknown variable")
        return
    b.mapped(var_ptr, "tables[].variables[].value_set[]")
    if table_ptr:
        b.mapped(table_ptr, "tables[].variables[].value_set[]")
    entry: dict[str, Any] = {}
    for column, (ptr, text) in cells.items():
        base, lang = _split_lang(column)
        if base == "name":
            entry["code"] = text.strip()
            b.mapped(ptr, "tables[].variables[].value_set[].code") if text == text.strip() else b.rule(
                ptr, "tables[].variables[].value_set[].code", text, "strip")
        elif base == "label":
            _localised(b, entry, "label", lang, ptr, text, "tables[].variables[].value_set[].label", annotate=False)
        elif base == "missing":
            new = b.rule(ptr, "tables[].variables[].value_set[].is_missing", text, "boolean")
            if new is not ABSENT:
                entry["is_missing"] = new
        elif base == "initiative":
            b.mapped(ptr, "title")  # the same initiative as the variable's
        else:
            b.unmapped(ptr, text, f"category column {column} (a value-set entry has no slot for it)")
    variable.setdefault("value_set", []).append({"code": entry.pop("code"), **entry})
