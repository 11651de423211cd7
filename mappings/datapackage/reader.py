"""Reader `datapackage`: Frictionless Data Package descriptors (`datapackage.json`).

Covers Data Package v1 and the legacy layout (`id` instead of `name`, `datapackage_version`,
`license` as one object, `sources[].web`, `maintainers`/`publishers`, fields with `id`).
Every resource becomes a distribution; a resource with a Table Schema is also a table whose
fields are variables, with `constraints.enum` as the value set and primary/foreign keys kept.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from harmonise import normalise
from harmonise.crosswalk import Context
from harmonise.errors import RecordError
from harmonise.mapping import Detection
from harmonise.mappings._exchange import (CrosswalkReader, collect, convert_value, escape, items_at, unmap_tree,
                                          variable_named)
from harmonise.mappings._values import first_unnamed_variable, not_text, text_value
from harmonise.normalise.base import Rejected
from harmonise.sources import Source

HERE = Path(__file__).resolve().parent

#: Table Schema field types -> model DataType (the source's type is kept as source_data_type)
FIELD_TYPES = {"string": "string", "integer": "integer", "number": "decimal", "boolean": "boolean",
               "date": "date", "datetime": "datetime", "time": "time", "year": "integer",
               "yearmonth": "string", "duration": "duration", "any": "string", "object": "string",
               "array": "string", "geopoint": "string", "geojson": "string"}


@normalise.rule("field_required")
def field_required(value):
    """Table Schema `constraints.required` (true/false) -> the model's requirement level."""
    if value is True:
        return "mandatory"
    if value is False:
        return "optional"
    raise Rejected(f"not a required flag: {value!r}")


def licenses(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """The first licence is the licence: its IRI (`path`, legacy `url`), else its name/id/type."""
    for n, (item_pointer, item) in enumerate(items_at(value, pointer)):
        if n > 0 or ctx.get("license"):
            unmap_tree(ctx, item, item_pointer, "a further licence (the model has one)", "superseded")
            continue
        if not isinstance(item, dict):
            new = text_value(ctx, item_pointer, "license", item)
            if new:
                ctx.set("license", new)
            continue
        chosen = next((k for k in ("path", "url", "name", "id", "type", "title") if item.get(k)), None)
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            if key == chosen:
                new = text_value(ctx, sub_pointer, "license", sub)
                if new:
                    ctx.set("license", new)
            else:
                unmap_tree(ctx, sub, sub_pointer, f"licence {key} (the model keeps the licence IRI)")


def source_name(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """Legacy sources carry `name`; v1 `title`. When both say the same, the name is the title again."""
    if not_text(ctx, value, pointer, "derived_from[].title"):
        return
    current = ctx.get("derived_from[].title", indices)
    if current is None:
        ctx.mapped(pointer, "derived_from[].title", value, indices)
    elif str(current).strip() == str(value).strip():
        ctx.account.map(pointer, "derived_from[].title")
    else:
        ctx.unmapped(pointer, value, "source name differs from its title", reason="superseded")


def resource_path(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`path`: a URL, or a path relative to the descriptor (kept as written); a list for chunked files."""
    items = value if isinstance(value, list) else [value]
    for n, item in enumerate(items):
        item_pointer = f"{pointer}/{n}" if isinstance(value, list) else pointer
        if n > 0:
            ctx.unmapped(item_pointer, item, "a further chunk of the same resource", reason="no_target")
            continue
        new = convert_value(ctx, item_pointer, "distributions[].download_url", item, ("string",))
        if new:
            ctx.set("distributions[].download_url", new, indices)


def field_type(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    if not_text(ctx, value, pointer, "tables[].variables[].source_data_type"):
        return
    ctx.mapped(pointer, "tables[].variables[].source_data_type", value, indices)
    found = FIELD_TYPES.get(str(value).casefold())
    if found:
        ctx.set("tables[].variables[].data_type", found, indices)


def field_format(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`format: default` says nothing; other formats (`%Y-%m-%d`, `email`) are kept."""
    if not_text(ctx, value, pointer, "tables[].variables[].format"):
        return
    if value == "default":
        ctx.account.normalise(pointer, "tables[].variables[].format", value, None, "default_format",
                              "Table Schema default format: no value")
        return
    ctx.mapped(pointer, "tables[].variables[].format", value, indices)


primary_key = collect("primary_keys")


def foreign_keys(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    if not isinstance(value, list):
        unmap_tree(ctx, value, pointer, "foreignKeys should be a list")
        return
    for n, item in enumerate(value):
        ctx.state.setdefault("foreign_keys", []).append((indices[0], item, f"{pointer}/{n}"))


HOOKS = {"licenses": licenses, "source_name": source_name, "resource_path": resource_path,
         "field_type": field_type, "field_format": field_format, "primary_key": primary_key,
         "foreign_keys": foreign_keys}


class DataPackageReader(CrosswalkReader):
    name = "datapackage"
    title = "Frictionless Data Package descriptor (datapackage.json; v1 and legacy layout)"
    format_versions = ("1.0", "pre-1.0")
    crosswalk_file = HERE / "crosswalk.yaml"
    hooks = HOOKS

    def claim(self, doc: Any, source: Source) -> Detection | None:
        resources = doc.get("resources")
        if not isinstance(resources, list) or "num_resources" in doc or "package_id" in str(resources[:1]):
            return None
        profile = str(doc.get("profile") or "")
        if source.path.name.lower() in {"datapackage.json"} or source.path.name.lower().endswith("_datapackage.json"):
            return Detection(self.name, 0.95, "file named datapackage.json with resources[]", self.version_of(doc))
        if "data-package" in profile or "datapackage_version" in doc:
            return Detection(self.name, 0.95, "Data Package profile / datapackage_version", self.version_of(doc))
        if all(isinstance(r, dict) and ("path" in r or "data" in r or "url" in r) for r in resources) and resources:
            return Detection(self.name, 0.8, "resources[] with path/data (Frictionless layout)", self.version_of(doc))
        return None

    def version_of(self, doc: dict[str, Any]) -> str | None:
        legacy = "datapackage_version" in doc or "id" in doc and "name" not in doc
        return "pre-1.0" if legacy else "1.0"

    def finish(self, ctx: Context, doc: dict[str, Any]) -> None:
        out = ctx.out
        tables = out.get("tables") or []
        dists = out.get("distributions") or []
        resources = doc.get("resources") or []
        unnamed = first_unnamed_variable(tables)
        if unnamed is not None:
            n, j = unnamed
            raise RecordError(f"field {j + 1} of resource {n + 1} has no name (Table Schema and the model require one)",
                              where=f"/resources/{n}/schema/fields/{j}/name")
        for n, resource in enumerate(resources):
            if n < len(tables) and tables[n]:
                table = tables[n]
                dist = dists[n] if n < len(dists) else {}
                table.setdefault("name", (dist or {}).get("title") or (resource or {}).get("name") or f"resource {n + 1}")
                if dist.get("download_url") and not table.get("url"):
                    table["url"] = dist["download_url"]
        for index, field, field_pointer in ctx.state.get("primary_keys", []):
            var = variable_named(tables[index] if index < len(tables) else None, field)
            if var is None:
                ctx.unmapped(field_pointer, field, "primary key names no field of the schema", reason="rejected")
                continue
            var["is_primary_key"] = True
            ctx.account.map(field_pointer, "tables[].variables[].is_primary_key")
        for index, fk, fk_pointer in ctx.state.get("foreign_keys", []):
            self._foreign_key(ctx, tables, index, fk, fk_pointer, resources)
        # a package with no id of its own is known by its name
        if not out.get("id") and isinstance(doc.get("name"), str) and doc["name"].strip():
            out["id"] = doc["name"].strip()

    def _foreign_key(self, ctx: Context, tables: list, index: int, fk: Any, pointer: str, resources: list) -> None:
        if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
            unmap_tree(ctx, fk, pointer, "foreign key without a reference")
            return
        fields = fk.get("fields")
        ref = fk["reference"]
        target_fields = ref.get("fields")
        fields = fields if isinstance(fields, list) else [fields]
        target_fields = target_fields if isinstance(target_fields, list) else [target_fields]
        ref_table = ref.get("resource") or (resources[index].get("name") if index < len(resources) else "")
        placed = False
        for field, target in zip(fields, target_fields):
            var = variable_named(tables[index] if index < len(tables) else None, field)
            if var is not None:
                var["references"] = f"{ref_table}.{target}"
                placed = True
        for key, sub in fk.items():
            sub_pointer = f"{pointer}/{escape(key)}"
            if placed:
                from harmonise.accounting import leaves

                for leaf_pointer, _leaf in leaves(sub, sub_pointer):
                    ctx.account.map(leaf_pointer, "tables[].variables[].references")
            else:
                unmap_tree(ctx, sub, sub_pointer, "foreign key names no field of the schema", "rejected")
