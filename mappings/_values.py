"""Shape guards the JSON readers' hooks share: a value of the wrong JSON type is rejected at its
source pointer (kept as an extension, reported as a warning), never handed to the model,
where it would fail the whole record with only a model path to go by."""
from __future__ import annotations

from typing import Any

from harmonise.crosswalk import Context, type_name
from harmonise.mappings._exchange import convert_value, unmap_tree


def text_value(ctx: Context, pointer: str, target: str, value: Any, rules: tuple[str, ...] = ()) -> Any:
    """`convert_value` for a text slot: a number or a boolean where the format wants text is
    rejected; text goes through `rules` as before (so valid inputs convert exactly as they did)."""
    if isinstance(value, (bool, int, float)):
        ctx.unmapped(pointer, value, f"rejected: expected text, found {type_name(value)} (kept, not placed in {target})",
                     reason="rejected")
        return None
    return convert_value(ctx, pointer, target, value, rules)


def not_text(ctx: Context, value: Any, pointer: str, target: str) -> bool:
    """True, with every scalar under `value` rejected at its pointer, when `value` is not text
    (a hook that places its value as it is calls this first)."""
    if isinstance(value, str):
        return False
    unmap_tree(ctx, value, pointer, f"rejected: expected text, found {type_name(value)} (kept, not placed in {target})",
               "rejected")
    return True


def first_unnamed_variable(tables: Any) -> tuple[int, int] | None:
    """(table index, variable index) of the first variable that holds something but has no name,
    in a record under construction (before pruning, indices are the source's): the model
    requires a name, so the reader can fail the record at the source's pointer instead."""
    for n, table in enumerate(tables if isinstance(tables, list) else []):
        variables = table.get("variables") if isinstance(table, dict) else None
        for j, var in enumerate(variables if isinstance(variables, list) else []):
            if isinstance(var, dict) and not var.get("name") and any(v not in (None, "", [], {}) for v in var.values()):
                return n, j
    return None
