"""OMOP CDM specification CSVs (OHDSI CommonDataModel `inst/csv`) -> one dataset describing the CDM.

`OMOP_CDMv5.4_Field_Level.csv` gives the variables (one row per field), and
`OMOP_CDMv5.4_Table_Level.csv` beside it the table descriptions; read together they make one
dataset that conforms to OMOP at the CDM version in the file name. Foreign keys become
`references` ("concept.concept_id"). A literal `NA` means "no value" and is accounted as a
normalised placeholder, distinct from an empty cell (not a source value at all).

Given alone, the Table_Level file makes a dataset of tables without variables; beside its
Field_Level file it is read with it and yields no record of its own.
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
                                               overlay_supplies)

#: Field_Level column -> Variable slot (text as written)
FIELD_SLOTS = {
    "cdmFieldName": "name",
    "userGuidance": "description",
    "etlConventions": "notes",
}
#: Field_Level columns kept as omop:* annotations on the variable
FIELD_ANNOTATIONS = {"fkDomain": "fk_domain", "fkClass": "fk_class", "unique DQ identifiers": "dq_identifiers"}
#: Table_Level column -> Table slot
TABLE_SLOTS = {"tableDescription": "description", "schema": "container"}
#: Table_Level columns kept as omop:* annotations on the table
TABLE_ANNOTATIONS = {
    "isRequired": "is_required",
    "conceptPrefix": "concept_prefix",
    "measurePersonCompleteness": "measure_person_completeness",
    "measurePersonCompletenessThreshold": "measure_person_completeness_threshold",
    "validation": "validation",
    "userGuidance": "user_guidance",
    "etlConventions": "etl_conventions",
}
FIELD_REQUIRED = ("cdmTableName", "cdmFieldName")
TABLE_REQUIRED = ("cdmTableName", "tableDescription")
NA = "NA"
CDM_DOCS = "https://ohdsi.github.io/CommonDataModel/cdm{digits}.html"
_VERSION = re.compile(r"CDM[ _-]?v?(\d+(?:\.\d+)*)", re.IGNORECASE)


def cdm_version(name: str) -> str | None:
    found = _VERSION.search(Path(name).name)
    return found.group(1) if found else None


def kind_of(header: list[str]) -> str | None:
    names = set(header)
    if set(FIELD_REQUIRED) <= names:
        return "field"
    if set(TABLE_REQUIRED) <= names:
        return "table"
    return None


class OmopCdmReader(Reader):
    name = "omop-cdm"
    title = "OMOP CDM specification CSVs (Field_Level + Table_Level, OHDSI CommonDataModel)"
    format_versions = ("5.3", "5.4")
    suffixes = (".csv",)
    overlay_slots = DICTIONARY_OVERLAY_SLOTS

    def detect(self, source: Source) -> Detection | None:
        if source.suffix not in (".csv", ".txt") or source.looks_like_json():
            return None
        try:
            kind = kind_of(header_of(source))
        except InputError:
            return None
        if kind == "field":
            return Detection(self.name, 0.95, "OMOP CDM field-level header (cdmTableName, cdmFieldName)",
                             cdm_version(source.name))
        if kind == "table":
            return Detection(self.name, 0.95, "OMOP CDM table-level header (cdmTableName, tableDescription)",
                             cdm_version(source.name))
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        kind = kind_of(header_of(source))
        if kind is None:
            raise InputError("not an OMOP CDM specification: the header has neither cdmTableName + cdmFieldName "
                             "nor cdmTableName + tableDescription", file=source.name, where="row 1")
        if kind == "field":
            other = companion(source.path, "Field_Level", "Table_Level")
            yield convert(source, Source(other) if other else None, options)
        else:
            if companion(source.path, "Table_Level", "Field_Level") is not None:
                return  # read with its Field_Level file, which makes the one dataset
            yield convert(None, source, options)


def convert(fields: Source | None, tables_source: Source | None, options: ReadOptions | None = None) -> RecordResult:
    main = fields or tables_source
    assert main is not None
    b = RecordBuilder()
    version = cdm_version(main.name)
    result = RecordResult(source=main.name, account=b.account, format_version=version)
    tables: dict[str, dict[str, Any]] = {}
    try:
        if fields is not None:
            for row in iter_rows(fields, expected=FIELD_REQUIRED):
                field_row(b, row, tables)
        if tables_source is not None:
            prefix = None if fields is None else Path(tables_source.name).name
            for row in iter_rows(tables_source, expected=TABLE_REQUIRED):
                table_row(b, row, tables, prefix)
    except RecordError as exc:
        result.error = exc
        return result
    if not tables:
        result.error = RecordError("the specification has no rows", where="row 2")
        return result
    shown = version or "(version unknown)"
    record: dict[str, Any] = {
        "title": f"OMOP Common Data Model v{shown}" if version else "OMOP Common Data Model",
        "version": version,
        "conforms_to": ["OMOP"] + ([CDM_DOCS.format(digits=version.replace(".", ""))] if version else []),
        "tables": list(tables.values()),
    }
    why = f"the OMOP CDM specification's version, read from the file name {Path(main.name).name}"
    if overlay_supplies(options, "title"):
        del record["title"]  # the overlay names the dataset (e.g. a trust's OMOP instance)
    else:
        b.account.default("title", record["title"], "the specification names the CDM, not a dataset title")
    if version:
        b.account.default("version", version, why)
        b.account.default("conforms_to", record["conforms_to"], why)
    else:
        b.account.default("conforms_to", ["OMOP"], "an OMOP CDM specification")
        b.account.warn("the CDM version is not in the file name (OMOP_CDMv5.4_…); conforms_to names OMOP only")
    if fields is not None and tables_source is not None:
        record["annotations"] = [annotation("omop", "table_level_file", Path(tables_source.name).name)]
    result.record = b.finish(record)
    return result


def _cells(b: RecordBuilder, row: Row, file: str | None) -> dict[str, tuple[str, str]]:
    out = {}
    for column, text in row.cells.items():
        if text is None or not text.strip():
            continue
        ptr = cell(row.number, column, file)
        b.read(ptr, text)
        out[column] = (ptr, text)
    return out


def _table(tables: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    return tables.setdefault(name, {"name": name, "variables": []})


def field_row(b: RecordBuilder, row: Row, tables: dict[str, dict[str, Any]]) -> None:
    cells = _cells(b, row, None)
    if "cdmTableName" not in cells or "cdmFieldName" not in cells:
        missing = "cdmTableName" if "cdmTableName" not in cells else "cdmFieldName"
        raise RecordError(f"a field row without {missing}", where=row.where(missing))
    ptr, table_name = cells.pop("cdmTableName")
    table_name = table_name.strip().lower()
    b.mapped(ptr, "tables[].name")
    variable: dict[str, Any] = {}
    fk_table = cells.pop("fkTableName", None)
    fk_field = cells.pop("fkFieldName", None)
    for column, (ptr, text) in cells.items():
        if text.strip() == NA:
            b.placeholder(ptr, _target(column), text)
            continue
        if column in FIELD_SLOTS:
            slot = FIELD_SLOTS[column]
            value = b.text(ptr, f"tables[].variables[].{slot}", text)
            if value:
                variable[slot] = value
        elif column == "isRequired":
            new = b.rule(ptr, "tables[].variables[].requirement", text, "enum:RequirementLevel")
            if new is not ABSENT:
                variable["requirement"] = new
        elif column == "cdmDatatype":
            variable["source_data_type"] = text.strip()
            b.mapped(ptr, "tables[].variables[].source_data_type")
            try:
                from harmonise.normalise import get

                model_type = get("data_type")(text)
            except Exception:  # noqa: BLE001 - an unknown type keeps only source_data_type
                model_type = ABSENT
            if model_type and model_type is not ABSENT:
                variable["data_type"] = model_type
        elif column == "isPrimaryKey":
            new = b.rule(ptr, "tables[].variables[].is_primary_key", text, "boolean")
            if new is True:
                variable["is_primary_key"] = True
        elif column == "isForeignKey":
            new = b.rule(ptr, "tables[].variables[].references", text, "boolean", note="a foreign key when Yes")
            if new is True and not (fk_table and fk_field and NA not in (fk_table[1].strip(), fk_field[1].strip())):
                b.account.warn(f"{ptr}: a foreign key without fkTableName / fkFieldName")
        elif column in FIELD_ANNOTATIONS:
            variable.setdefault("annotations", []).append(annotation("omop", FIELD_ANNOTATIONS[column], text.strip()))
            b.mapped(ptr, "tables[].variables[].annotations[]")
        else:
            b.unmapped(ptr, text, f"not an OMOP CDM field-level column ({column})", "not_in_crosswalk")
    for pair in (fk_table, fk_field):
        if pair and pair[1].strip() == NA:
            b.placeholder(pair[0], "tables[].variables[].references", pair[1])
    if fk_table and fk_field and NA not in (fk_table[1].strip(), fk_field[1].strip()):
        variable["references"] = f"{fk_table[1].strip().lower()}.{fk_field[1].strip().lower()}"
        b.account.normalise(fk_table[0], "tables[].variables[].references", fk_table[1], variable["references"],
                            "omop_reference", "fkTableName.fkFieldName, lower-case as the CDM names tables")
        b.account.normalise(fk_field[0], "tables[].variables[].references", fk_field[1], variable["references"],
                            "omop_reference", "fkTableName.fkFieldName, lower-case as the CDM names tables")
    elif fk_table or fk_field:
        for pair in (fk_table, fk_field):
            if pair and pair[1].strip() != NA:
                b.unmapped(pair[0], pair[1], "half a foreign key (the other of fkTableName / fkFieldName is missing)")
    variable = {"name": variable.pop("name", ""), **variable}
    _table(tables, table_name)["variables"].append(variable)


def _target(column: str) -> str:
    if column in FIELD_SLOTS:
        return f"tables[].variables[].{FIELD_SLOTS[column]}"
    if column in FIELD_ANNOTATIONS:
        return "tables[].variables[].annotations[]"
    return {"isRequired": "tables[].variables[].requirement", "cdmDatatype": "tables[].variables[].data_type",
            "isPrimaryKey": "tables[].variables[].is_primary_key",
            "isForeignKey": "tables[].variables[].references"}.get(column, "")


def table_row(b: RecordBuilder, row: Row, tables: dict[str, dict[str, Any]], file: str | None) -> None:
    cells = _cells(b, row, file)
    if "cdmTableName" not in cells:
        raise RecordError("a table row without cdmTableName", where=cell(row.number, "cdmTableName", file))
    ptr, name = cells.pop("cdmTableName")
    table = _table(tables, name.strip().lower())
    b.mapped(ptr, "tables[].name")
    for column, (ptr, text) in cells.items():
        if text.strip() == NA:
            target = f"tables[].{TABLE_SLOTS[column]}" if column in TABLE_SLOTS else "tables[].annotations[]"
            b.placeholder(ptr, target, text)
        elif column in TABLE_SLOTS:
            slot = TABLE_SLOTS[column]
            value = b.text(ptr, f"tables[].{slot}", text)
            if value:
                table[slot] = value
        elif column in TABLE_ANNOTATIONS:
            table.setdefault("annotations", []).append(annotation("omop", TABLE_ANNOTATIONS[column], text.strip()))
            b.mapped(ptr, "tables[].annotations[]")
        else:
            b.unmapped(ptr, text, f"not an OMOP CDM table-level column ({column})", "not_in_crosswalk")
