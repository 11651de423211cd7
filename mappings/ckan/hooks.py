"""The irregular parts of the CKAN crosswalk: licences given three ways, author/maintainer
pairs, ckanext-dcat access rights, and `extras` (key/value pairs mapped through EXTRAS)."""
from __future__ import annotations

from typing import Any

import orjson

from harmonise.crosswalk import Context
from harmonise.mappings._exchange import convert_value, escape, unmap_tree
from harmonise.mappings._values import text_value

#: extras key -> (model target, rules). Keys are the ones data.gov.uk (CKAN 2.x, ckanext-spatial
#: harvests) and ckanext-dcat write; a value holding a JSON list is read as a list.
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "contact-email": ("contact_points[].email", ("email",)),
    "contact_email": ("contact_points[].email", ("email",)),
    "contact-name": ("contact_points[].name", ()),
    "guid": ("alternate_identifiers[]", ()),
    "identifier": ("alternate_identifiers[]", ()),
    "alternate_identifier": ("alternate_identifiers[]", ()),
    "licence": ("license", ()),
    "license": ("license", ()),
    "frequency-of-update": ("accrual_periodicity", ("enum_uri:Periodicity",)),
    "frequency": ("accrual_periodicity", ("enum_uri:Periodicity",)),
    "temporal_coverage-from": ("temporal_coverage.start_date", ("date",)),
    "temporal_coverage-to": ("temporal_coverage.end_date", ("date",)),
    "temporal_start": ("temporal_coverage.start_date", ("date",)),
    "temporal_end": ("temporal_coverage.end_date", ("date",)),
    "issued": ("issued", ("date",)),
    "modified": ("modified", ("date",)),
    "version_notes": ("version_notes", ()),
    "spatial_uri": ("spatial_coverage[].iri", ("url",)),
    "related_resource": ("related_resources[]", ("url",)),
    "sample": ("synthetic_data_links[]", ("url",)),
    "theme": ("themes[]", ("url",)),
    "language": ("languages[]", ("language_uri",)),
    "documentation": ("documentation[]", ()),
    "conforms_to": ("conforms_to[]", ()),
    "access_rights": ("access_level", ("enum_uri:AccessLevel",)),
    "metadata-language": ("", ()),  # the catalogue record's language, not the data's
}
EXTRA_NOTES = {
    "metadata-language": "language of the catalogue record, not of the data",
    "spatial": "GeoJSON footprint (no model slot)",
    "bbox-east-long": "bounding box (no model slot)", "bbox-west-long": "bounding box (no model slot)",
    "bbox-north-lat": "bounding box (no model slot)", "bbox-south-lat": "bounding box (no model slot)",
}


def _doc(ctx: Context) -> dict[str, Any]:
    return ctx.state.get("doc") or {}


def license(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """license_url, else license_id, else license_title: one licence said up to three ways."""
    doc = _doc(ctx)
    key = pointer[1:]
    chosen = next((k for k in ("license_url", "license", "license_id", "license_title")
                   if isinstance(doc.get(k), str) and doc[k].strip()), None)
    if key != chosen:
        ctx.unmapped(pointer, value, f"superseded: {chosen} gives the licence", reason="superseded")
        return
    new = text_value(ctx, pointer, "license", value)
    if new:
        ctx.set("license", new)


def person(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """author + author_email -> a creator; maintainer + maintainer_email -> a contact point."""
    role = pointer[1:].replace("_email", "")
    if ctx.state.get(f"done:{role}"):
        return
    ctx.state[f"done:{role}"] = True
    doc = _doc(ctx)
    name, email = doc.get(role), doc.get(f"{role}_email")
    if role == "author":
        entry: dict[str, Any] = {}
        new = text_value(ctx, f"/{role}", "creators[].name", name)
        if new:
            entry["name"] = new
        new = convert_value(ctx, f"/{role}_email", "creators[].contact_points[].email", email, ("email",))
        if new:
            entry["contact_points"] = [{"email": new}]
        if entry:
            ctx.set("creators[]", entry)
        return
    entry = {}
    new = text_value(ctx, f"/{role}", "contact_points[].name", name)
    if new:
        entry["name"] = new
    new = convert_value(ctx, f"/{role}_email", "contact_points[].email", email, ("email",))
    if new:
        entry["email"] = new
    if entry:
        ctx.set("contact_points[]", entry)


def access_rights(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """An EU access-right IRI is the access level; other text is the access rights statement."""
    if isinstance(value, str) and "access-right" in value:
        new = convert_value(ctx, pointer, "access_level", value, ("enum_uri:AccessLevel",))
        if new:
            ctx.set("access_level", new)
        return
    new = text_value(ctx, pointer, "access_rights", value)
    if new:
        ctx.set("access_rights", new)


def extras(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """[{key, value}] pairs: known keys (EXTRAS) are mapped, the rest kept as extensions."""
    items = value if isinstance(value, list) else []
    if not isinstance(value, list):
        unmap_tree(ctx, value, pointer, "extras should be a list of {key, value}")
        return
    for n, item in enumerate(items):
        item_pointer = f"{pointer}/{n}"
        if not isinstance(item, dict) or "key" not in item:
            unmap_tree(ctx, item, item_pointer, "extra without a key")
            continue
        key = str(item.get("key"))
        raw = item.get("value")
        target, rules = EXTRAS.get(key, ("", ()))
        if not target:
            unmap_tree(ctx, item, item_pointer, EXTRA_NOTES.get(key, f"extra {key!r} has no model slot"))
            continue
        for other, sub in item.items():
            if other not in {"key", "value"}:
                unmap_tree(ctx, sub, f"{item_pointer}/{escape(other)}", "extra detail")
        value_pointer = f"{item_pointer}/value"
        values = _json_list(raw)
        if values is not None:
            placed = []
            for element in values:
                new = _convert_quiet(element, rules)
                if new is not None:
                    placed.append(new)
            if not placed and values:
                ctx.unmapped(value_pointer, raw, f"{'+'.join(rules) or 'value'}: no usable item", reason="rejected")
                ctx.account.map(f"{item_pointer}/key", target)
                continue
            for new in placed:
                _place(ctx, target, new)
            if placed:
                ctx.account.normalise(value_pointer, target, raw, placed, "json_list" + "".join(f"+{r}" for r in rules))
            ctx.account.map(f"{item_pointer}/key", target)
            continue
        new = convert_value(ctx, value_pointer, target, raw, rules) if rules else text_value(ctx, value_pointer, target, raw)
        if new is not None:
            _place(ctx, target, new)
        ctx.account.map(f"{item_pointer}/key", target)


def _place(ctx: Context, target: str, value: Any) -> None:
    if target.endswith("[].iri"):
        ctx.set(target[: -len(".iri")], {"iri": value})
    elif target.endswith("[].email") or target.endswith("[].name"):
        ctx.set(target.rsplit(".", 1)[0], {target.rsplit(".", 1)[1]: value})
    else:
        ctx.set(target, value)


def _json_list(raw: Any) -> list | None:
    if not isinstance(raw, str) or not raw.strip().startswith("["):
        return None
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return parsed if isinstance(parsed, list) and all(not isinstance(x, (dict, list)) for x in parsed) else None


def _convert_quiet(value: Any, rules: tuple[str, ...]) -> Any:
    from harmonise.normalise import get
    from harmonise.normalise.base import ABSENT, Rejected

    new = value
    try:
        for name in rules:
            new = get(name)(new)
    except Rejected:
        return None
    return None if new is ABSENT or new in (None, "") else new


HOOKS = {"license": license, "person": person, "access_rights": access_rights, "extras": extras}
