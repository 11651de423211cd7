"""Reader `schemaorg`: schema.org / Bioschemas `Dataset` descriptions in JSON-LD.

Never touches the network: the `@context` is not fetched; keys are taken as schema.org
terms (plain, or prefixed `schema:` / `sdo:`). A file may hold one Dataset node, an array
of nodes, or an `@graph`; every Dataset node is a record.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from harmonise.crosswalk import Context
from harmonise.mapping import Detection
from harmonise.mappings._exchange import CrosswalkReader, convert_value, escape, unmap_tree
from harmonise.mappings._values import text_value
from harmonise.sources import Source

HERE = Path(__file__).resolve().parent
_PREFIX = re.compile(r"^(?:schema|sdo|schemaorg):|^https?://schema\.org/")
_DATASET_TYPES = {"dataset", "schema:dataset", "https://schema.org/dataset", "http://schema.org/dataset",
                  "sdo:dataset"}


def _is_schema_context(context: Any) -> bool:
    if isinstance(context, str):
        return "schema.org" in context
    if isinstance(context, list):
        return any(_is_schema_context(c) for c in context)
    if isinstance(context, dict):
        return any(isinstance(v, str) and "schema.org" in v for v in context.values()) or \
            _is_schema_context(context.get("@vocab"))
    return False


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type")
    items = kind if isinstance(kind, list) else [kind]
    return [str(t).casefold() for t in items if isinstance(t, str)]


def is_dataset(node: Any) -> bool:
    return isinstance(node, dict) and any(t in _DATASET_TYPES for t in _types(node))


def _items(value: Any, pointer: str) -> list[tuple[str, Any]]:
    if isinstance(value, list):
        return [(f"{pointer}/{n}", v) for n, v in enumerate(value)]
    return [(pointer, value)]


# -- hooks ----------------------------------------------------------------------------------
def node_type(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    for item_pointer, item in _items(value, pointer):
        if isinstance(item, str) and item.casefold() in _DATASET_TYPES:
            ctx.account.map(item_pointer, "(record class: dcat:Dataset)")
        else:
            unmap_tree(ctx, item, item_pointer, "additional JSON-LD type")


def node_id(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`@id` is the node's IRI: the record id (and, for a doi.org IRI, the DOI)."""
    new = convert_value(ctx, pointer, "id", value, ("string",))
    if new:
        ctx.set("id", new)
        doi = _doi(new)
        if doi and not ctx.get("doi"):
            ctx.set("doi", doi)


def _doi(text: str) -> str | None:
    from harmonise.normalise import get
    from harmonise.normalise.base import Rejected

    try:
        found = get("doi")(text)
    except Rejected:
        return None
    return found or None


def identifier(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """A string (a DOI is recognised), a URL, or PropertyValue objects -> doi / alternate identifiers."""
    for item_pointer, item in _items(value, pointer):
        if isinstance(item, dict):
            for key, sub in item.items():
                sub_pointer = f"{item_pointer}/{escape(key)}"
                if key == "value":
                    new = convert_value(ctx, sub_pointer, "alternate_identifiers[]", sub, ("string",))
                    scheme = item.get("propertyID")
                    if new:
                        ctx.set("alternate_identifiers[]", f"{scheme}:{new}" if scheme and not str(new).startswith(f"{scheme}:") else new)
                elif key == "propertyID":
                    ctx.account.map(sub_pointer, "alternate_identifiers[]")
                elif key == "@type" and sub == "PropertyValue":
                    ctx.account.map(sub_pointer, "alternate_identifiers[]")
                else:
                    unmap_tree(ctx, sub, sub_pointer, "identifier detail with no model slot")
            continue
        if not isinstance(item, (str, int)):
            unmap_tree(ctx, item, item_pointer, "identifier of an unexpected kind")
            continue
        text = str(item)
        doi = _doi(text)
        if doi and not ctx.get("doi"):
            ctx.set("doi", doi)
            if doi == text:
                ctx.account.map(item_pointer, "doi")
            else:
                ctx.account.normalise(item_pointer, "doi", text, doi, "doi")
            continue
        ctx.set("alternate_identifiers[]", text)
        ctx.account.map(item_pointer, "alternate_identifiers[]")


def keywords(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    for item_pointer, item in _items(value, pointer):
        if isinstance(item, dict):  # DefinedTerm
            name = item.get("name")
            for key, sub in item.items():
                sub_pointer = f"{item_pointer}/{escape(key)}"
                if key == "name":
                    new = text_value(ctx, sub_pointer, "keywords[]", sub)
                    if new:
                        ctx.set("keywords[]", new)
                elif key == "@type" and name:
                    ctx.account.map(sub_pointer, "keywords[]")
                else:
                    unmap_tree(ctx, sub, sub_pointer, "keyword detail with no model slot")
            continue
        new = text_value(ctx, item_pointer, "keywords[]", item, ("split_list",))
        if new:
            ctx.set("keywords[]", new)


_AGENT_FIELDS = {
    "name": ("name", ()), "legalName": ("name", ()), "@id": ("identifier", ()), "identifier": ("identifier", ("string",)),
    "url": ("homepage", ("url",)), "logo": ("logo", ("url",)), "description": ("description", ()),
    "email": ("contact_points[].email", ("email",)),
}


def agent(ctx: Context, value: Any, pointer: str, target: str) -> dict[str, Any] | None:
    """One Person/Organization (or a plain name) as an Agent; every value accounted."""
    if isinstance(value, str):
        new = text_value(ctx, pointer, f"{target}.name", value)
        return {"name": new} if new else None
    if not isinstance(value, dict):
        unmap_tree(ctx, value, pointer, "agent of an unexpected kind")
        return None
    out: dict[str, Any] = {}
    for key, sub in value.items():
        sub_pointer = f"{pointer}/{escape(key)}"
        if key == "@type" and isinstance(sub, str) and sub in {"Organization", "Person", "Organisation"}:
            ctx.account.map(sub_pointer, f"{target} (agent)")
            continue
        spec = _AGENT_FIELDS.get(key)
        if spec is None or isinstance(sub, (dict, list)):
            unmap_tree(ctx, sub, sub_pointer, "agent property with no model slot")
            continue
        slot, rules = spec
        if slot in out:  # legalName after name: the same thing said twice
            if is_same(out[slot], sub):
                ctx.account.map(sub_pointer, f"{target}.{slot}")
            else:
                ctx.unmapped(sub_pointer, sub, f"{target}.{slot} already set", reason="superseded")
            continue
        new = (convert_value if rules else text_value)(ctx, sub_pointer, f"{target}.{slot}", sub, rules)
        if new is None:
            continue
        if slot == "contact_points[].email":
            out.setdefault("contact_points", []).append({"email": new})
        else:
            out[slot] = new
    return out or None


def is_same(a: Any, b: Any) -> bool:
    return str(a).strip().casefold() == str(b).strip().casefold()


def creators(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    for item_pointer, item in _items(value, pointer):
        found = agent(ctx, item, item_pointer, "creators[]")
        if found:
            ctx.set("creators[]", found)


def publisher(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    for n, (item_pointer, item) in enumerate(_items(value, pointer)):
        if n > 0 or ctx.get("publisher"):
            unmap_tree(ctx, item, item_pointer, "a second publisher (the model has one)", "superseded")
            continue
        found = agent(ctx, item, item_pointer, "publisher")
        if found:
            ctx.set("publisher", found)


def custodian(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """schema.org `provider`: the organisation that provides the data (the custodian)."""
    for n, (item_pointer, item) in enumerate(_items(value, pointer)):
        if n > 0 or ctx.get("data_custodian"):
            unmap_tree(ctx, item, item_pointer, "a second provider (the model has one custodian)", "superseded")
            continue
        found = agent(ctx, item, item_pointer, "data_custodian")
        if found:
            ctx.set("data_custodian", found)


def license(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    for n, (item_pointer, item) in enumerate(_items(value, pointer)):
        if n > 0:
            unmap_tree(ctx, item, item_pointer, "a second licence (the model has one)", "superseded")
            continue
        if isinstance(item, dict):
            chosen = "url" if item.get("url") else ("@id" if item.get("@id") else "name")
            for key, sub in item.items():
                sub_pointer = f"{item_pointer}/{escape(key)}"
                if key == chosen:
                    new = text_value(ctx, sub_pointer, "license", sub)
                    if new:
                        ctx.set("license", new)
                elif key == "@type":
                    ctx.account.map(sub_pointer, "license")
                else:
                    unmap_tree(ctx, sub, sub_pointer, "licence detail (the model keeps the licence IRI)")
            continue
        new = text_value(ctx, item_pointer, "license", item)
        if new:
            ctx.set("license", new)


def spatial(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    for item_pointer, item in _items(value, pointer):
        if isinstance(item, dict):  # Place
            name = item.get("name")
            for key, sub in item.items():
                sub_pointer = f"{item_pointer}/{escape(key)}"
                if key == "name":
                    new = convert_value(ctx, sub_pointer, "spatial_coverage[]", sub, ("location",))
                    if new:
                        ctx.set("spatial_coverage[]", new)
                elif key == "@type" and name:
                    ctx.account.map(sub_pointer, "spatial_coverage[]")
                else:
                    unmap_tree(ctx, sub, sub_pointer, "place detail (geometry) with no model slot")
            continue
        new = convert_value(ctx, item_pointer, "spatial_coverage[]", item, ("location",))
        if new:
            ctx.set("spatial_coverage[]", new)


def temporal(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """An ISO 8601 interval "start/end" ("../end", "start/.." open-ended) -> temporal coverage."""
    if not isinstance(value, str) or "/" not in value:
        new = convert_value(ctx, pointer, "temporal_coverage.start_date", value, ("date",))
        if new:
            ctx.set("temporal_coverage.start_date", new)
        return
    from harmonise.normalise import get
    from harmonise.normalise.base import Rejected

    start, _, end = value.partition("/")
    period: dict[str, Any] = {}
    try:
        if start.strip() not in ("", ".."):
            period["start_date"] = get("date")(start)
        if end.strip() in ("", ".."):
            period["ongoing"] = True
        else:
            period["end_date"] = get("date")(end)
    except Rejected as exc:
        ctx.unmapped(pointer, value, f"date: {exc}", reason="rejected")
        return
    ctx.set("temporal_coverage", period)
    ctx.account.normalise(pointer, "temporal_coverage", value, period, "iso_interval")


def citation(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """Publications to cite with the dataset: text, a DOI, or a CreativeWork (its @id/url/name)."""
    for item_pointer, item in _items(value, pointer):
        if isinstance(item, dict):
            chosen = next((k for k in ("@id", "url", "identifier", "name") if item.get(k)), None)
            for key, sub in item.items():
                sub_pointer = f"{item_pointer}/{escape(key)}"
                if key == chosen:
                    new = convert_value(ctx, sub_pointer, "publications_about[]", sub, ("string",))
                    if new:
                        ctx.set("publications_about[]", new)
                elif key == "@type" and chosen:
                    ctx.account.map(sub_pointer, "publications_about[]")
                else:
                    unmap_tree(ctx, sub, sub_pointer, "citation detail with no model slot")
            continue
        new = convert_value(ctx, item_pointer, "publications_about[]", item, ("string",))
        if new:
            ctx.set("publications_about[]", new)


_DIST_FIELDS = {"name": ("title", ()), "description": ("description", ()), "contentUrl": ("download_url", ()),
                "url": ("access_url", ("url",)), "encodingFormat": ("media_type", ()), "fileFormat": ("format", ()),
                "contentSize": ("byte_size", ("count",)), "license": ("license", ()),
                "datePublished": ("issued", ("date",)), "dateModified": ("modified", ("date",))}


def distribution(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    for item_pointer, item in _items(value, pointer):
        if not isinstance(item, dict):
            new = text_value(ctx, item_pointer, "distributions[].download_url", item)
            if new:
                ctx.set("distributions[]", {"download_url": new})
            continue
        entry: dict[str, Any] = {}
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            if key == "@type":
                ctx.account.map(sub_pointer, "distributions[]")
                continue
            spec = _DIST_FIELDS.get(key)
            if spec is None or isinstance(sub, (dict, list)):
                unmap_tree(ctx, sub, sub_pointer, "distribution property with no model slot")
                continue
            new = (convert_value if spec[1] else text_value)(ctx, sub_pointer, f"distributions[].{spec[0]}", sub, spec[1])
            if new is not None:
                entry[spec[0]] = new
        if entry:
            ctx.set("distributions[]", entry)


def content_url(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`contentUrl` on the Dataset itself (Bioschemas file-level records): one distribution per URL
    (s3:// and gs:// locations are kept as written)."""
    for item_pointer, item in _items(value, pointer):
        new = text_value(ctx, item_pointer, "distributions[].download_url", item)
        if new:
            ctx.set("distributions[]", {"download_url": new})


_VARIABLE_FIELDS = {"name": ("name", ()), "description": ("description", ()), "unitText": ("unit", ()),
                    "unitCode": ("unit", ()), "propertyID": ("property_url", ()), "url": ("property_url", ()),
                    "alternateName": ("label", ())}


def variables(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`variableMeasured` (text or PropertyValue) -> the variables of one table."""
    found: list[dict[str, Any]] = []
    for item_pointer, item in _items(value, pointer):
        if not isinstance(item, dict):
            new = convert_value(ctx, item_pointer, "tables[].variables[].name", item, ("string",))
            if new:
                found.append({"name": new})
            continue
        entry: dict[str, Any] = {}
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            if key == "@type":
                ctx.account.map(sub_pointer, "tables[].variables[]")
                continue
            spec = _VARIABLE_FIELDS.get(key)
            if spec is None or isinstance(sub, (dict, list)) or spec[0] in entry:
                unmap_tree(ctx, sub, sub_pointer, "variable property with no model slot")
                continue
            new = (convert_value if spec[1] else text_value)(ctx, sub_pointer, f"tables[].variables[].{spec[0]}", sub, spec[1])
            if new is not None:
                entry[spec[0]] = new
        if entry and "name" not in entry:
            entry["name"] = entry.get("label") or entry.get("property_url") or f"variable {len(found) + 1}"
        if entry:
            found.append(entry)
    if found:
        ctx.set("tables[]", {"name": "variableMeasured", "variables": found})


def catalog(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`includedInDataCatalog` -> is_part_of (a reference to the catalogue)."""
    part_of(ctx, value, pointer, indices)


def part_of(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    fields = {"name": "title", "@id": "pid", "identifier": "pid", "url": "url"}
    for item_pointer, item in _items(value, pointer):
        if not isinstance(item, dict):
            new = convert_value(ctx, item_pointer, "is_part_of[].pid", item, ("string",))
            if new:
                ctx.set("is_part_of[]", {"pid": new})
            continue
        entry: dict[str, Any] = {}
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            slot = fields.get(key)
            if key == "@type":
                ctx.account.map(sub_pointer, "is_part_of[]")
            elif slot and slot not in entry and not isinstance(sub, (dict, list)):
                new = convert_value(ctx, sub_pointer, f"is_part_of[].{slot}", sub, ("string",))
                if new:
                    entry[slot] = new
            else:
                unmap_tree(ctx, sub, sub_pointer, "catalogue detail with no model slot")
        if entry:
            ctx.set("is_part_of[]", entry)


def conforms_to(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`dct:conformsTo` (Bioschemas names its profile so): the profile IRI(s)."""
    for item_pointer, item in _items(value, pointer):
        if isinstance(item, dict):
            for key, sub in item.items():
                sub_pointer = f"{item_pointer}/{escape(key)}"
                if key in ("@id", "url") and isinstance(sub, str):
                    new = text_value(ctx, sub_pointer, "conforms_to[]", sub)
                    if new:
                        ctx.set("conforms_to[]", new)
                elif key == "@type":
                    ctx.account.map(sub_pointer, "conforms_to[]")
                else:
                    unmap_tree(ctx, sub, sub_pointer, "profile detail with no model slot")
            continue
        new = text_value(ctx, item_pointer, "conforms_to[]", item)
        if new:
            ctx.set("conforms_to[]", new)


HOOKS = {
    "conforms_to": conforms_to,
    "node_type": node_type, "node_id": node_id, "identifier": identifier, "keywords": keywords,
    "creators": creators, "publisher": publisher, "custodian": custodian, "license": license,
    "spatial": spatial, "temporal": temporal, "citation": citation, "distribution": distribution,
    "content_url": content_url, "variables": variables, "catalog": catalog, "part_of": part_of,
}


class SchemaOrgReader(CrosswalkReader):
    name = "schemaorg"
    title = "schema.org / Bioschemas Dataset (JSON-LD; the @context is never fetched)"
    format_versions = ("schema.org",)
    suffixes = (".json", ".jsonld")
    crosswalk_file = HERE / "crosswalk.yaml"
    hooks = HOOKS
    title_pointer = "/name"

    def split(self, doc: Any) -> Iterator[tuple[str, Any]]:
        if isinstance(doc, dict) and isinstance(doc.get("@graph"), list):
            for n, node in enumerate(doc["@graph"]):
                if is_dataset(node):
                    yield f"/@graph/{n}", node
            return
        if isinstance(doc, list):
            for n, node in enumerate(doc):
                if is_dataset(node):
                    yield f"/{n}", node
            return
        yield "", doc

    def detect(self, source: Source) -> Detection | None:
        if not source.looks_like_json():
            return None
        doc = source.json_skeleton()  # a bulk file is not read whole just to detect it
        nodes = doc.get("@graph") if isinstance(doc, dict) and isinstance(doc.get("@graph"), list) else doc
        nodes = nodes if isinstance(nodes, list) else [nodes]
        context = doc.get("@context") if isinstance(doc, dict) else None
        for node in nodes:
            if is_dataset(node):
                ctx = node.get("@context", context)
                if _is_schema_context(ctx):
                    return Detection(self.name, 0.95, "JSON-LD node of @type Dataset with a schema.org @context")
                if ctx is None and "name" in node:
                    return Detection(self.name, 0.6, "JSON node of @type Dataset (no @context)")
        return None

    def prepare(self, ctx: Context, doc: dict[str, Any]) -> Any:
        """`schema:name` and `sdo:name` are read as `name` (the pointers still name the source key)."""
        if not any(_PREFIX.match(k) for k in doc):
            return doc
        out: dict[str, Any] = {}
        mapping: dict[str, str] = {}
        for key, value in doc.items():
            plain = _PREFIX.sub("", key)
            if plain in out:
                plain = key
            if plain != key:
                mapping[f"/{escape(plain)}"] = f"/{escape(key)}"
            out[plain] = value
        ctx.state["pointer_map"] = mapping
        return out
