"""Reader `nhs-ncdr`: NHS England's NCDR reference library catalogue exports.

Three SQL-view exports, latin-1, `¬`-delimited, every field quoted, CRLF records with line
breaks inside fields and the odd unescaped inner quote (read with
`tabular.iter_quoted_rows`, which splits only at `"¬"` and quote + line break + quote):

- `vw_Export_Standard_DB_Structure.csv` (DatabaseId, Database, SchemaID, Schema,
  Table/ViewID, Table/View, Table or View, Name, Description, Date_Range, Data_Start,
  Data_End, Link, Link Type, Data_Sharing, Data_Source, DatSchem): one dataset per
  database; its database row gives title, description, coverage dates, access text;
  schema rows become `ncdr:schema` annotations; table/view rows become tables (container
  "Database.Schema"). When the Definitions export lies beside it, each table gets as
  variables the data elements whose Present_In names it ("DB.schema.table").
- `vw_Export_Standard_Definitions.csv` (Data_Element, Item_Name, Description, Data_Type,
  Is_Derived_Item, NCDR_Derivation_Methodology, Link, LinkType, Present_In): one dataset,
  one table of data elements, one variable per row.
- `vw_Export_Standard_GroupingMapping.csv` (Grouping, Grouping Description, Data Element,
  Data Element Description): one dataset, one table per grouping, one variable per row.

Ids of 0 mean "not applicable at this level" and `N/A` means no value; both are
normalised away (reported, never mapped).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterator

from harmonise.errors import HarmoniseError, InputError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.builder import DATASET_LEVEL, RecordBuilder, annotation, cell
from harmonise.normalise import ABSENT
from harmonise.normalise.text import is_placeholder
from harmonise.sources import Source
from harmonise.tabular import Row, detect_encoding, iter_quoted_rows, text_head

DELIMITER = "¬"
STRUCTURE = ("DatabaseId", "Database", "SchemaID", "Schema", "Table/ViewID", "Table/View")
DEFINITIONS = ("Data_Element", "Item_Name", "Description", "Data_Type")
GROUPING = ("Grouping", "Grouping Description", "Data Element")

# Column tables: column -> (target, rule). Targets: a dataset slot, "table.<slot>",
# "variable.<slot>", "annotation:<name>" (on the level the row describes), "container",
# "temporal.start" / "temporal.end", or "skip" (an id of 0 / a level marker).
DATABASE_ROW: dict[str, tuple[str, str | None]] = {
    "DatabaseId": ("annotation:database_id", None),
    "Database": ("alternate_identifiers", None),
    "Name": ("title", "text"),
    "Description": ("description", "text"),
    "Date_Range": ("annotation:date_range", "text"),
    "Data_Start": ("temporal.start", "date"),
    "Data_End": ("temporal.end", "date"),
    "Link": ("documentation", "url"),
    "Link Type": ("annotation:link_type", "text"),
    "Data_Sharing": ("access_rights", "text"),
    "Data_Source": ("annotation:data_source", "text"),
    "DatSchem": ("annotation:datschem", "text"),
    "Table or View": ("annotation:level", "text"),
}
TABLE_ROW: dict[str, tuple[str, str | None]] = {
    "DatabaseId": ("container", None),
    "Database": ("container", None),
    "SchemaID": ("container", None),
    "Schema": ("container", None),
    "Table/ViewID": ("table.source_identifier", None),
    "Table/View": ("table.name", None),
    "Table or View": ("annotation:table_or_view", "text"),
    "Name": ("table.label", "text"),
    "Description": ("table.description", "text"),
    "Date_Range": ("annotation:date_range", "text"),
    "Data_Start": ("annotation:data_start", "text"),
    "Data_End": ("annotation:data_end", "text"),
    "Link": ("table.url", "url"),
    "Link Type": ("annotation:link_type", "text"),
    "Data_Sharing": ("annotation:data_sharing", "text"),
    "Data_Source": ("annotation:data_source", "text"),
    "DatSchem": ("annotation:datschem", "text"),
}
DEFINITION_ROW: dict[str, tuple[str, str | None]] = {
    "Item_Name": ("variable.name", None),
    "Data_Element": ("variable.label", "text"),
    "Description": ("variable.description", "text"),
    "Data_Type": ("variable.data_type", "data_type"),
    "Is_Derived_Item": ("annotation:derived", "text"),
    "NCDR_Derivation_Methodology": ("annotation:derivation_methodology", "text"),
    "Link": ("variable.property_url", "url"),
    "LinkType": ("annotation:link_type", "text"),
    "Present_In": ("annotation:present_in", "text"),
}
GROUPING_ROW: dict[str, tuple[str, str | None]] = {
    "Grouping": ("table.name", None),
    "Grouping Description": ("table.description", "text"),
    "Data Element": ("variable.name", None),
    "Data Element Description": ("variable.description", "text"),
}
DEFINITIONS_FILE = re.compile(r"definitions.*\.(csv|txt)$", re.I)


def _kind(header: list[str]) -> str | None:
    if all(c in header for c in STRUCTURE):
        return "structure"
    if all(c in header for c in DEFINITIONS):
        return "definitions"
    if all(c in header for c in GROUPING):
        return "grouping"
    return None


def _header(source: Source) -> list[str]:
    first = text_head(source, detect_encoding(source)).split("\n", 1)[0].rstrip("\r")
    return [c.strip().strip('"') for c in first.split(DELIMITER)] if DELIMITER in first else []


class NcdrReader(Reader):
    name = "nhs-ncdr"
    title = "NHS England NCDR reference library exports (¬-delimited: DB structure, definitions, groupings)"
    format_versions = ("ncdr-reference-library",)
    suffixes = (".csv", ".txt")
    overlay_slots = DATASET_LEVEL

    def detect(self, source: Source) -> Detection | None:
        if source.suffix not in self.suffixes:
            return None
        kind = _kind(_header(source))
        if kind is None:
            return None
        return Detection(self.name, 0.95, f"¬-delimited header of the NCDR {kind} export")

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        header = _header(source)
        kind = _kind(header)
        if kind is None:
            raise InputError("not an NCDR export: expected a `¬`-delimited header with DatabaseId/Database/…, "
                             "Data_Element/Item_Name/… or Grouping/Data Element columns "
                             f"(found {', '.join(header) or 'no ¬ delimiter'})", file=source.name, where="row 1")
        rows = list(iter_quoted_rows(source, DELIMITER))
        if kind == "structure":
            definitions = self._definitions_beside(source, options)
            yield from self._structure(source, rows, definitions)
        elif kind == "definitions":
            yield self._definitions(source, rows)
        else:
            yield self._groupings(source, rows)

    # -- helpers -----------------------------------------------------------------
    @staticmethod
    def _cells(rec: RecordBuilder, row: Row, file: str | None = None) -> dict[str, str]:
        out = {}
        for column, value in row.cells.items():
            if value is not None and value.strip():
                rec.read(cell(row.number, column, file), value)
                out[column] = value
        return out

    @staticmethod
    def _apply(rec: RecordBuilder, pointer: str, value: str, target: str, spec: str | None,
               sink: Callable[[str, Any], None]) -> None:
        if target == "skip":
            rec.dropped(pointer, value, "ncdr:not_applicable")
            return
        if spec is None:
            if is_placeholder(value):
                rec.dropped(pointer, value, "placeholder")
                return
            rec.mapped(pointer, target)
            sink(target, value.strip())
            return
        new = rec.rule(pointer, target, value, spec)
        if new is not ABSENT:
            sink(target, new)

    # -- DB structure ------------------------------------------------------------
    def _definitions_beside(self, source: Source, options: ReadOptions) -> list[Row] | None:
        named = options.extra.get("definitions")
        candidates = [Path(named)] if named else sorted(p for p in source.path.parent.iterdir()
                                                         if p != source.path and DEFINITIONS_FILE.search(p.name))
        for path in candidates:
            other = Source(path, str(path))
            if _kind(_header(other)) == "definitions":
                try:
                    return list(iter_quoted_rows(other, DELIMITER))
                except HarmoniseError as exc:
                    exc.file = exc.file or str(path)
                    raise
        return None

    def _structure(self, source: Source, rows: list[Row], definitions: list[Row] | None) -> Iterator[RecordResult]:
        databases: dict[str, list[Row]] = {}
        for row in rows:
            databases.setdefault(row.get("Database").strip() or row.get("DatabaseId").strip(), []).append(row)
        index: dict[str, list[Row]] = {}
        if definitions:
            for row in definitions:
                for place in re.split(r"\s*,\s*", row.get("Present_In")):
                    if place.strip():
                        index.setdefault(place.strip().casefold(), []).append(row)
        for database, members in databases.items():
            yield self._database(source, database, members, index, definitions is not None)

    def _database(self, source: Source, database: str, rows: list[Row], index: dict[str, list[Row]],
                  joined: bool) -> RecordResult:
        rec = RecordBuilder()
        result = RecordResult(source=source.name, pointer=f"database={database}", account=rec.account,
                              format_version="ncdr-reference-library")
        record: dict[str, Any] = {}
        annotations: list[dict[str, str]] = []
        tables: list[dict[str, Any]] = []
        used_definitions: set[int] = set()
        for row in rows:
            cells = self._cells(rec, row)
            level = ("database" if row.get("SchemaID").strip() in ("0", "") and row.get("Table/ViewID").strip() in ("0", "")
                     else "schema" if row.get("Table/ViewID").strip() in ("0", "") else "table")
            if level == "database":
                self._database_row(rec, row, cells, record, annotations)
            elif level == "schema":
                self._schema_row(rec, row, cells, annotations)
            else:
                tables.append(self._table_row(rec, row, cells, index, used_definitions))
        if not record.get("title"):
            record["title"] = database
            rec.account.default("title", database, "the export has no database row naming this database")
        if annotations:
            record["annotations"] = annotations
        record["tables"] = tables
        if not joined:
            rec.account.warn("no vw_Export_Standard_Definitions.csv beside the structure export: tables have no variables")
        result.record = rec.finish(record)
        return result

    def _database_row(self, rec, row: Row, cells: dict[str, str], record: dict[str, Any],
                      annotations: list[dict[str, str]]) -> None:
        for column, value in cells.items():
            pointer = cell(row.number, column)
            if column in ("SchemaID", "Table/ViewID") and value.strip() == "0":
                rec.dropped(pointer, value, "ncdr:not_applicable", "id 0: not applicable at database level")
                continue
            target, spec = DATABASE_ROW.get(column, (None, None))
            if target is None:
                rec.unmapped(pointer, value, f"NCDR column {column!r} has no model slot at database level")
                continue
            if column == "Data_End" and value.strip().casefold() == "ongoing":
                record.setdefault("temporal_coverage", {})["ongoing"] = True
                rec.account.normalise(pointer, "temporal_coverage.ongoing", value, True, "ncdr:ongoing")
                continue

            def sink(t: str, v: Any) -> None:
                if t.startswith("annotation:"):
                    annotations.append(annotation("ncdr", t.split(":", 1)[1], v))
                elif t == "temporal.start":
                    record.setdefault("temporal_coverage", {})["start_date"] = v
                elif t == "temporal.end":
                    record.setdefault("temporal_coverage", {})["end_date"] = v
                elif t in ("alternate_identifiers", "documentation"):
                    record.setdefault(t, []).append(v)
                else:
                    record[t] = v

            self._apply(rec, pointer, value, target, spec, sink)

    def _schema_row(self, rec, row: Row, cells: dict[str, str], annotations: list[dict[str, str]]) -> None:
        schema = row.get("Schema").strip() or row.get("SchemaID").strip()
        for column, value in cells.items():
            pointer = cell(row.number, column)
            if column == "Table/ViewID" and value.strip() == "0":
                rec.dropped(pointer, value, "ncdr:not_applicable", "id 0: not applicable at schema level")
            elif column in ("DatabaseId", "Database"):
                rec.dropped(pointer, value, "ncdr:repeated", "the database this schema row belongs to (the record)")
            elif column in ("Schema", "SchemaID", "DatSchem"):
                rec.mapped(pointer, "annotations[ncdr:schema]")
            elif column == "Description":
                rec.mapped(pointer, "annotations[ncdr:schema]")
            elif is_placeholder(value):
                rec.dropped(pointer, value, "placeholder")
            else:
                rec.mapped(pointer, f"annotations[ncdr:schema {column}]")
                annotations.append(annotation("ncdr", f"schema_{column.casefold().replace(' ', '_')}",
                                              f"{schema}: {value.strip()}"))
        description = row.get("Description").strip()
        annotations.append(annotation("ncdr", "schema", f"{schema}: {description}" if description else schema))

    def _table_row(self, rec, row: Row, cells: dict[str, str], index: dict[str, list[Row]],
                   used: set[int]) -> dict[str, Any]:
        table: dict[str, Any] = {}
        annotations: list[dict[str, str]] = []
        database, schema = row.get("Database").strip(), row.get("Schema").strip()
        table["container"] = f"{database}.{schema}" if schema else database
        for column, value in cells.items():
            pointer = cell(row.number, column)
            target, spec = TABLE_ROW.get(column, (None, None))
            if target is None:
                rec.unmapped(pointer, value, f"NCDR column {column!r} has no model slot at table level")
                continue
            if target == "container":
                rec.mapped(pointer, "tables[].container")
                continue

            def sink(t: str, v: Any) -> None:
                if t.startswith("annotation:"):
                    annotations.append(annotation("ncdr", t.split(":", 1)[1], v))
                else:
                    table[t.split(".", 1)[1]] = v

            self._apply(rec, pointer, value, target, spec, sink)
        if "name" not in table:
            table["name"] = row.get("Name").strip() or f"table {row.get('Table/ViewID')}"
        if annotations:
            table["annotations"] = annotations
        key = f"{table['container']}.{table['name']}".casefold()
        variables = [self._definition_variable(rec, d, d.number not in used, "vw_Export_Standard_Definitions.csv")
                     for d in index.get(key, [])]
        used.update(d.number for d in index.get(key, []))
        if variables:
            table["variables"] = variables
        return table

    # -- definitions -------------------------------------------------------------
    def _definition_variable(self, rec: RecordBuilder, row: Row, account: bool = True,
                             file: str | None = None) -> dict[str, Any]:
        variable: dict[str, Any] = {}
        annotations: list[dict[str, str]] = []
        if account:
            cells = self._cells(rec, row, file)
        else:
            cells = {k: v for k, v in row.cells.items() if v and v.strip()}
        scratch = RecordBuilder()
        for column, value in cells.items():
            target, spec = DEFINITION_ROW.get(column, (None, None))
            owner = rec if account else scratch
            pointer = cell(row.number, column, file)
            if target is None:
                owner.unmapped(pointer, value, f"NCDR column {column!r} has no model slot")
                continue

            def sink(t: str, v: Any) -> None:
                if t.startswith("annotation:"):
                    annotations.append(annotation("ncdr", t.split(":", 1)[1], v))
                else:
                    variable[t.split(".", 1)[1]] = v

            self._apply(owner, pointer, value, f"tables[].{target.replace('variable.', 'variables[].')}"
                        if not target.startswith("annotation:") else target, spec,
                        lambda t, v, column=column: sink(DEFINITION_ROW[column][0], v))
            if column == "Data_Type":
                variable["source_data_type"] = value.strip()
        if "name" not in variable:
            variable["name"] = row.get("Data_Element").strip() or f"element at row {row.number}"
        if annotations:
            variable["annotations"] = annotations
        return variable

    def _definitions(self, source: Source, rows: list[Row]) -> RecordResult:
        rec = RecordBuilder()
        result = RecordResult(source=source.name, account=rec.account, format_version="ncdr-reference-library")
        variables = [self._definition_variable(rec, row) for row in rows]
        title = "NCDR reference library: data element definitions"
        rec.account.default("title", title, "the definitions export has no title; named after the export")
        record = {"title": title, "tables": [{"name": "Data elements", "variables": variables}]}
        result.record = rec.finish(record)
        return result

    # -- groupings ---------------------------------------------------------------
    def _groupings(self, source: Source, rows: list[Row]) -> RecordResult:
        rec = RecordBuilder()
        result = RecordResult(source=source.name, account=rec.account, format_version="ncdr-reference-library")
        tables: dict[str, dict[str, Any]] = {}
        for row in rows:
            cells = self._cells(rec, row)
            name = row.get("Grouping").strip() or "(no grouping)"
            table = tables.setdefault(name, {"name": name, "variables": []})
            variable: dict[str, Any] = {}
            for column, value in cells.items():
                pointer = cell(row.number, column)
                target, spec = GROUPING_ROW.get(column, (None, None))
                if target is None:
                    rec.unmapped(pointer, value, f"NCDR column {column!r} has no model slot")
                    continue

                def sink(t: str, v: Any) -> None:
                    level, slot = t.split(".", 1)
                    (table if level == "table" else variable)[slot] = v

                model_target = target.replace("table.", "tables[].").replace("variable.", "tables[].variables[].")
                self._apply(rec, pointer, value, model_target, spec,
                            lambda t, v, target=target: sink(target, v))
            if "name" in variable:
                table["variables"].append(variable)
        title = "NCDR reference library: data element groupings"
        rec.account.default("title", title, "the grouping export has no title; named after the export")
        result.record = rec.finish({"title": title, "tables": list(tables.values())})
        return result


READERS = [NcdrReader()]
