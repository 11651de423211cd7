"""The old Gateway's flattened Metadata Catalogue data-element export (`dataelements.csv`).

One row per data element: its label, description, data type, data class id and the id of
the data model (dataset) it belongs to. Rows of one data model sit together; each run of rows
becomes one record (id = the data model's id, the same id as the dataset's v1 record), with
one table per data class. The export carries no dataset title: the reader writes a visible
default title (listed as defaulted). Rows stream: one data model is held at a time.

Detection ranks it below the generic `dictionary` reader (which reads the whole file as one
data dictionary); name it with `--from hdruk-mdc-elements` to get one record per data model.
"""
from __future__ import annotations

from typing import Any, Iterator

from harmonise.accounting import Account
from harmonise.errors import RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.sources import Source

#: column -> (model path on the variable, rule) ; "annotation" keeps it as hdruk:<column>
COLUMNS: dict[str, tuple[str, str | None]] = {
    "label": ("name", None),
    "description": ("description", None),
    "dataTypeLabel": ("source_data_type", "data_type"),
    "id": ("source_identifier", None),
    "aliases": ("annotations[]", "split_list"),
    "minMultiplicity": ("annotations[]", None),
    "maxMultiplicity": ("annotations[]", None),
}
#: columns read for grouping (mapped to the record / table) or bookkeeping (unmapped, with why)
GROUPING = {"dataModel": "id", "dataClass": "tables[].name"}
BOOKKEEPING = {"domainType": "Metadata Catalogue bookkeeping (always DataElement)",
               "dataType": "Metadata Catalogue bookkeeping (the data type's kind, e.g. PrimitiveType)"}
SIGNATURE = ("label", "dataTypeLabel", "dataClass", "dataModel")


class MdcElementsReader(Reader):
    name = "hdruk-mdc-elements"
    title = "HDR UK Metadata Catalogue data-element export (dataelements.csv: one row per data element)"
    format_versions = ("1.1.7",)
    suffixes = (".csv",)

    def detect(self, source: Source) -> Detection | None:
        from harmonise.tabular import sniff_header

        header = sniff_header(source)
        if header is None:
            return None
        if all(name in header for name in SIGNATURE):
            # below the generic dictionary reader (0.2), which reads the file as one dictionary;
            # `--from hdruk-mdc-elements` gives one record per data model instead
            return Detection(self.name, 0.15, "header has label, dataTypeLabel, dataClass and dataModel "
                                              "(Metadata Catalogue data-element export; one record per data model "
                                              "with --from hdruk-mdc-elements)", "1.1.7")
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        from harmonise.tabular import iter_rows

        group: list[Any] = []
        for row in iter_rows(source, delimiter=","):
            model_id = row.get("dataModel").strip()
            if group and model_id != group[0].get("dataModel").strip():
                yield self.convert(group, source.name)
                group = []
            group.append(row)
        if group:
            yield self.convert(group, source.name)

    def convert(self, rows: list[Any], source_name: str) -> RecordResult:
        from harmonise.normalise import get as rule
        from harmonise.normalise.base import ABSENT, Rejected

        account = Account(source_values=sum(len(r.non_empty()) for r in rows))
        first = rows[0]
        result = RecordResult(source=source_name, pointer=f"row {first.number}", account=account,
                              format_version="1.1.7")
        model_id = first.get("dataModel").strip()
        tables: dict[str, dict[str, Any]] = {}
        extensions: list[dict[str, Any]] = []
        try:
            if not model_id:
                raise RecordError("required value missing (the data model id)", where=first.where("dataModel"))
            for row in rows:
                cells = row.non_empty()
                table_name = cells.get("dataClass", "").strip()
                if not table_name:
                    raise RecordError("required value missing (the data class id)", where=row.where("dataClass"))
                table = tables.setdefault(table_name, {"name": table_name, "variables": []})
                account.map(row.where("dataClass"), "tables[].name")
                account.map(row.where("dataModel"), "id")
                variable: dict[str, Any] = {}
                for column, value in cells.items():
                    if column in GROUPING:
                        continue
                    where = row.where(column)
                    if column in BOOKKEEPING:
                        account.unmap(where, value, BOOKKEEPING[column])
                        extensions.append({"source_pointer": where, "value": _json(value), "reason": "no_target",
                                           "note": BOOKKEEPING[column]})
                        continue
                    if column not in COLUMNS:
                        account.unmap(where, value, "no rule for this column")
                        extensions.append({"source_pointer": where, "value": _json(value), "reason": "not_in_crosswalk"})
                        continue
                    target, rule_name = COLUMNS[column]
                    if target == "annotations[]":
                        parts = rule(rule_name)(value) if rule_name else value
                        parts = parts if isinstance(parts, list) else [parts]
                        for part in parts:
                            variable.setdefault("annotations", []).append({"property": f"hdruk:{column}", "value": part})
                        if parts == [value]:
                            account.map(where, f"tables[].variables[].{target}")
                        else:
                            account.normalise(where, f"tables[].variables[].{target}", value, parts, rule_name)
                        continue
                    variable[target] = value
                    account.map(where, f"tables[].variables[].{target}")
                    if rule_name == "data_type":
                        try:
                            found = rule("data_type")(value)
                        except Rejected:
                            found = None
                        if found not in (None, ABSENT):
                            variable["data_type"] = found
                if not variable.get("name"):
                    raise RecordError("required value missing (the data element's label)", where=row.where("label"))
                table["variables"].append(variable)
            title = f"Data elements of Metadata Catalogue data model {model_id}"
            account.default("title", title, "the data-element export has no dataset title")
            record: dict[str, Any] = {"id": model_id, "title": title, "tables": list(tables.values())}
            if extensions:
                record["extensions"] = extensions
            result.record = record
        except RecordError as exc:
            result.error = exc
        return result


def _json(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


READERS = [MdcElementsReader()]
