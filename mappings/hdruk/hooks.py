"""The irregular parts of the HDR UK crosswalks, as code (named in the YAML as `hook:`).

Every hook here writes into `ctx.out` through `Context.set` / `mapped` / `normalised` /
`apply_rules`, or appends only non-empty containers of non-None values (a dataset
reference, an annotation, a revision), so the HDR UK readers can let the walk keep
`Context.tidy` (and skip `prune` when nothing was left empty). A new hook must do the same.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import orjson
import yaml

from harmonise.accounting import _escape, is_source_value, leaves
from harmonise.crosswalk import Context, _elem_noted
from harmonise.errors import RecordError
from harmonise.normalise.ages import ANY_AGE
from harmonise.normalise.datatypes import _data_type as _known_data_type
from harmonise.normalise.lists import rejoin_unbalanced
from harmonise.normalise.text import is_placeholder
from harmonise.normalise import get as rule
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.normalise.text import fold

HERE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def subtype_owner() -> dict[str, str]:
    """folded subtype -> its dataset type (model spelling), from HDR UK 4.0's per-type lists."""
    table = yaml.safe_load((HERE / "dataset_subtypes.yaml").read_text(encoding="utf-8"))
    match_type = rule("enum:DatasetType")
    owner: dict[str, str] = {}
    for type_name, subtypes in table.items():
        for sub in subtypes:
            owner.setdefault(fold(sub), match_type(type_name))
    return owner


def _items(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, list):
        return [(f"/{i}", v) for i, v in enumerate(value)]
    return [("", value)]


def dataset_type(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """3.0: a flat list (or, in drafts, a comma string) of type names -> one assignment each."""
    for suffix, item in _items(value):
        if item is None or item == "":
            continue
        new = ctx.apply_rules(pointer + suffix, "dataset_types[].name", item, ("split_list", "enum:DatasetType"))
        if new not in (None, ABSENT):
            names = new if isinstance(new, list) else [new]
            ctx.state.setdefault("types", []).extend(names)


def dataset_sub_type(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """A flat subtype list (3.0), or a comma / ";,;" string (2.2, GWDM); each subtype joins the
    assignment of the type it belongs to. One source value is accounted once, however many
    subtypes it holds."""
    match = rule("enum:DatasetSubType")
    owners = subtype_owner()
    for suffix, item in _items(value):
        if item is None or item == "":
            continue
        item_pointer = pointer + suffix
        if isinstance(item, (dict, list)):
            raise RecordError(f"expected a string, found {type(item).__name__}", where=item_pointer)
        parts = rule("split_list")(item) if isinstance(item, str) else item
        parts = parts if isinstance(parts, list) else [parts]
        subs = []
        try:
            for part in parts:
                sub = match(part) if not isinstance(part, str) or fold(part) != "not applicable" else "Not applicable"
                if sub is not ABSENT:
                    subs.append(sub)
        except Rejected as exc:
            ctx.unmapped(item_pointer, item, f"enum:DatasetSubType: {exc}", reason="rejected")
            continue
        if not subs:
            ctx.account.normalise(item_pointer, "dataset_types[].sub_types[]", item, None, "enum:DatasetSubType",
                                  "placeholder: no value")
            continue
        ctx.state.setdefault("subtypes", []).append((item_pointer, item, subs, [owners.get(fold(s)) for s in subs]))


def finish_dataset_types(ctx: Context) -> None:
    """Build dataset_types from what the two hooks above collected (called after the walk)."""
    types: list[str] = ctx.state.get("types", [])
    subtypes = ctx.state.get("subtypes", [])
    assignments: list[dict[str, Any]] = [{"name": t} for t in dict.fromkeys(types)]
    by_name = {a["name"]: a for a in assignments}
    for item_pointer, old, subs, owners in subtypes:
        for sub, owner in zip(subs, owners):
            target = by_name.get(owner) if owner else None
            if target is None:
                target = by_name.get(None)  # subtypes of types the record does not list
                if target is None:
                    target = {}
                    by_name[None] = target
                    assignments.append(target)
            target.setdefault("sub_types", []).append(sub)
        if subs == [old]:
            ctx.account.map(item_pointer, "dataset_types[].sub_types[]")
        else:
            ctx.account.normalise(item_pointer, "dataset_types[].sub_types[]", old, subs if len(subs) > 1 else subs[0],
                                  "split_list+enum:DatasetSubType" if len(subs) > 1 else "enum:DatasetSubType")
    if assignments:
        ctx.out["dataset_types"] = assignments


def end_date(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """"CONTINUOUS" means collection goes on: no end date, `ongoing` true."""
    if isinstance(value, str) and fold(value) in {"continuous", "ongoing", "present"}:
        ctx.set("temporal_coverage.ongoing", True)
        if value == "CONTINUOUS":
            ctx.account.map(pointer, "temporal_coverage.ongoing")
        else:
            ctx.account.normalise(pointer, "temporal_coverage.ongoing", value, True, "continuous_end_date")
        return
    ctx.apply_rules(pointer, "temporal_coverage.end_date", value, ("date",))


_SOURCE_DATA_TYPE = "tables[].variables[].source_data_type"


def column_data_type(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """Keep the source's type text; add the model data type when it is recognisable.

    Called once per variable: the variable's dict is found once (as `Context.set` would find
    it) and the data type comes from the memoised match, not through the rule wrapper.
    """
    if not isinstance(value, str):
        ctx.apply_rules(pointer, _SOURCE_DATA_TYPE, value, ("string",), indices)
        return
    if len(indices) < 2:  # not under two `*`s: the general path
        _column_data_type_general(ctx, value, pointer, indices)
        return
    try:  # the variable's dict exists once its name is set (names come first in every HDR UK shape)
        variable = ctx.out["tables"][indices[0]]["variables"][indices[1]]
    except (KeyError, IndexError, TypeError):
        variable = _elem_noted(ctx, _elem_noted(ctx, ctx.out, "tables", indices[0]), "variables", indices[1])
    variable["source_data_type"] = value
    ctx.account.mapped.append((pointer, _SOURCE_DATA_TYPE))
    try:
        data_type = _known_data_type(value)  # the memoised match behind rule("data_type")
    except KeyError:
        return
    if data_type is not None and data_type is not ABSENT:  # None: not recognisable (the rule rejects it)
        variable["data_type"] = data_type


def column_data_type_reference(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`column_data_type` written plainly (the reference its shortcut must equal, in the tests)."""
    if not isinstance(value, str):
        ctx.apply_rules(pointer, _SOURCE_DATA_TYPE, value, ("string",), indices)
        return
    _column_data_type_general(ctx, value, pointer, indices)


def _column_data_type_general(ctx: Context, value: str, pointer: str, indices: tuple[int, ...]) -> None:
    ctx.mapped(pointer, _SOURCE_DATA_TYPE, value, indices)
    try:
        data_type = rule("data_type")(value)
    except (Rejected, KeyError):
        return
    if data_type not in (None, ABSENT):
        ctx.set("tables[].variables[].data_type", data_type, indices)




def age_range(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """2.x / GWDM / v1 "min-max" text (also "Any Age", ">18", "40-90+") -> min/max typical age."""
    if isinstance(value, (dict, list)):
        raise RecordError(f"expected a string, found {'object' if isinstance(value, dict) else 'array'}", where=pointer)
    try:
        found = rule("age_range")(value)
    except Rejected as exc:
        ctx.unmapped(pointer, value, f"age_range: {exc}", reason="rejected")
        return
    if found is ABSENT:
        note = "any age: no bounds" if isinstance(value, str) and fold(value) in ANY_AGE else "placeholder: no value"
        ctx.account.normalise(pointer, "min_typical_age", value, None, "age_range", note)
        return
    if found.min is not None:
        ctx.set("min_typical_age", found.min)
    if found.max is not None:
        ctx.set("max_typical_age", found.max)
    ctx.account.normalise(pointer, "min_typical_age+max_typical_age", value, {"min": found.min, "max": found.max},
                          "age_range")


def citations(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """2.x isReferencedBy: a string or list; list items that a naive ";" split cut through
    brackets are rejoined (rule rejoin_unbalanced), each source item accounted once."""
    if not isinstance(value, list):
        ctx.apply_rules(pointer, "publications_about[]", value, ("text",))
        return
    present = [(i, v) for i, v in enumerate(value) if is_source_value(v) or isinstance(v, (dict, list))]
    for item_index, item in present:
        if isinstance(item, (dict, list)):
            raise RecordError(f"expected a string, found {type(item).__name__}", where=f"{pointer}/{item_index}")
    joined = rejoin_unbalanced([v for _, v in present])
    for positions, text in joined:
        source_indices = [present[p][0] for p in positions]
        if len(source_indices) == 1:
            ctx.apply_rules(f"{pointer}/{source_indices[0]}", "publications_about[]", text, ("text",))
            continue
        ctx.set("publications_about[]", text)
        for n, idx in enumerate(source_indices):
            ctx.account.normalise(f"{pointer}/{idx}", "publications_about[]", value[idx], text, "rejoin_unbalanced",
                                  "rejoined with the item before" if n else "rejoined with the items after")


def annotation(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """A value with no model slot, kept on purpose as an annotation {property: "<prefix>:<pointer>", value}."""
    prefix = ctx.state.get("annotation_prefix", "hdruk")
    for leaf_pointer, leaf in leaves(value, pointer):
        text = leaf if isinstance(leaf, str) else orjson.dumps(leaf).decode()
        ctx.out.setdefault("annotations", []).append({"property": f"{prefix}:{leaf_pointer}", "value": text})
        ctx.account.map(leaf_pointer, "annotations[]")


def dataset_refs(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """GWDM linkage: a list of {pid, title, url} (2.0) or a string of URLs / titles (1.x)."""
    target = {"isDerivedFrom": "derived_from", "isPartOf": "is_part_of", "linkedDatasets": "linkable_datasets"}[
        pointer.rsplit("/", 1)[-1]]
    if isinstance(value, list):
        for index, item in enumerate(value):
            item_pointer = f"{pointer}/{index}"
            if isinstance(item, dict):
                ref: dict[str, Any] = {}
                for key in ("pid", "title", "url"):
                    if is_source_value(item.get(key)):
                        if not isinstance(item[key], str):
                            raise RecordError(f"expected a string, found {type(item[key]).__name__}",
                                              where=f"{item_pointer}/{key}")
                        ref[key] = item[key]
                        ctx.account.map(f"{item_pointer}/{key}", f"{target}[].{key}")
                for key, extra in item.items():
                    if key not in ("pid", "title", "url"):
                        for p, v in leaves(extra, f"{item_pointer}/{_escape(key)}"):
                            ctx.unmapped(p, v, "no rule in the crosswalk", reason="not_in_crosswalk")
                if ref:
                    ctx.out.setdefault(target, []).append(ref)
            elif isinstance(item, list):
                raise RecordError("expected an object or a string, found array", where=item_pointer)
            elif is_source_value(item):
                _ref_text(ctx, target, item, item_pointer)
        return
    if isinstance(value, dict):
        raise RecordError("expected an array or a string, found object", where=pointer)
    _ref_text(ctx, target, value, pointer)


_REF_TARGETS = {"qualifiedRelation": "linkable_datasets", "linkedDataset": "linkable_datasets",
                "derivation": "derived_from", "derivedDatasets": "derived_from",
                "isPartOf": "is_part_of", "group": "is_part_of"}


#: target -> (the "<target>[]" of a placeholder, {key: "<target>[].<key>"})
_REF_SLOTS = {t: (f"{t}[]", {"url": f"{t}[].url", "title": f"{t}[].title"}) for t in set(_REF_TARGETS.values())}


def linkage_text(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """2.x / v1 free-text linkage (a string or list of strings): a URL becomes a dataset
    reference's url, other text its title; placeholders ("Not Available") become absent.

    `linkage_text_reference` is the plain version (the tests hold this one to it)."""
    target = _REF_TARGETS[pointer[pointer.rfind("/") + 1:]]
    if value.__class__ is str:
        if value.strip():
            _linkage_item(ctx, target, value, pointer)
        return
    if value.__class__ is not list:
        linkage_text_reference(ctx, value, pointer, indices)
        return
    for index, item in enumerate(value):
        if isinstance(item, str):
            if item.strip():
                _linkage_item(ctx, target, item, f"{pointer}/{index}")
        elif item is None:
            continue
        elif isinstance(item, (dict, list)):
            if item:
                raise RecordError(f"expected a string, found {type(item).__name__}", where=f"{pointer}/{index}")
        else:
            raise RecordError(f"expected a string, found {type(item).__name__}", where=f"{pointer}/{index}")


def _linkage_item(ctx: Context, target: str, item: str, pointer: str) -> None:
    """One non-blank string of `linkage_text`."""
    text = item.strip()
    if is_placeholder(text):
        ctx.account.normalise(pointer, _REF_SLOTS[target][0], item, None, "placeholder", "placeholder: no value")
        return
    key = "url" if text.startswith(("http://", "https://")) and " " not in text else "title"
    ctx.out.setdefault(target, []).append({key: text})
    if text == item:
        ctx.account.mapped.append((pointer, _REF_SLOTS[target][1][key]))
    else:
        ctx.account.normalise(pointer, _REF_SLOTS[target][1][key], item, text, "strip")


def linkage_text_reference(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`linkage_text` written plainly."""
    target = _REF_TARGETS[pointer.rsplit("/", 1)[-1]]
    for suffix, item in _items(value):
        if not is_source_value(item):
            if isinstance(item, (dict, list)) and item:
                raise RecordError(f"expected a string, found {type(item).__name__}", where=pointer + suffix)
            continue
        if not isinstance(item, str):
            raise RecordError(f"expected a string, found {type(item).__name__}", where=pointer + suffix)
        text = item.strip()
        if is_placeholder(text):
            ctx.account.normalise(pointer + suffix, f"{target}[]", item, None, "placeholder", "placeholder: no value")
            continue
        key = "url" if text.startswith(("http://", "https://")) and " " not in text else "title"
        ctx.out.setdefault(target, []).append({key: text})
        if text == item:
            ctx.account.map(pointer + suffix, f"{target}[].{key}")
        else:
            ctx.account.normalise(pointer + suffix, f"{target}[].{key}", item, text, "strip")


def _ref_text(ctx: Context, target: str, value: Any, pointer: str) -> None:
    if not isinstance(value, str):
        raise RecordError(f"expected a string, found {type(value).__name__}", where=pointer)
    parts = rule("split_list")(value)
    parts = parts if isinstance(parts, list) else [parts]
    kept = [p for p in parts if not is_placeholder(p)]
    for part in kept:
        ctx.out.setdefault(target, []).append({"url": part} if part.startswith(("http://", "https://")) else {"title": part})
    if not kept:
        ctx.account.normalise(pointer, f"{target}[]", value, None, "placeholder", "placeholder: no value")
    elif len(kept) == 1 and kept[0] == value:
        ctx.account.map(pointer, f"{target}[].{'url' if value.startswith(('http://', 'https://')) else 'title'}")
    else:
        ctx.account.normalise(pointer, f"{target}[]", value, kept, "split_list")


def v1_revisions(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """v1 revisions {"4.0.0": "<catalogue id>", "latest": "<id>"} -> revisions[{version, url}]."""
    if not isinstance(value, dict):
        raise RecordError(f"expected an object, found {type(value).__name__}", where=pointer)
    for key, item in value.items():
        item_pointer = f"{pointer}/{_escape(key)}"
        if not is_source_value(item):
            if isinstance(item, (dict, list)) and item:
                raise RecordError(f"expected a string, found {type(item).__name__}", where=item_pointer)
            continue
        if not isinstance(item, str):
            raise RecordError(f"expected a string, found {type(item).__name__}", where=item_pointer)
        if key == "latest":
            ctx.unmapped(item_pointer, item, "the id of the latest version (the record's own id when current)",
                         reason="no_target")
            continue
        ctx.out.setdefault("revisions", []).append({"version": key, "url": item})
        ctx.account.map(item_pointer, "revisions[].url")


def v1_publisher(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """v1 "ALLIANCE > CPRD" / "HUBS > NHS DIGITRIALS": membership > custodian name."""
    if not isinstance(value, str):
        raise RecordError(f"expected a string, found {type(value).__name__}", where=pointer)
    if ">" not in value:
        ctx.mapped(pointer, "data_custodian.name", value)
        return
    member_text, _, name = value.partition(">")
    member_text, name = member_text.strip(), name.strip()
    member = None
    for candidate in (member_text, member_text.rstrip("Ss")):
        try:
            member = rule("enum:MemberOf")(candidate)
            break
        except Rejected:
            continue
    if name:
        ctx.set("data_custodian.name", name)
    if member not in (None, ABSENT):
        ctx.set("data_custodian.member_of", member)
        ctx.account.normalise(pointer, "data_custodian.member_of+data_custodian.name", value,
                              {"member_of": member, "name": name}, "v1_publisher")
    else:
        ctx.account.normalise(pointer, "data_custodian.name", value, name, "v1_publisher",
                              f"membership {member_text!r} is not a MemberOf value")


def v1_alias(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """A data element's aliases (HES short names such as "SUSHRGVERS") -> variable annotations."""
    for suffix, item in _items(value):
        if not is_source_value(item):
            continue
        if not isinstance(item, str):
            raise RecordError(f"expected a string, found {type(item).__name__}", where=pointer + suffix)
        ctx.set("tables[].variables[].annotations[]", {"property": "hdruk:alias", "value": item}, indices)
        ctx.account.map(pointer + suffix, "tables[].variables[].annotations[]")


HOOKS = {
    "dataset_type": dataset_type,
    "dataset_sub_type": dataset_sub_type,
    "end_date": end_date,
    "column_data_type": column_data_type,
    "age_range": age_range,
    "citations": citations,
    "annotation": annotation,
    "dataset_refs": dataset_refs,
    "v1_revisions": v1_revisions,
    "v1_publisher": v1_publisher,
    "v1_alias": v1_alias,
    "linkage_text": linkage_text,
}
