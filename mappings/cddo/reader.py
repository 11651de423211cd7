"""Reader `cddo`: the UK cross-government metadata exchange model (CDDO) as YAML records.

The model (co-cddo/ukgov-metadata-exchange-model, LinkML, DCAT-based) has Dataset and
DataService classes; a file holds one record, sometimes after a comment and a `---`.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from harmonise.crosswalk import Context
from harmonise.errors import InputError
from harmonise.mapping import Detection
from harmonise.mappings._exchange import CrosswalkReader, annotation_hook, convert_value, unmap_tree
from harmonise.mappings._values import text_value
from harmonise.sources import Source
from harmonise.yamlfile import plain

HERE = Path(__file__).resolve().parent
_TYPE = re.compile(r"^type:\s*['\"]?dcat:(Dataset|DataService)\b", re.M)
_KEYS = re.compile(r"^(identifier|title|accessRights|securityClassification|publisher):", re.M)


_plain = plain


def contact_point(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    items = value if isinstance(value, list) else [value]
    for n, item in enumerate(items):
        base = f"{pointer}/{n}" if isinstance(value, list) else pointer
        if not isinstance(item, dict):
            email = convert_value(ctx, base, "contact_points[].email", item, ("email",))
            if email:
                ctx.set("contact_points[]", {"email": email})
            continue
        entry: dict[str, Any] = {}
        for key, target, rules in (("contactName", "name", ()), ("email", "email", ("email",)),
                                   ("address", "url", ("url",)), ("telephone", "telephone", ("string",))):
            if key in item:
                new = (convert_value if rules else text_value)(ctx, f"{base}/{key}", f"contact_points[].{target}",
                                                                item[key], rules)
                if new is not None:
                    entry[target] = new
        for key, rest in item.items():
            if key not in {"contactName", "email", "address", "telephone"}:
                unmap_tree(ctx, rest, f"{base}/{key}", "contact detail with no model slot")
        if entry:
            ctx.set("contact_points[]", entry)


def publisher(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """The publisher is an organisation slug ("nhs-digital"): kept as name and identifier."""
    if isinstance(value, dict):
        unmap_tree(ctx, value, pointer, "structured publisher")
        return
    new = convert_value(ctx, pointer, "publisher.name", value, ("string",))
    if new:
        ctx.set("publisher", {"name": new, "identifier": new})


def distribution(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """Distributions are written as access URLs, or as objects with title/accessURL/mediaType."""
    items = value if isinstance(value, list) else [value]
    fields = {"title": ("title", ()), "accessURL": ("access_url", ("url",)), "downloadURL": ("download_url", ("url",)),
              "mediaType": ("media_type", ()), "format": ("format", ()), "byteSize": ("byte_size", ("count",)),
              "licence": ("license", ()), "issued": ("issued", ("date",)), "modified": ("modified", ("date",))}
    for n, item in enumerate(items):
        base = f"{pointer}/{n}" if isinstance(value, list) else pointer
        entry: dict[str, Any] = {}
        if isinstance(item, dict):
            for key, rest in item.items():
                if key in fields:
                    target, rules = fields[key]
                    new = (convert_value if rules else text_value)(ctx, f"{base}/{key}", f"distributions[].{target}",
                                                                    rest, rules)
                    if new is not None:
                        entry[target] = new
                else:
                    unmap_tree(ctx, rest, f"{base}/{key}", "distribution property with no model slot")
        else:
            new = convert_value(ctx, base, "distributions[].access_url", item, ("url",))
            if new is not None:
                entry["access_url"] = new
        if entry:
            ctx.set("distributions[]", entry)


#: CDDO accessRights values -> the model's EU access-right levels (INTERNAL: within government only).
ACCESS_RIGHTS = {"OPEN": "PUBLIC", "INTERNAL": "NON_PUBLIC", "COMMERCIAL": "RESTRICTED", "RESTRICTED": "RESTRICTED"}


def access_rights(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    if isinstance(value, str) and value.strip().upper() in ACCESS_RIGHTS:
        new = ACCESS_RIGHTS[value.strip().upper()]
        ctx.set("access_level", new)
        ctx.account.normalise(pointer, "access_level", value, new, "cddo_access_rights")
        return
    new = convert_value(ctx, pointer, "access_level", value, ("enum_uri:AccessLevel",))
    if new:
        ctx.set("access_level", new)


HOOKS = {
    "access_rights": access_rights,
    "cddo_annotation": annotation_hook("cddo"),
    "contact_point": contact_point,
    "publisher": publisher,
    "distribution": distribution,
}


class CddoReader(CrosswalkReader):
    name = "cddo"
    title = "UK cross-government metadata exchange model (CDDO) YAML: Dataset and DataService records"
    format_versions = ("1.0",)
    suffixes = (".yaml", ".yml")
    crosswalk_file = HERE / "crosswalk.yaml"
    hooks = HOOKS

    def load(self, source: Source) -> Any:
        import yaml

        try:
            with source.open_text() as fh:
                docs = [d for d in yaml.safe_load_all(fh) if d is not None]
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
            raise InputError(f"malformed YAML: {getattr(exc, 'problem', None) or exc}", file=source.name,
                             where=where) from None
        return [_plain(d) for d in docs]

    def records(self, source: Source) -> Iterator[tuple[str, Any]]:
        docs = self.load(source)
        for n, doc in enumerate(docs):
            yield ("" if len(docs) == 1 else f"/{n}"), doc

    def detect(self, source: Source) -> Detection | None:
        if source.suffix not in self.suffixes:
            return None
        head = source.head_text()
        found = _TYPE.search(head)
        if found:
            return Detection(self.name, 0.95, f"YAML record with type: dcat:{found.group(1)} (CDDO model)")
        if len(set(_KEYS.findall(head))) >= 4:
            return Detection(self.name, 0.6, "YAML with CDDO keys (identifier, title, accessRights, …)")
        return None

    def version_of(self, doc: dict[str, Any]) -> str | None:
        return "1.0"
