"""Reader `ukbiobank-rap`: UK Biobank on the Research Analysis Platform (DNAnexus).

`dx extract_dataset <record> -ddd` writes `<name>.data_dictionary.csv` (entity, name, type,
primary_key_type, coding_name, concept, description, folder_path, is_multi_select,
is_sparse_coding, linkout, longitudinal_axis_type, referenced_entity_field, relationship,
title, units), `<name>.codings.csv` (coding_name, code, meaning, concept, display_order,
parent_code) and `<name>.entity_dictionary.csv`. The codings file beside the dictionary
gives the value sets, with the parent codes it carries.

The RAP writes one row per instance and array item (`p41270_i0_a0`, `p41270_i0_a1` …, titles
"… | Instance 0 | Array 1"); those rows are collapsed into one variable per field with its
instance and array counts, like the Showcase dictionary. Tables come from `folder_path`
(leaf folder = table, the path above = container); the entity (`participant`) is kept as an
annotation. Field ids stay the source identifiers (`p41270`).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from harmonise.errors import HarmoniseError, InputError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.builder import DATASET_LEVEL, RecordBuilder, annotation, cell
from harmonise.mappings.ukbiobank.showcase import MISSING_MEANING, infer_parents
from harmonise.normalise import ABSENT
from harmonise.sources import Source
from harmonise.tabular import Row, header_of, iter_rows

REQUIRED = ("entity", "name", "type")
CODINGS_REQUIRED = ("coding_name", "code", "meaning")
#: column -> (variable slot or "annotation:<name>", rule or None)
COLUMNS: dict[str, tuple[str, str | None]] = {
    "title": ("name", "text"),
    "type": ("data_type", "data_type"),
    "units": ("unit", "text"),
    "description": ("description", "text"),
    "linkout": ("property_url", "url"),
    "entity": ("annotation:entity", None),
    "primary_key_type": ("annotation:primary_key_type", None),
    "coding_name": ("annotation:coding", None),
    "concept": ("annotation:concept", None),
    "is_multi_select": ("annotation:multi_select", None),
    "is_sparse_coding": ("annotation:sparse_coding", None),
    "longitudinal_axis_type": ("annotation:longitudinal_axis_type", None),
    "referenced_entity_field": ("references", None),
    "relationship": ("annotation:relationship", None),
}
_EXPANDED = re.compile(r"^(?P<field>p\d+)(?:_i(?P<instance>\d+))?(?:_a(?P<array>\d+))?$")
_TITLE_SUFFIX = re.compile(r"(\s*\|\s*(Instance|Array)\s+\d+)+\s*$")


def _codings_path(path: Path) -> Path | None:
    name = path.name
    if ".data_dictionary." in name:
        candidate = path.with_name(name.replace(".data_dictionary.", ".codings."))
        if candidate.is_file():
            return candidate
    others = sorted(p for p in path.parent.glob("*codings*.csv") if p != path)
    return others[0] if len(others) == 1 else None


class UkbRapReader(Reader):
    name = "ukbiobank-rap"
    title = "UK Biobank on the Research Analysis Platform: dx extract_dataset data_dictionary.csv + codings.csv"
    format_versions = ("dnanexus-ddd",)
    suffixes = (".csv",)
    overlay_slots = DATASET_LEVEL

    def detect(self, source: Source) -> Detection | None:
        if source.suffix != ".csv":
            return None
        header = header_of(source)
        if all(c in header for c in REQUIRED) and ("folder_path" in header or "coding_name" in header):
            return Detection(self.name, 0.9, "header row: entity, name, type, folder_path (DNAnexus data dictionary)")
        if all(c in header for c in CODINGS_REQUIRED) and "entity" not in header:
            return Detection(self.name, 0.55, "header row: coding_name, code, meaning (DNAnexus codings)")
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        header = header_of(source)
        if "entity" not in header:
            partner = sorted(p for p in source.path.parent.glob("*data_dictionary*.csv"))
            if partner:
                return  # consumed by the data dictionary beside it
            raise InputError("a RAP codings file alone describes no dataset; convert the data_dictionary.csv "
                             "it belongs to (with this file beside it)", file=source.name)
        codings_path = Path(options.extra["codings"]) if options.extra.get("codings") else _codings_path(source.path)
        codings: dict[str, list[Row]] = {}
        codings_name = None
        if codings_path is not None:
            codings_name = codings_path.name
            try:
                for row in iter_rows(Source(codings_path, str(codings_path)), expected=CODINGS_REQUIRED):
                    codings.setdefault(row.get("coding_name").strip(), []).append(row)
            except HarmoniseError as exc:
                exc.file = exc.file or str(codings_path)
                raise
        rows = list(iter_rows(source, expected=REQUIRED))
        if not rows:
            raise InputError("the data dictionary has a header but no rows", file=source.name, where="row 2")
        yield self._record(source, rows, codings, codings_name)

    def _record(self, source: Source, rows: list[Row], codings: dict[str, list[Row]],
                codings_name: str | None) -> RecordResult:
        rec = RecordBuilder()
        result = RecordResult(source=source.name, account=rec.account, format_version="dnanexus-ddd")
        tables: dict[str, dict[str, Any]] = {}
        fields: dict[str, dict[str, Any]] = {}
        done_codings: set[str] = set()
        missing: set[str] = set()
        for row in rows:
            cells = {k: v for k, v in row.cells.items() if v is not None and v.strip()}
            for column, value in cells.items():
                rec.read(cell(row.number, column), value)
            name = cells.get("name", "").strip()
            match = _EXPANDED.match(name)
            key = match.group("field") if match else name
            instance = int(match.group("instance") or 0) if match else 0
            array = int(match.group("array") or 0) if match else 0
            if key in fields:  # another instance / array item of a field already read
                variable = fields[key]
                if match and match.group("instance") is not None:
                    variable["instances"] = max(variable.get("instances", 1), instance + 1)
                if match and match.group("array") is not None:
                    variable["array_size"] = max(variable.get("array_size", 1), array + 1)
                for column, value in cells.items():
                    rec.dropped(cell(row.number, column), value, "ukbiobank:instance_array_collapse",
                                f"row of {name}, one more instance/array item of {key}")
                continue
            table = self._table(rec, row, cells, tables)
            variable: dict[str, Any] = {"source_identifier": key}
            rec.mapped(cell(row.number, "name"), "tables[].variables[].source_identifier")
            if match and match.group("instance") is not None:
                variable["instances"] = instance + 1
            if match and match.group("array") is not None:
                variable["array_size"] = array + 1
            annotations: list[dict[str, str]] = []
            for column, value in cells.items():
                if column in ("name", "folder_path"):
                    continue
                slot, spec = COLUMNS.get(column, (None, None))
                pointer = cell(row.number, column)
                if slot is None:
                    rec.unmapped(pointer, value, f"RAP data dictionary column {column!r} has no model slot")
                    continue
                if slot.startswith("annotation:"):
                    annotations.append(annotation("ukbiobank", slot.split(":", 1)[1], value.strip()))
                    rec.mapped(pointer, "tables[].variables[].annotations[]")
                    continue
                new = rec.rule(pointer, f"tables[].variables[].{slot}", value, spec) if spec else value.strip()
                if spec is None:
                    rec.mapped(pointer, f"tables[].variables[].{slot}")
                if new is ABSENT:
                    continue
                if slot == "name":
                    new = _TITLE_SUFFIX.sub("", new)
                if slot == "data_type":
                    variable["source_data_type"] = value.strip()
                variable[slot] = new
            if "name" not in variable:
                variable["name"] = key
                rec.account.default(f"tables[].variables[{key}].name", key, "the field has no title; its id names it")
            if annotations:
                variable["annotations"] = annotations
            coding = cells.get("coding_name", "").strip()
            if coding:
                if coding in codings:
                    variable["value_set"] = self._value_set(rec, codings[coding], codings_name,
                                                            coding not in done_codings)
                    done_codings.add(coding)
                else:
                    missing.add(coding)
            fields[key] = variable
            table["variables"].append(variable)
        if missing:
            where = f"not in {codings_name}" if codings_name else "no codings file beside the dictionary"
            rec.account.warn(f"column coding_name: {len(missing)} coding(s) {where}, so their fields have no "
                             f"value set: {', '.join(sorted(missing))}")
        for name, members in codings.items():
            if name in done_codings:
                continue
            for row in members:
                for column, value in row.cells.items():
                    if value and value.strip():
                        pointer = cell(row.number, column, codings_name)
                        rec.read(pointer, value)
                        rec.unmapped(pointer, value, f"coding {name} is used by no field of the dictionary")
        title = "UK Biobank"
        rec.account.default("title", title, "a RAP data dictionary is UK Biobank's and has no title of its own")
        result.record = rec.finish({"title": title, "tables": list(tables.values())})
        return result

    @staticmethod
    def _table(rec: RecordBuilder, row: Row, cells: dict[str, str], tables: dict[str, dict[str, Any]]):
        path = cells.get("folder_path", "").strip()
        parts = [p.strip() for p in re.split(r"\s*>\s*", path) if p.strip()] or [cells.get("entity", "participant")]
        key = " > ".join(parts)
        table = tables.get(key)
        if table is None:
            taken = {t["name"] for t in tables.values()}
            table = {"name": parts[-1] if parts[-1] not in taken else key, "variables": []}
            if len(parts) > 1:
                table["container"] = " > ".join(parts[:-1])
            tables[key] = table
        if path:
            if path == key:
                rec.mapped(cell(row.number, "folder_path"), "tables[].name")
            else:
                rec.account.normalise(cell(row.number, "folder_path"), "tables[].name", path, key, "ukbiobank:path")
        return table

    @staticmethod
    def _value_set(rec: RecordBuilder, rows: list[Row], file: str | None, account: bool) -> list[dict[str, Any]]:
        codes = [r.get("code").strip() for r in rows]
        has_parents = any(r.get("parent_code").strip() for r in rows)
        parents = ({c: r.get("parent_code").strip() for c, r in zip(codes, rows) if r.get("parent_code").strip()}
                   if has_parents else infer_parents(codes))
        targets = {"coding_name": "tables[].variables[].value_set", "code": "tables[].variables[].value_set[].code",
                   "meaning": "tables[].variables[].value_set[].label",
                   "parent_code": "tables[].variables[].value_set[].parent_code",
                   "display_order": "tables[].variables[].value_set (order)"}
        entries = []
        for code, row in zip(codes, rows):
            entry: dict[str, Any] = {"code": code}
            meaning = row.get("meaning").strip()
            if meaning:
                entry["label"] = meaning
            if code in parents:
                entry["parent_code"] = parents[code]
            if code.startswith("-") and MISSING_MEANING.search(meaning):
                entry["is_missing"] = True
            entries.append(entry)
            if not account:
                continue
            for column, value in row.cells.items():
                if not value or not value.strip():
                    continue
                pointer = cell(row.number, column, file)
                rec.read(pointer, value)
                if column in targets:
                    rec.mapped(pointer, targets[column])
                else:
                    rec.unmapped(pointer, value, f"RAP codings column {column!r} has no model slot")
        return entries


READERS = [UkbRapReader()]
