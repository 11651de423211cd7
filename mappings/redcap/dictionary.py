"""REDCap data dictionaries: the CSV download (18 columns) and the API's JSON (`content=metadata`).

One dictionary is one dataset: forms become tables, fields become variables, choices
become value sets; branching logic, calculations, section headers and field annotations
are kept verbatim as `redcap:*` annotations on the variable. The column table is data,
in `fields.yaml` beside this module.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterator

import yaml

from harmonise.errors import InputError, RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.normalise import ABSENT, Rejected, rule
from harmonise.normalise import get as normalise_get
from harmonise.sources import Source
from harmonise.tabular import header_of, iter_rows
from harmonise.builder import DICTIONARY_OVERLAY_SLOTS, RecordBuilder, annotation, cell, default_title

HERE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    return yaml.safe_load((HERE / "fields.yaml").read_text(encoding="utf-8"))


def csv_headers() -> dict[str, str]:
    """CSV header -> canonical column name."""
    return {spec["csv"]: key for key, spec in table()["columns"].items()}


_LEAD = re.compile(r"^\s*([^<]+?)\s*(<(?:div|span|p|br|small|i|em)\b.*)$", re.DOTALL | re.IGNORECASE)


@rule("redcap_label")
def redcap_label(value):
    """A REDCap label "NAME <div …>what it is</div>" -> {label: NAME, description: what it is}.

    Data dictionaries often write the short label first and its explanation in styled HTML
    after it; a label that is all markup (or has no plain lead) is just stripped of it.
    """
    if not isinstance(value, str):
        raise Rejected("expected label text")
    match = _LEAD.match(value)
    if match:
        rest = normalise_get("strip_html")(match.group(2))
        if rest and rest is not ABSENT:
            return {"label": match.group(1).strip(), "description": rest}
    return normalise_get("strip_html")(value)


def data_type_for(field_type: str, validation: str) -> str | None:
    spec = table()
    by_validation = spec["validation_types"].get(validation.strip().lower()) if validation else None
    return by_validation or spec["field_types"].get(field_type.strip().lower())


class FieldMapper:
    """Maps one REDCap field (a dict of canonical column -> text) onto a variable."""

    def __init__(self, builder: RecordBuilder):
        self.b = builder

    def variable(self, cells: dict[str, tuple[str, str]], tbl: dict[str, Any]) -> dict[str, Any] | None:
        """`cells`: canonical name -> (pointer, text). Returns the variable (or None for descriptive text)."""
        spec = table_spec = table_columns()
        b = self.b
        field_type = cells.get("field_type", ("", ""))[1].strip().lower()
        name_ptr, name = cells.get("field_name", ("", ""))
        if field_type == "descriptive":
            # display text, not data: kept on the table
            for key, (ptr, text) in cells.items():
                if key == "field_label":
                    label = b.text(ptr, "tables[].annotations[]", text, html=True)
                    if label:
                        tbl.setdefault("annotations", []).append(annotation("redcap", "descriptive", f"{name}: {label}"))
                elif key in ("field_name", "field_type"):
                    b.mapped(ptr, "tables[].annotations[]")
                elif key == "form_name":
                    continue
                else:
                    self._annotation_or_unmapped(key, ptr, text, tbl, spec)
            return None
        variable: dict[str, Any] = {}
        validation = cells.get("text_validation_type_or_show_slider_number", ("", ""))[1]
        if field_type == "slider":
            validation = ""  # on a slider the column says whether to show the number, not a validation
        for key, (ptr, text) in cells.items():
            column = table_spec.get(key, {})
            if key == "form_name":
                continue  # accounted by the caller (the table)
            if key == "field_name":
                variable["name"] = text.strip()
                b.mapped(ptr, "tables[].variables[].name") if text == text.strip() else b.rule(
                    ptr, "tables[].variables[].name", text, "strip")
            elif key == "field_type":
                variable["source_data_type"] = text.strip()
                b.mapped(ptr, "tables[].variables[].source_data_type")
                model_type = data_type_for(text, validation)
                if model_type:
                    variable["data_type"] = model_type
            elif key == "select_choices_or_calculations":
                self._choices(field_type, ptr, text, variable)
            elif key == "field_label":
                self._label(ptr, text, variable)
            elif key == "identifier":
                new = b.rule(ptr, "tables[].variables[].sensitive", text, "boolean")
                if new is not ABSENT:
                    variable["sensitive"] = new
            elif key == "required_field":
                new = b.rule(ptr, "tables[].variables[].requirement", text, "enum:RequirementLevel")
                if new is not ABSENT:
                    variable["requirement"] = new
            elif key == "text_validation_type_or_show_slider_number" and field_type == "slider":
                variable.setdefault("annotations", []).append(annotation("redcap", "show_slider_number", text.strip()))
                b.mapped(ptr, "tables[].variables[].annotations[]")
            elif column.get("to"):
                target = column["to"]
                value = b.text(ptr, f"tables[].variables[].{target}", text, html=column.get("html", False))
                if value:
                    variable[target] = value
            else:
                self._annotation_or_unmapped(key, ptr, text, variable, table_spec)
        implicit = table()["implicit_choices"].get(field_type)
        if implicit and not variable.get("value_set"):
            variable["value_set"] = [{"code": c, "label": label} for c, label in implicit]
            b.account.default("tables[].variables[].value_set", [c for c, _ in implicit],
                              f"REDCap {field_type} fields are coded {', '.join(f'{c} = {lab}' for c, lab in implicit)}")
        return variable

    def _label(self, ptr: str, text: str, variable: dict[str, Any]) -> None:
        if "<" not in text and "&" not in text:
            value = self.b.text(ptr, "tables[].variables[].label", text)
            if value:
                variable["label"] = value
            return
        new = self.b.rule(ptr, "tables[].variables[].label", text, "redcap_label")
        if isinstance(new, dict):
            variable.update(new)
        elif new is not ABSENT:
            variable["label"] = new

    def _choices(self, field_type: str, ptr: str, text: str, variable: dict[str, Any]) -> None:
        how = table()["choices_as"].get(field_type)
        if how == "value_set":
            entries = self.b.rule(ptr, "tables[].variables[].value_set[]", text, "choices")
            if entries is not ABSENT:
                variable["value_set"] = entries
        elif how:
            self.b.mapped(ptr, "tables[].variables[].annotations[]")
            variable.setdefault("annotations", []).append(annotation("redcap", how, text.strip()))
        else:
            self.b.unmapped(ptr, text, f"choices on a {field_type or 'untyped'} field, which takes none")

    def _annotation_or_unmapped(self, key: str, ptr: str, text: str, obj: dict[str, Any],
                                spec: dict[str, Any]) -> None:
        column = spec.get(key)
        if column and column.get("annotation"):
            value = self.b.text(ptr, "annotations[]", text, html=column.get("html", False))
            if value:
                obj.setdefault("annotations", []).append(annotation("redcap", column["annotation"], value))
        else:
            self.b.unmapped(ptr, text, "not a REDCap data dictionary column", "not_in_crosswalk")


def table_columns() -> dict[str, Any]:
    return table()["columns"]


class RedcapDictionaryReader(Reader):
    name = "redcap"
    title = "REDCap data dictionary (CSV download or API JSON) and project XML (CDISC ODM 1.3.1)"
    format_versions = ("8+", "ODM 1.3.1")
    suffixes = (".csv", ".json", ".xml")
    overlay_slots = DICTIONARY_OVERLAY_SLOTS

    def detect(self, source: Source) -> Detection | None:
        from harmonise.mappings.redcap import odm

        if source.suffix == ".xml" or source.head_text().lstrip().startswith("<"):
            return odm.detect(self.name, source)
        if source.looks_like_json():
            head = source.head_text()
            if '"field_name"' in head and '"form_name"' in head and '"field_type"' in head:
                return Detection(self.name, 0.9, "JSON with REDCap metadata keys field_name, form_name, field_type")
            return None
        try:
            header = header_of(source)
        except InputError:
            return None
        names = set(header)
        if {"Variable / Field Name", "Form Name", "Field Type"} <= names:
            return Detection(self.name, 0.95, "REDCap data dictionary header (Variable / Field Name, Form Name, Field Type)")
        if {"field_name", "form_name", "field_type"} <= names:
            return Detection(self.name, 0.9, "REDCap API metadata header (field_name, form_name, field_type)")
        # RareLink-style files with a corrupted first header cell
        if {"Form Name", "Field Type", "Field Label"} <= names:
            return Detection(self.name, 0.7, "REDCap data dictionary header (first cell unreadable)")
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        if source.suffix == ".xml" or source.head_text().lstrip().startswith("<"):
            from harmonise.mappings.redcap import odm

            yield odm.read(source)
            return
        if source.looks_like_json():
            yield convert_rows(source.name, iter_json_fields(source), "API JSON", options)
            return
        yield convert_rows(source.name, iter_csv_fields(source), "CSV", options)


def iter_csv_fields(source: Source) -> Iterator[tuple[int, dict[str, tuple[str, str]], list[tuple[str, str]]]]:
    """(row number, canonical column -> (pointer, text), unknown (pointer, text) cells) per field row."""
    by_header = csv_headers()
    header = header_of(source)
    snake = "field_name" in header
    if not snake and "Form Name" not in header:
        raise InputError("not a REDCap data dictionary: no 'Form Name' / 'form_name' column "
                         f"(found {', '.join(h for h in header[:6] if h)})", file=source.name, where="row 1")
    first = header[0] if header else ""
    for row in iter_rows(source):
        cells: dict[str, tuple[str, str]] = {}
        unknown: list[tuple[str, str]] = []
        for column, text in row.cells.items():
            if text is None or not text.strip():
                continue
            key = column if snake else by_header.get(column)
            if key is None and column == first and not snake:
                key = "field_name"  # a corrupted first header cell is still the field name
            if key is None or key not in table_columns():
                unknown.append((cell(row.number, column), text))
            else:
                cells[key] = (cell(row.number, column), text)
        yield row.number, cells, unknown


def iter_json_fields(source: Source) -> Iterator[tuple[int, dict[str, tuple[str, str]], list[tuple[str, str]]]]:
    doc = source.json()
    if not isinstance(doc, list):
        raise InputError("expected a JSON array of REDCap fields (API content=metadata)", file=source.name)
    for index, item in enumerate(doc):
        if not isinstance(item, dict):
            raise InputError(f"expected an object, found {type(item).__name__}", file=source.name, where=f"/{index}")
        cells: dict[str, tuple[str, str]] = {}
        unknown: list[tuple[str, str]] = []
        for key, value in item.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            text = value if isinstance(value, str) else str(value)
            if key in table_columns():
                cells[key] = (f"/{index}/{key}", text)
            else:
                unknown.append((f"/{index}/{key}", value))
        yield index, cells, unknown


def convert_rows(source_name: str, rows: Iterator[tuple[int, dict[str, tuple[str, str]], list]], fmt: str,
                 options: ReadOptions | None = None) -> RecordResult:
    b = RecordBuilder()
    result = RecordResult(source=source_name, account=b.account, format_version=fmt)
    mapper = FieldMapper(b)
    tables: dict[str, dict[str, Any]] = {}
    try:
        for number, cells, unknown in rows:
            for ptr, text in [*cells.values(), *unknown]:
                b.read(ptr, text)
            for ptr, text in unknown:
                b.unmapped(ptr, text, "not a REDCap data dictionary column", "not_in_crosswalk")
            if not cells:
                continue
            if "field_name" not in cells:
                where = next(iter(cells.values()))[0].split(", column")[0]
                raise RecordError("a field without a Variable / Field Name", where=f"{where}, column Variable / Field Name")
            form_ptr, form = cells.get("form_name", ("", ""))
            form = form.strip()
            if not form:
                form = "form"
                b.account.default("tables[].name", form, f"{cells['field_name'][0].split(',')[0]} has no Form Name")
            else:
                b.mapped(form_ptr, "tables[].name")
            tbl = tables.setdefault(form, {"name": form, "variables": []})
            variable = mapper.variable(cells, tbl)
            if variable is not None:
                tbl["variables"].append(variable)
    except RecordError as exc:
        result.error = exc
        return result
    except InputError as exc:
        exc.file = exc.file or source_name
        result.error = RecordError(exc.message, file=exc.file, where=exc.where)
        return result
    if not tables:
        result.error = RecordError("the data dictionary has no fields", where="row 2")
        return result
    record: dict[str, Any] = {"tables": list(tables.values())}
    default_title(b, record, options, source_name,
                  "a REDCap data dictionary carries no dataset title; taken from the file name")
    result.record = b.finish(record)
    return result
