"""Reader `csvw`: CSV on the Web metadata (W3C CSVW table group or single table).

Tolerant of the variants real files carry: key spellings (`tableschema`, `dataType`,
`delimeter` … see aliases.yaml), `titles` as text, a list or a language map, `datatype` as a
name or an object with `base`, notes as text or a list, a single table without `tables`.
The JSON-LD `@context` is never fetched.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from harmonise.crosswalk import Context
from harmonise.errors import RecordError
from harmonise.mapping import Detection
from harmonise.mappings._exchange import (CrosswalkReader, canonicalise, collect, escape, key_folder, unmap_tree,
                                          variable_named)
from harmonise.mappings._values import first_unnamed_variable
from harmonise.mappings.datapackage.reader import field_required  # noqa: F401  (registers the rule)
from harmonise.normalise import get as rule
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.sources import Source

HERE = Path(__file__).resolve().parent

#: CSVW / XSD datatype names the shared data_type rule does not know by these spellings
DATATYPES = {"anyuri": "uri", "datetimestamp": "datetime", "gyear": "integer", "gyearmonth": "string",
             "float": "double", "long": "integer", "int": "integer", "short": "integer", "byte": "integer",
             "nonnegativeinteger": "integer", "positiveinteger": "integer", "negativeinteger": "integer",
             "nonpositiveinteger": "integer", "unsignedint": "integer", "unsignedlong": "integer",
             "number": "decimal", "json": "string", "xml": "string", "html": "string", "normalizedstring": "string",
             "token": "string", "base64binary": "binary", "hexbinary": "binary", "any": "string"}


@functools.lru_cache(maxsize=1)
def aliases():
    return key_folder(yaml.safe_load((HERE / "aliases.yaml").read_text(encoding="utf-8")))


def _is_csvw_context(context: Any) -> bool:
    if isinstance(context, str):
        return "ns/csvw" in context
    if isinstance(context, list):
        return any(_is_csvw_context(c) for c in context)
    return False


def _text(value: Any) -> tuple[str, str] | None:
    """(sub-pointer, text) of the first text in a natural-language property (text, list, language map)."""
    if isinstance(value, str):
        return ("", value) if value.strip() else None
    if isinstance(value, list):
        for n, item in enumerate(value):
            found = _text(item)
            if found:
                return (f"/{n}{found[0]}", found[1])
        return None
    if isinstance(value, dict):
        if "@value" in value:
            found = _text(value["@value"])
            return ("/@value" + found[0], found[1]) if found else None
        for key in sorted(value, key=lambda k: (k not in ("en", "und"), k)):
            found = _text(value[key])
            if found:
                return (f"/{escape(key)}{found[0]}", found[1])
    return None


def _take_text(ctx: Context, value: Any, pointer: str, target: str, indices: tuple[int, ...] = ()) -> str | None:
    """Place the first text of `value` at `target`; the other texts (other languages) stay as extensions."""
    found = _text(value)
    from harmonise.accounting import leaves

    for leaf_pointer, leaf in leaves(value, pointer):
        if found and leaf_pointer == pointer + found[0]:
            ctx.mapped(leaf_pointer, target, leaf, indices)
        else:
            ctx.unmapped(leaf_pointer, leaf, "a further title or language (the model keeps one)", reason="superseded")
    return found[1] if found else None


def title(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    if ctx.get("title"):
        unmap_tree(ctx, value, pointer, "a further title", "superseded")
        return
    _take_text(ctx, value, pointer, "title")


def notes(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """Dataset notes are its description (the first text note); others stay as extensions."""
    if ctx.get("description"):
        unmap_tree(ctx, value, pointer, "a further note (the description is set)", "superseded")
        return
    _take_text(ctx, value, pointer, "description")


def table_notes(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    _take_text(ctx, value, pointer, "tables[].description", indices)


def column_titles(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    _take_text(ctx, value, pointer, "tables[].variables[].label", indices)


def publisher(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    found = _text(value if not isinstance(value, dict) or "schema:name" not in value else value["schema:name"])
    if isinstance(value, dict) and "schema:name" in value:
        _take_text(ctx, value["schema:name"], f"{pointer}/schema:name", "publisher.name")
        rest = {k: v for k, v in value.items() if k != "schema:name"}
        unmap_tree(ctx, rest, pointer, "publisher detail with no model slot")
        return
    if found:
        _take_text(ctx, value, pointer, "publisher.name")


def column_datatype(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`datatype`: a name, or {base, format, minimum …}: the source type is kept, the model type added."""
    if isinstance(value, dict):
        base = value.get("base") or value.get("@id")
        for key, sub in value.items():
            sub_pointer = f"{pointer}/{escape(key)}"
            if key in ("base", "@id") and sub == base:
                _datatype(ctx, sub, sub_pointer, indices)
            elif key == "format" and isinstance(sub, str):
                ctx.mapped(sub_pointer, "tables[].variables[].format", sub, indices)
            else:
                unmap_tree(ctx, sub, sub_pointer, "datatype facet with no model slot")
        return
    _datatype(ctx, value, pointer, indices)


def _datatype(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    if not isinstance(value, str):
        unmap_tree(ctx, value, pointer, "datatype of an unexpected kind", "rejected")
        return
    ctx.mapped(pointer, "tables[].variables[].source_data_type", value, indices)
    name = value.rsplit("#", 1)[-1].rsplit(":", 1)[-1]
    found = DATATYPES.get(name.casefold())
    if found is None:
        try:
            found = rule("data_type")(name)
        except Rejected:
            found = None
    if found and found is not ABSENT:
        ctx.set("tables[].variables[].data_type", found, indices)


primary_key = collect("primary_keys")


foreign_keys = collect("foreign_keys")


HOOKS = {"title": title, "notes": notes, "table_notes": table_notes, "column_titles": column_titles,
         "publisher": publisher, "column_datatype": column_datatype, "primary_key": primary_key,
         "foreign_keys": foreign_keys}


class CsvwReader(CrosswalkReader):
    name = "csvw"
    title = "CSV on the Web (CSVW) metadata: table group or single table, tolerant of variant spellings"
    format_versions = ("1.0",)
    suffixes = (".json", ".jsonld")
    crosswalk_file = HERE / "crosswalk.yaml"
    hooks = HOOKS
    title_pointer = "/dc:title"

    def claim(self, doc: Any, source: Source) -> Detection | None:
        if _is_csvw_context(doc.get("@context")):
            return Detection(self.name, 0.95, "JSON-LD @context names the CSVW namespace", "1.0")
        canonical, _ = canonicalise(doc, aliases())
        tables = canonical.get("tables")
        if isinstance(tables, list) and any(isinstance(t, dict) and "tableSchema" in t for t in tables):
            return Detection(self.name, 0.75, "tables[] with tableSchema (CSVW layout, no @context)", "1.0")
        if "tableSchema" in canonical and "url" in canonical:
            return Detection(self.name, 0.75, "url + tableSchema (CSVW single table, no @context)", "1.0")
        return None

    def prepare(self, ctx: Context, doc: dict[str, Any]) -> Any:
        canonical, mapping = canonicalise(doc, aliases())
        if "tables" not in canonical and "tableSchema" in canonical:
            # a single table: read it as a group of one; its keys map back to the top level
            # (its title, notes and @id describe the whole file, so they stay at the top)
            table = {k: canonical.pop(k) for k in ("url", "tableSchema") if k in canonical}
            for key in table:
                src = mapping.get(f"/{escape(key)}", f"/{escape(key)}")
                mapping[f"/tables/0/{escape(key)}"] = src
            canonical["tables"] = [table]
            ctx.state["single_table"] = True
        tables = canonical.get("tables")
        if tables is not None and not isinstance(tables, list):
            raise RecordError(f"tables must be a list of table descriptions, found {type(tables).__name__}",
                              where=mapping.get("/tables", "/tables"))
        for n, table in enumerate(tables or []):
            if isinstance(table, dict) and isinstance(table.get("tableSchema"), str):
                # a reference to an external schema file: kept, never fetched
                table["tableSchemaReference"] = table.pop("tableSchema")
                mapping[f"/tables/{n}/tableSchemaReference"] = mapping.get(f"/tables/{n}/tableSchema", f"/tables/{n}/tableSchema")
        ctx.state["pointer_map"] = mapping
        return canonical

    def finish(self, ctx: Context, doc: dict[str, Any]) -> None:
        out = ctx.out
        tables = out.get("tables") or []
        unnamed = first_unnamed_variable(tables)
        if unnamed is not None:
            n, j = unnamed
            where = f"/tables/{n}/tableSchema/columns/{j}/name"
            mapping = ctx.state.get("pointer_map") or {}
            probe = where  # back to the source's spelling (a single table, an aliased key)
            while probe and probe not in mapping:
                probe = probe[: probe.rfind("/")]
            if probe:
                where = mapping[probe] + where[len(probe):]
            raise RecordError(f"column {j + 1} of table {n + 1} has no name (CSVW and the model require one)", where=where)
        for n, table in enumerate(tables):
            if table and not table.get("name"):
                url = table.get("url")
                table["name"] = url or f"table {n + 1}"
        for index, field, pointer in ctx.state.get("primary_keys", []):
            var = variable_named(tables[index] if index < len(tables) else None, field)
            if var is None:
                ctx.unmapped(pointer, field, "primary key names no column", reason="rejected")
                continue
            var["is_primary_key"] = True
            ctx.account.map(pointer, "tables[].variables[].is_primary_key")
        for index, fk, pointer in ctx.state.get("foreign_keys", []):
            ref = fk.get("reference") if isinstance(fk, dict) else None
            var = variable_named(tables[index] if index < len(tables) else None,
                            fk.get("columnReference") if isinstance(fk, dict) else None)
            if var is None or not isinstance(ref, dict):
                unmap_tree(ctx, fk, pointer, "foreign key names no column", "rejected")
                continue
            var["references"] = f"{ref.get('resource') or ref.get('schemaReference') or ''}.{ref.get('columnReference')}"
            from harmonise.accounting import leaves

            for leaf_pointer, _leaf in leaves(fk, pointer):
                ctx.account.map(leaf_pointer, "tables[].variables[].references")
        if not out.get("title"):
            text = out.get("description") or next((t.get("description") for t in tables if t.get("description")), None)
            if text:
                out["title"] = text.strip().splitlines()[0][:200]
                ctx.account.default("title", out["title"], "CSVW metadata has no dc:title; its first note is used")
