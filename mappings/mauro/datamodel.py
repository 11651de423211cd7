"""Mauro Data Mapper DataModel exports (JSON export versions 2.0-3.2, XML 3.x) -> one dataset per model.

National clinical audits publish their data standards as Mauro models. Nested data classes
become tables (a nested class's `container` is its parent path, "Core > Named operations"),
data elements become variables, enumeration types value sets; metadata (namespace, key,
value) becomes `mauro:<key>` annotations. The mapping is the crosswalk
`crosswalks/mauro-datamodel.yaml` (data) plus the hooks below for the recursive parts.

XML exports are parsed safely (no DTD, no entity expansion, no network) into the JSON
export's layout, so both use one crosswalk and XML values are located by the JSON Pointer
of the same value in that layout (`/dataModel/childDataClasses/0/label`).
"""
from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import Any, Iterator

import yaml

from harmonise.accounting import Account, count_source_values, leaves
from harmonise.crosswalk import Context, Crosswalk, prune
from harmonise.errors import InputError, RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.normalise import ABSENT, Rejected
from harmonise.normalise import get as rule
from harmonise.sources import Source, iter_json_items
from harmonise.builder import annotation
from harmonise.xml import local
from harmonise.xml import parse as parse_xml

CROSSWALK = Path(__file__).resolve().parent / "crosswalks" / "mauro-datamodel.yaml"
BOOKKEEPING = "Mauro catalogue bookkeeping (internal id, index, timestamp)"


#: Files larger than this are sniffed from their head only.
DETECT_PARSE_LIMIT = 8 * 1024 * 1024


@functools.lru_cache(maxsize=1)
def crosswalks() -> dict[str, Crosswalk]:
    doc = yaml.safe_load(CROSSWALK.read_text(encoding="utf-8"))
    return {part: Crosswalk(f"mauro/{part}", doc[part], source=str(CROSSWALK))
            for part in ("model", "export", "data_class", "data_element", "data_type")}


def walk(part: str, ctx: Context, doc: Any, pointer: str) -> None:
    if not isinstance(doc, dict):
        raise RecordError(f"expected an object, found {type(doc).__name__}", where=pointer)
    crosswalks()[part].apply(doc, ctx.account, HOOKS, context=ctx, pointer=pointer)


def child_context(ctx: Context, out: dict[str, Any], account: Account | None = None) -> Context:
    child = Context(account or ctx.account)
    child.out = out
    child.state = ctx.state
    child.extensions = ctx.extensions
    return child


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _blank(value: Any) -> bool:
    """No label: absent, empty text, or an empty list or object (which the crosswalk skips)."""
    if isinstance(value, (list, dict)):
        return not value
    return value is None or not _text(value).strip()


# -- hooks ---------------------------------------------------------------------------------
def annotation_hook(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """A property the model has no slot for, kept as a `mauro:<name>` annotation."""
    name = pointer.rsplit("/", 1)[-1]
    items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
    for index, item in items:
        ptr = pointer if index is None else f"{pointer}/{index}"
        if isinstance(item, (dict, list)):
            for p, v in leaves(item, ptr):
                ctx.unmapped(p, v, f"structured {name} (not read)")
            continue
        if item is None or _text(item).strip() == "":
            continue
        ctx.out.setdefault("annotations", []).append(annotation("mauro", name, _text(item)))
        ctx.account.map(ptr, "annotations[]")


def metadata_hook(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """Mauro metadata [{namespace, key, value}] -> `mauro:<key>` annotations; namespaces listed once on the dataset."""
    if not isinstance(value, list):
        raise RecordError(f"expected an array of metadata, found {type(value).__name__}", where=pointer)
    for index, item in enumerate(value):
        ptr = f"{pointer}/{index}"
        if not isinstance(item, dict):
            raise RecordError("expected a metadata object {namespace, key, value}", where=ptr)
        key, text = item.get("key"), item.get("value")
        has_value = text is not None and _text(text).strip() != ""
        for field, field_value in item.items():
            field_ptr = f"{ptr}/{field}"
            if field_value is None or (isinstance(field_value, str) and not field_value.strip()):
                continue
            if field == "key" and has_value:
                ctx.account.map(field_ptr, "annotations[].property")
            elif field == "value" and key:
                ctx.account.map(field_ptr, "annotations[].value")
            elif field == "namespace" and key and has_value:
                ctx.state.setdefault("namespaces", []).append(_text(field_value))
                ctx.account.map(field_ptr, "annotations[]")
            elif field in ("id", "lastUpdated"):
                ctx.unmapped(field_ptr, field_value, BOOKKEEPING)
            else:
                ctx.unmapped(field_ptr, field_value, f"metadata {field} without a key and value" if field in
                             ("key", "value", "namespace") else f"metadata field {field}")
        if key and has_value:
            ctx.out.setdefault("annotations", []).append(annotation("mauro", _text(key).strip(), _text(text)))


def _position(item: Any, fallback: int) -> tuple[int, int]:
    try:
        return int(item.get("index")), fallback  # type: ignore[union-attr]
    except (TypeError, ValueError, AttributeError):
        return 1 << 30, fallback


def ordered(items: list[Any]) -> list[tuple[int, Any]]:
    """(source position, item) in Mauro's `index` order (source order where there is none)."""
    return sorted(enumerate(items), key=lambda pair: _position(pair[1], pair[0]))


def order(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`index` gives the position of a class, element or enumeration value: it orders the output lists."""
    parts = pointer.split("/")
    kind = {"childDataClasses": "tables[]", "dataClasses": "tables[]", "dataElements": "tables[].variables[]",
            "enumerationValues": "tables[].variables[].value_set[]"}.get(parts[-3] if len(parts) >= 3 else "", "")
    ctx.account.map(pointer, f"{kind} (order)" if kind else "(order)")


def min_multiplicity(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """minMultiplicity 0 -> optional, 1 or more -> mandatory."""
    try:
        number = rule("integer")(value)
    except Rejected as exc:
        ctx.unmapped(pointer, value, f"integer: {exc}", reason="rejected")
        return
    if number is ABSENT:
        return
    level = "mandatory" if number >= 1 else "optional"
    ctx.out["requirement"] = level
    ctx.account.normalise(pointer, "tables[].variables[].requirement", value, level, "multiplicity",
                          "minMultiplicity 0 = optional, 1 or more = mandatory")


def model_data_types(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """The model's data types: read after the walk, once it is known which elements use them."""
    if not isinstance(value, list):
        raise RecordError(f"expected an array of data types, found {type(value).__name__}", where=pointer)
    ctx.state["model_types"] = (pointer, value)


def data_classes(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    if not isinstance(value, list):
        raise RecordError(f"expected an array of data classes, found {type(value).__name__}", where=pointer)
    parents: list[str] = ctx.state.setdefault("parents", [])
    for index, data_class in ordered(value):
        ptr = f"{pointer}/{index}"
        if not isinstance(data_class, dict):
            raise RecordError("expected a data class object", where=ptr)
        label = data_class.get("label")
        if _blank(label):
            raise RecordError("a data class without a label", where=f"{ptr}/label")
        table: dict[str, Any] = {}
        if parents:
            table["container"] = " > ".join(parents)
        ctx.state.setdefault("tables", []).append(table)
        parents.append(_text(label).strip())
        try:
            walk("data_class", child_context(ctx, table), data_class, ptr)
        finally:
            parents.pop()


def data_elements(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    if not isinstance(value, list):
        raise RecordError(f"expected an array of data elements, found {type(value).__name__}", where=pointer)
    for index, element in ordered(value):
        ptr = f"{pointer}/{index}"
        if not isinstance(element, dict):
            raise RecordError("expected a data element object", where=ptr)
        if _blank(element.get("label")):
            raise RecordError("a data element without a label", where=f"{ptr}/label")
        variable: dict[str, Any] = {}
        walk("data_element", child_context(ctx, variable), element, ptr)
        ctx.out.setdefault("variables", []).append(variable)


def element_data_type(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    if not isinstance(value, dict):
        raise RecordError(f"expected a data type object, found {type(value).__name__}", where=pointer)
    walk("data_type", ctx, value, pointer)
    _check_codes(ctx.out, pointer)
    _order_values(ctx.out, value)
    used = ctx.state.setdefault("used_types", set())
    used.update(str(value[k]) for k in ("id", "label") if value.get(k) is not None)
    if value.get("domainType") == "EnumerationType" and not value.get("enumerationValues"):
        ctx.state.setdefault("pending", []).append((ctx.out, value.get("id"), value.get("label")))


def _check_codes(out: dict[str, Any], pointer: str) -> None:
    """An enumeration value with a label but no key fails the record at the key's pointer (the
    model needs a code; without this check it failed later with only a model path). Entries
    are still in source order here."""
    entries = out.get("value_set")
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and not entry.get("code") and any(v not in (None, "") for v in entry.values()):
            raise RecordError("an enumeration value without a key (the model needs its code)",
                              where=f"{pointer}/enumerationValues/{i}/key")


def _order_values(out: dict[str, Any], data_type: dict[str, Any]) -> None:
    """Value-set entries in the enumeration's `index` order (the crosswalk filled them in source order)."""
    values = data_type.get("enumerationValues")
    entries = out.get("value_set")
    if isinstance(values, list) and isinstance(entries, list) and len(values) == len(entries):
        out["value_set"] = [entries[i] for i, _ in ordered(values)]


def data_type_label(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """The data type's label is the source's type name; the model type is added when recognisable."""
    text = _text(value).strip()
    ctx.out["source_data_type"] = text
    ctx.account.map(pointer, "tables[].variables[].source_data_type")
    try:
        model_type = rule("data_type")(text)
    except (Rejected, KeyError):
        return
    if model_type not in (None, ABSENT):
        ctx.out["data_type"] = model_type


def domain_type(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    target = {"EnumerationType": "tables[].variables[].value_set", "ReferenceType": "tables[].variables[].references"}
    ctx.account.map(pointer, target.get(_text(value), "tables[].variables[].source_data_type"))


def export_version(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    ctx.state["export_version"] = _text(value)
    ctx.account.map(pointer, "conversion.source_format_version")


HOOKS = {
    "annotation": annotation_hook,
    "metadata": metadata_hook,
    "min_multiplicity": min_multiplicity,
    "model_data_types": model_data_types,
    "data_classes": data_classes,
    "data_elements": data_elements,
    "element_data_type": element_data_type,
    "data_type_label": data_type_label,
    "domain_type": domain_type,
    "export_version": export_version,
    "order": order,
}


# -- records -------------------------------------------------------------------------------
def convert(model: Any, pointer: str, export: Any, source_name: str, fmt: str | None) -> RecordResult:
    doc_values = count_source_values(model) + (count_source_values(export) if isinstance(export, dict) else 0)
    account = Account(source_values=doc_values)
    result = RecordResult(source=source_name, pointer=pointer, account=account, format_version=fmt)
    try:
        if not isinstance(model, dict):
            raise RecordError(f"expected a data model object, found {type(model).__name__}", where=pointer)
        ctx = Context(account)
        ctx.state["tables"] = []
        walk("model", ctx, model, pointer)
        if isinstance(export, dict):
            walk("export", ctx, export, "/exportMetadata")
        _finish_types(ctx)
        record = prune(ctx.out)
        if not record.get("title"):
            raise RecordError("the data model has no label", where=f"{pointer}/label")
        namespaces = sorted(set(ctx.state.get("namespaces", [])))
        record.setdefault("annotations", []).extend(annotation("mauro", "metadata_namespace", n) for n in namespaces)
        tables = prune(ctx.state["tables"])
        if tables:
            record["tables"] = tables
        if not record["annotations"]:
            del record["annotations"]
        if ctx.extensions:
            record["extensions"] = ctx.extensions
        if ctx.state.get("export_version"):
            result.format_version = ctx.state["export_version"]
        result.record = record
    except RecordError as exc:
        result.error = exc
    return result


def _finish_types(ctx: Context) -> None:
    """Account the model-level data types; give 2.0-style elements their enumeration values."""
    pointer, types = ctx.state.get("model_types", ("", []))
    used = ctx.state.get("used_types", set())
    value_sets: dict[str, list] = {}
    for index, data_type in enumerate(types):
        ptr = f"{pointer}/{index}"
        if not isinstance(data_type, dict):
            raise RecordError("expected a data type object", where=ptr)
        keys = {str(data_type[k]) for k in ("id", "label") if data_type.get(k) is not None}
        if keys & used:
            scratch = child_context(ctx, {})
            walk("data_type", scratch, data_type, ptr)
            _check_codes(scratch.out, ptr)
            _order_values(scratch.out, data_type)
            for key in keys:
                value_sets[key] = scratch.out.get("value_set", [])
        else:
            for p, v in leaves(data_type, ptr):
                ctx.unmapped(p, v, "a data type no data element uses")
    for variable, type_id, label in ctx.state.get("pending", []):
        found = value_sets.get(str(type_id)) or value_sets.get(str(label))
        if found:
            variable["value_set"] = copy.deepcopy(found)


# -- files ---------------------------------------------------------------------------------
LIST_CONTAINERS = frozenset({
    "metadata", "dataTypes", "childDataClasses", "dataClasses", "dataElements", "enumerationValues", "dataModels",
    "classifiers", "aliases", "annotations", "childAnnotations", "rules", "ruleRepresentations", "semanticLinks",
    "summaryMetadata", "summaryMetadataReports",
})
_WRAP = re.compile(r"[ \t]*\n[ \t]+")


def xml_to_doc(element: Any) -> Any:
    """A Mauro XML export element in the JSON export's layout (plural containers -> arrays)."""
    name = local(element.tag)
    kids = [c for c in element if isinstance(c.tag, str)]
    if name in LIST_CONTAINERS:
        if not kids and not (element.text or "").strip():
            return []
        if kids and len({local(k.tag) for k in kids}) == 1:
            return [xml_to_doc(k) for k in kids]
    if kids:
        out: dict[str, Any] = {}
        for kid in kids:
            key = local(kid.tag)
            value = xml_to_doc(kid)
            if key in out:
                out[key] = (out[key] if isinstance(out[key], list) else [out[key]]) + [value]
            else:
                out[key] = value
        return out
    text = element.text or ""
    # the XML exporter wraps long values over indented lines; the JSON export has them on one line
    return _WRAP.sub(" ", text.strip())


def load(source: Source) -> tuple[Any, str | None]:
    """(document in the JSON layout, export version) of a JSON or XML export."""
    if source.suffix == ".xml" or source.head_text().lstrip().startswith("<"):
        root = parse_xml(source.read_bytes(), source.name)
        if local(root.tag) != "exportModel":
            raise InputError(f"expected a Mauro export (<exp:exportModel>), found <{local(root.tag)}>",
                             file=source.name, where="line 1")
        doc = xml_to_doc(root)
        if not isinstance(doc, dict):
            raise InputError("the Mauro export is empty", file=source.name, where="line 1")
        version = re.search(r"/export/(\d+(?:\.\d+)*)", root.nsmap.get("exp", "") or "")
        return doc, version.group(1) if version else None
    doc = source.json()
    exporter = (doc.get("exportMetadata") or {}).get("exporter") if isinstance(doc, dict) else None
    return doc, str(exporter.get("version")) if isinstance(exporter, dict) and exporter.get("version") else None


class MauroReader(Reader):
    name = "mauro"
    title = "Mauro Data Mapper DataModel export (JSON 2.0-3.2, XML)"
    format_versions = ("2.0", "3.0", "3.1", "3.2")
    suffixes = (".json", ".xml")

    def detect(self, source: Source) -> Detection | None:
        head = source.head()
        if source.suffix == ".xml" or head.lstrip().startswith(b"<"):
            if b"exportModel" in head and b"maurodatamapper.com/" in head:
                version = re.search(rb"maurodatamapper\.com/export/(\d+(?:\.\d+)*)", head)
                return Detection(self.name, 0.95, "Mauro XML export (exp:exportModel, maurodatamapper.com namespace)",
                                 version.group(1).decode() if version else None)
            return None
        if not source.looks_like_json() or b'"dataModel' not in head:
            return None
        if source.size > DETECT_PARSE_LIMIT:
            # never parse a big file whole just to sniff it (an HDR UK bulk export also has
            # "dataModels"); Mauro's own keys in the head decide instead
            if b'"childDataClasses"' in head or b'"dataTypes"' in head:
                return Detection(self.name, 0.7, "Mauro DataModel keys (childDataClasses / dataTypes) in the file head")
            return None
        doc = source.json()
        if not isinstance(doc, dict) or not ("dataModel" in doc or "dataModels" in doc):
            return None
        exporter = (doc.get("exportMetadata") or {}).get("exporter") or {}
        if "maurodatamapper" in str(exporter.get("namespace", "")):
            return Detection(self.name, 0.95, f"Mauro export metadata ({exporter.get('name')})",
                             str(exporter.get("version")) if exporter.get("version") else None)
        model = doc.get("dataModel")
        if isinstance(model, dict) and ("childDataClasses" in model or "dataTypes" in model):
            return Detection(self.name, 0.7, "Mauro DataModel layout (dataModel with childDataClasses / dataTypes)")
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        doc, version = load(source)
        if not isinstance(doc, dict):
            raise InputError("expected a Mauro export object {dataModel | dataModels, exportMetadata}", file=source.name)
        export = doc.get("exportMetadata")
        if isinstance(doc.get("dataModel"), dict):
            yield convert(doc["dataModel"], "/dataModel", export, source.name, version)
        elif isinstance(doc.get("dataModels"), list):
            items = iter_json_items(source, "dataModels.item") if source.suffix != ".xml" else enumerate(doc["dataModels"])
            for index, model in items:
                yield convert(model, f"/dataModels/{index}", export, source.name, version)
        elif "dataModel" in doc or "dataModels" in doc:
            key = "dataModel" if "dataModel" in doc else "dataModels"
            wanted = "an object" if key == "dataModel" else "a list of objects"
            raise InputError(f"{key} must be {wanted}, found {type(doc[key]).__name__}", file=source.name,
                             where=f"/{key}")
        else:
            raise InputError("a Mauro export holds a dataModel or dataModels; this file has neither",
                             file=source.name, where="/dataModel")
