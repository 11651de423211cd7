"""The irregular parts of the HDR UK crosswalks, as code (named in the YAML as `hook:`)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from harmonise.crosswalk import Context
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
    """3.0: a flat subtype list; each subtype joins the assignment of the type it belongs to."""
    match = rule("enum:DatasetSubType")
    owners = subtype_owner()
    for suffix, item in _items(value):
        if item is None or item == "":
            continue
        item_pointer = pointer + suffix
        try:
            sub = match(item) if not isinstance(item, str) or fold(item) != "not applicable" else "Not applicable"
        except Rejected as exc:
            ctx.unmapped(item_pointer, item, f"enum:DatasetSubType: {exc}", reason="rejected")
            continue
        if sub is ABSENT:
            ctx.account.normalise(item_pointer, "dataset_types[].sub_types[]", item, None, "enum:DatasetSubType",
                                  "placeholder: no value")
            continue
        ctx.state.setdefault("subtypes", []).append((item_pointer, item, sub, owners.get(fold(sub))))


def finish_dataset_types(ctx: Context) -> None:
    """Build dataset_types from what the two hooks above collected (called after the walk)."""
    types: list[str] = ctx.state.get("types", [])
    subtypes = ctx.state.get("subtypes", [])
    assignments: list[dict[str, Any]] = [{"name": t} for t in types]
    by_name = {a["name"]: a for a in assignments}
    for item_pointer, old, sub, owner in subtypes:
        target = by_name.get(owner) if owner else None
        if target is None:
            target = by_name.get(None)  # subtypes of types the record does not list
            if target is None:
                target = {}
                by_name[None] = target
                assignments.append(target)
        target.setdefault("sub_types", []).append(sub)
        if sub == old:
            ctx.account.map(item_pointer, "dataset_types[].sub_types[]")
        else:
            ctx.account.normalise(item_pointer, "dataset_types[].sub_types[]", old, sub, "enum:DatasetSubType")
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


def column_data_type(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """Keep the source's type text; add the model data type when it is recognisable."""
    if not isinstance(value, str):
        ctx.apply_rules(pointer, "tables[].variables[].source_data_type", value, ("string",), indices)
        return
    ctx.mapped(pointer, "tables[].variables[].source_data_type", value, indices)
    try:
        data_type = rule("data_type")(value)
    except (Rejected, KeyError):
        return
    if data_type not in (None, ABSENT):
        ctx.set("tables[].variables[].data_type", data_type, indices)


HOOKS = {
    "dataset_type": dataset_type,
    "dataset_sub_type": dataset_sub_type,
    "end_date": end_date,
    "column_data_type": column_data_type,
}
