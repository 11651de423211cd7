"""Crosswalks as data: source JSON Pointer patterns -> model paths, with named rules.

A mapping module ships a YAML crosswalk such as

    format: hdruk-3.0
    rules:
      /summary/title: title
      /summary/keywords: {to: "keywords[]", rules: [split_list]}
      /structuralMetadata/tables/*/columns/*/name: "tables[].variables[].name"
      /provenance/temporal/publishingFrequency: {to: accrual_periodicity, rules: ["enum:Periodicity"]}
      /provenance/temporal/endDate: {hook: end_date}
      /required/gatewayId: {unmapped: "Gateway-internal key"}

and `Crosswalk.apply()` walks a source document once, building the model-shaped dict and
recording, for every scalar value, whether it was mapped, normalised or left unmapped
(kept verbatim in `extensions`). The same table, read backwards, drives the writer for
the format, and can be printed as crosswalk documentation.

Patterns: `*` matches any list index. A rule on `/a/b` also applies to each item when
`/a/b` holds a list of scalars. Targets: `x.y` nests objects; `x[]` is a list: indexed by
the source's `*` positions, or appended to when the pattern has fewer `*`s than the target
has lists.

Two walkers, one behaviour: `Crosswalk.interpret()` is the generic tree walker (`_walk`),
the reference; `Crosswalk.apply()` runs Python generated from the crosswalk on first use
(`Crosswalk.compile()`, source on `compiled_source`), about twice as fast and identical in
output, event order, extensions and errors (tests/test_crosswalk_compiled.py holds it to
that). The generated walker reads `ctx.out`, `ctx.account.mapped` and `ctx.account.normalised`
once at the start: a hook may add to them but must not replace them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import orjson
import yaml

from harmonise import normalise
from harmonise.accounting import Account, count_source_values, is_source_value
from harmonise.errors import RecordError
from harmonise.normalise.base import ABSENT, Rejected

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


@dataclass(frozen=True)
class Segment:
    name: str
    is_list: bool


@dataclass
class LeafRule:
    pattern: str
    target: str | None = None
    segments: tuple[Segment, ...] = ()
    rules: tuple[normalise.Rule, ...] = ()
    types: tuple[str, ...] = ("string",)
    hook: str | None = None
    unmapped: str | None = None

    def __post_init__(self) -> None:
        # precomputed for the hot path (one check per source value)
        self.py_types: tuple[type, ...] = tuple(t for name in self.types for t in JSON_TYPES.get(name, ()))
        self.bool_ok = "boolean" in self.types
        #: a scalar copied as it is: no hook, no rules, not declared unmapped
        self.direct = self.hook is None and self.unmapped is None and not self.rules and self.target is not None
        self.target_name = self.target or ""
        self.simple_key = (self.segments[0].name if len(self.segments) == 1 and not self.segments[0].is_list
                           else None)

    @property
    def rule_name(self) -> str:
        return "+".join(r.name for r in self.rules)

    def accepts(self, value: Any) -> bool:
        """Is the value of a JSON type the rule allows (a boolean only where booleans are)?"""
        if isinstance(value, bool):
            return self.bool_ok
        return isinstance(value, self.py_types)


@dataclass
class Node:
    children: dict[str, "Node"] = field(default_factory=dict)
    star: "Node | None" = None
    leaf: LeafRule | None = None


def parse_target(target: str) -> tuple[Segment, ...]:
    out = []
    for part in target.split("."):
        if part.endswith("[]"):
            out.append(Segment(part[:-2], True))
        else:
            out.append(Segment(part, False))
    return tuple(out)


class Context:
    """What a hook gets: the output under construction, the account, and helpers."""

    __slots__ = ("out", "account", "extensions", "state", "tidy")

    def __init__(self, account: Account):
        self.out: dict[str, Any] = {}
        self.account = account
        self.extensions: list[dict[str, Any]] = []
        self.state: dict[str, Any] = {}
        #: True while `out` is known to hold no None and no empty container (see `pruned_output`).
        #: A reader sets it before the walk only when every hook it passes writes into `out`
        #: through `set`/`mapped`/`normalised`/`apply_rules`, or only ever non-empty containers of
        #: non-None values; every assignment that may leave a gap or an empty value clears it.
        self.tidy = False

    def set(self, target: str, value: Any, indices: tuple[int, ...] = ()) -> None:
        if not assign(self.out, parse_target_cached(target), value, indices):
            self.tidy = False

    def get(self, target: str, indices: tuple[int, ...] = ()) -> Any:
        obj: Any = self.out
        position = 0
        for seg in parse_target_cached(target):
            if not isinstance(obj, dict) or seg.name not in obj:
                return None
            obj = obj[seg.name]
            if seg.is_list and isinstance(obj, list) and position < len(indices):
                idx = indices[position]
                position += 1
                if idx >= len(obj):
                    return None
                obj = obj[idx]
        return obj

    def unmapped(self, pointer: str, value: Any, why: str, reason: str = "no_target") -> None:
        self.account.unmap(pointer, value, why)
        extension = {"source_pointer": pointer, "value": orjson.dumps(value).decode(), "reason": reason}
        if why and why != reason:
            extension["note"] = why
        self.extensions.append(extension)

    def mapped(self, pointer: str, target: str, value: Any, indices: tuple[int, ...] = ()) -> None:
        self.set(target, value, indices)
        self.account.map(pointer, target)

    def normalised(self, pointer: str, target: str, old: Any, new: Any, rule: str,
                   indices: tuple[int, ...] = (), note: str = "") -> None:
        if new is not ABSENT:
            self.set(target, new, indices)
        self.account.normalise(pointer, target, old, None if new is ABSENT else new, rule, note)

    def apply_rules(self, pointer: str, target: str, value: Any, rule_specs: tuple[str, ...],
                    indices: tuple[int, ...] = ()) -> Any:
        """Run named rules on `value` and record the outcome; used by hooks."""
        return _apply_leaf(self, _hook_leaf(target, tuple(rule_specs)), value, pointer, indices, {})


@functools.lru_cache(maxsize=1024)
def _hook_leaf(target: str, rule_specs: tuple[str, ...]) -> LeafRule:
    """The leaf rule `Context.apply_rules` runs (made once per target and rules; `_apply_leaf`
    reads no pattern from it: the pointer is its own argument)."""
    return LeafRule(pattern="", target=target, segments=parse_target_cached(target),
                    rules=tuple(normalise.get(spec) for spec in rule_specs),
                    types=("string", "integer", "number", "boolean"))


@functools.lru_cache(maxsize=4096)
def parse_target_cached(target: str) -> tuple[Segment, ...]:
    return parse_target(target)


def assign(out: dict[str, Any], segments: tuple[Segment, ...], value: Any, indices: tuple[int, ...]) -> bool:
    """Put `value` at the target `segments` (list segments indexed by `indices`, else appended).

    Returns whether `out` stays tidy: False when an element list had to be padded past a
    gap (an empty {} is left for `prune`) or the value is not one `prune` keeps as it is.
    """
    if len(segments) == 1 and not segments[0].is_list:
        out[segments[0].name] = value
        return value.__class__ in _PLAIN or is_tidy(value)
    obj = out
    position = 0
    last = len(segments) - 1
    tidy = True
    for n, seg in enumerate(segments):
        if n == last:
            if seg.is_list:
                items = obj.setdefault(seg.name, [])
                if isinstance(value, list):
                    items.extend(value)
                else:
                    items.append(value)
            else:
                obj[seg.name] = value
            return tidy and (value.__class__ in _PLAIN or is_tidy(value))
        if seg.is_list:
            items = obj.setdefault(seg.name, [])
            if position < len(indices):
                idx = indices[position]
                position += 1
                if len(items) < idx:
                    tidy = False  # elements before this one stay {} unless later values fill them
                while len(items) <= idx:
                    items.append({})
                obj = items[idx]
            else:
                new: dict[str, Any] = {}
                items.append(new)
                obj = new
        else:
            obj = obj.setdefault(seg.name, {})


def is_tidy(value: Any) -> bool:
    """Would `prune` give `value` back unchanged (no None, no empty container, only plain dicts
    and lists inside)? A None or an empty container itself is not tidy."""
    cls = value.__class__
    if cls in _PLAIN:
        return True
    if cls is dict:
        if not value:
            return False
        for item in value.values():
            if item.__class__ not in _PLAIN and not is_tidy(item):
                return False
        return True
    if cls is list:
        if not value:
            return False
        for item in value:
            if item.__class__ not in _PLAIN and not is_tidy(item):
                return False
        return True
    return value is not None and not isinstance(value, (dict, list))


def pruned_output(ctx: "Context") -> dict[str, Any]:
    """`prune(ctx.out)`, or `ctx.out` itself when the walk kept it tidy (`Context.tidy`): then
    there is nothing to drop and the copy is all `prune` would do.

    A container a rule returns is placed as it is (as `prune` would copy it): a rule must
    return a new container on each call, never one it keeps (a table entry, a cached result).
    """
    if ctx.tidy:
        return ctx.out
    return prune(ctx.out)


def pruned_output_reference(ctx: "Context") -> dict[str, Any]:
    """`pruned_output` written plainly (always prunes): the reference it must equal."""
    return prune_reference(ctx.out)


def prune(value: Any) -> Any:
    """Drop empty objects and lists left by skipped source values (placeholders, nulls)."""
    cls = value.__class__
    if cls is dict:
        return _prune_dict(value)
    if cls is list:
        return _prune_list(value)
    return prune_reference(value)


#: Classes a pruned container keeps as they are (its copy is all the work when it holds only these).
_PLAIN = frozenset({str, int, bool, float})


def _prune_dict(value: dict[str, Any]) -> dict[str, Any]:
    # `prune_reference` specialised on exact classes (the model's dicts hold mostly strings)
    for item in value.values():
        if item.__class__ not in _PLAIN:
            break
    else:
        return dict(value)
    cleaned = {}
    for key, item in value.items():
        cls = item.__class__
        if cls is str:
            cleaned[key] = item
        elif cls is dict:
            item = _prune_dict(item)
            if item:
                cleaned[key] = item
        elif cls is list:
            item = _prune_list(item)
            if item:
                cleaned[key] = item
        elif item is None:
            continue
        elif isinstance(item, (dict, list)):
            item = prune_reference(item)
            if item:
                cleaned[key] = item
        else:
            cleaned[key] = item
    return cleaned


def _prune_list(value: list[Any]) -> list[Any]:
    for item in value:
        if item.__class__ not in _PLAIN:
            break
    else:
        return list(value)
    items = []
    for item in value:
        cls = item.__class__
        if cls is str:
            items.append(item)
        elif cls is dict:
            item = _prune_dict(item)
            if item:
                items.append(item)
        elif cls is list:
            item = _prune_list(item)
            if item:
                items.append(item)
        elif item is None:
            continue
        elif isinstance(item, (dict, list)):
            item = prune_reference(item)
            if item:
                items.append(item)
        else:
            items.append(item)
    return items


def prune_reference(value: Any) -> Any:
    """`prune`, written plainly: the reference the specialised version must equal."""
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                item = prune_reference(item)
                if not item:
                    continue
            elif item is None:
                continue
            cleaned[key] = item
        return cleaned
    if isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, (dict, list)):
                item = prune_reference(item)
                if not item:
                    continue
            elif item is None:
                continue
            items.append(item)
        return items
    return value


Hook = Callable[[Context, Any, str, tuple[int, ...]], None]


class Crosswalk:
    """A compiled crosswalk: a tree of source keys with a rule at each mapped leaf."""

    def __init__(self, name: str, rules: Mapping[str, Any], source: str = "<crosswalk>"):
        self.name = name
        self.source = source
        self.root = Node()
        self.leaf_rules: list[LeafRule] = []
        self._compiled: Callable[..., None] | None = None
        #: the walker that counts mapped values instead of recording their events (`events=False`)
        self._compiled_counting: Callable[..., None] | None = None
        #: the generated Python source of the compiled walker (after `compile()`), and of its
        #: counting variant (after `compile(events=False)`)
        self.compiled_source: str | None = None
        self.compiled_counting_source: str | None = None
        for pattern, spec in rules.items():
            leaf = self._leaf(pattern, spec)
            self.leaf_rules.append(leaf)
            node = self.root
            for key in _split_pattern(pattern):
                if key == "*":
                    node.star = node.star or Node()
                    node = node.star
                else:
                    node = node.children.setdefault(key, Node())
            node.leaf = leaf

    @staticmethod
    def _leaf(pattern: str, spec: Any) -> LeafRule:
        if isinstance(spec, str):
            spec = {"to": spec}
        if not isinstance(spec, dict):
            raise ValueError(f"crosswalk rule for {pattern}: expected a target or a mapping")
        types = spec.get("type", "string")
        types = tuple(types) if isinstance(types, list) else (types,)
        rules = tuple(normalise.get(r) for r in spec.get("rules", []))
        target = spec.get("to")
        return LeafRule(
            pattern=pattern,
            target=target,
            segments=parse_target(target) if target else (),
            rules=rules,
            types=types,
            hook=spec.get("hook"),
            unmapped=spec.get("unmapped"),
        )

    @classmethod
    def load(cls, path: str | Path) -> "Crosswalk":
        return _load(str(path))

    # -- forward: source -> model ------------------------------------------------
    def apply(self, doc: Any, account: Account, hooks: Mapping[str, Hook] | None = None,
              context: Context | None = None, pointer: str = "") -> Context:
        """Map `doc` into `context` (a new one by default).

        `pointer` is where `doc` sits in its file, for crosswalks applied to a part of a
        larger document (a Mauro data class inside its model); events and errors carry it.
        """
        return self.apply_counted(doc, account, hooks, context, pointer)[0]

    def apply_counted(self, doc: Any, account: Account, hooks: Mapping[str, Hook] | None = None,
                      context: Context | None = None, pointer: str = "",
                      events: bool = True) -> tuple[Context, int]:
        """`apply`, and the number of source values in `doc` (`count_source_values(doc)`),
        counted on the same walk instead of a second pass. Only for a walk that returns: after
        a RecordError the caller counts the document itself.

        `events=False`: values the walk maps as they are go to `account.mapped_counted` as a
        count, not to `account.mapped` as events (a hundred tuples and pointer strings a record
        that a conversion's run report never reads); everything else is recorded as always.
        """
        ctx = context or Context(account)
        if not isinstance(doc, dict):
            raise RecordError(f"expected a JSON object, found {type_name(doc)}", where=pointer)
        walk = self._compiled if events else self._compiled_counting
        if walk is None:
            walk = self.compile(events)
        return ctx, walk(ctx, doc, pointer, hooks or {})

    def interpret(self, doc: Any, account: Account, hooks: Mapping[str, Hook] | None = None,
                  context: Context | None = None, pointer: str = "") -> Context:
        """`apply`, by the generic tree walker: the reference the compiled walker must equal."""
        ctx = context or Context(account)
        if not isinstance(doc, dict):
            raise RecordError(f"expected a JSON object, found {type_name(doc)}", where=pointer)
        _walk(ctx, self.root, doc, pointer, (), hooks or {})
        return ctx

    def compile(self, events: bool = True) -> Callable[[Context, dict[str, Any], str, Mapping[str, Hook]], None]:
        """The crosswalk as one specialised Python function (generated once, then cached);
        `events=False`: the variant that counts mapped values (see `apply_counted`)."""
        if not events:
            if self._compiled_counting is None:
                self._compiled_counting, self.compiled_counting_source = _compile(self, events=False)
            return self._compiled_counting
        if self._compiled is None:
            self._compiled, self.compiled_source = _compile(self)
        return self._compiled

    def targets(self) -> dict[str, LeafRule]:
        """pattern -> rule, for documentation and writers."""
        return {leaf.pattern: leaf for leaf in self.leaf_rules}


def read_rules(path: str | Path) -> tuple[str, dict[str, Any]]:
    """The (format name, rules) of a crosswalk file, following `extends:` and `drop:`.

    A crosswalk for a close variant (HDR UK 4.0 of 3.0) names its parent in `extends`,
    lists parent patterns it no longer has in `drop`, and adds or overrides `rules`.
    """
    path = Path(path)
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    rules: dict[str, Any] = {}
    if doc.get("extends"):
        _, rules = read_rules(path.parent / doc["extends"])
    for pattern in doc.get("drop") or []:
        rules.pop(pattern, None)
    rules.update(doc.get("rules") or {})
    return doc.get("format", path.stem), rules


@functools.lru_cache(maxsize=None)
def _load(path: str) -> Crosswalk:
    name, rules = read_rules(path)
    return Crosswalk(name, rules, source=path)


def _split_pattern(pattern: str) -> list[str]:
    if not pattern.startswith("/"):
        raise ValueError(f"crosswalk pattern must be a JSON Pointer: {pattern!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in pattern[1:].split("/")]


def _escape(key: str) -> str:
    if "~" in key or "/" in key:
        return key.replace("~", "~0").replace("/", "~1")
    return key


def _walk(ctx: Context, node: Node, value: Any, pointer: str, indices: tuple[int, ...],
          hooks: Mapping[str, Hook]) -> None:
    leaf = node.leaf
    if leaf is not None:
        _leaf_value(ctx, leaf, value, pointer, indices, hooks)
        return
    if isinstance(value, dict):
        children = node.children
        if not children and node.star is None:
            _unmapped_tree(ctx, value, pointer)
            return
        account = ctx.account
        out = ctx.out
        for key, item in value.items():
            child = children.get(key)
            item_pointer = f"{pointer}/{key.replace('~', '~0').replace('/', '~1') if '~' in key or '/' in key else key}"
            if child is None:
                _unmapped_tree(ctx, item, item_pointer)
                continue
            leaf = child.leaf
            if leaf is not None and leaf.direct and item is not None and not isinstance(item, (dict, list)):
                # the common case, inlined: a scalar of an accepted type copied to its target
                if isinstance(item, str) and not item.strip():
                    continue
                if leaf.accepts(item):
                    if leaf.simple_key is not None:
                        out[leaf.simple_key] = item
                    elif not assign(out, leaf.segments, item, indices):
                        ctx.tidy = False
                    account.map(item_pointer, leaf.target_name)
                    continue
            _walk(ctx, child, item, item_pointer, indices, hooks)
    elif isinstance(value, list):
        if node.star is None:
            if node.children:
                raise RecordError(f"expected an object, found an array", where=pointer)
            _unmapped_tree(ctx, value, pointer)
            return
        star = node.star
        for index, item in enumerate(value):
            _walk(ctx, star, item, f"{pointer}/{index}", indices + (index,), hooks)
    elif value is None or (isinstance(value, str) and not value.strip()):
        return
    else:
        expected = "an array" if node.star is not None else "an object"
        raise RecordError(f"expected {expected}, found {type_name(value)} {_short(value)}", where=pointer)


def _leaf_value(ctx: Context, leaf: LeafRule, value: Any, pointer: str, indices: tuple[int, ...],
                hooks: Mapping[str, Hook]) -> None:
    if value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}:
        return
    if leaf.hook is not None:
        hook = hooks.get(leaf.hook)
        if hook is None:
            raise KeyError(f"crosswalk names hook {leaf.hook!r}, which the module does not define")
        hook(ctx, value, pointer, indices)
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            item_pointer = f"{pointer}/{index}"
            if isinstance(item, (dict, list)):
                if leaf.unmapped is not None:
                    _unmapped_tree(ctx, item, item_pointer, leaf.unmapped)
                    continue
                raise RecordError(f"expected {' or '.join(leaf.types)}, found {type_name(item)}", where=item_pointer)
            _leaf_value(ctx, leaf, item, item_pointer, indices, hooks)
        return
    if isinstance(value, dict):
        if leaf.unmapped is not None:
            _unmapped_tree(ctx, value, pointer, leaf.unmapped)
            return
        raise RecordError(f"expected {' or '.join(leaf.types)}, found object", where=pointer)
    if not is_source_value(value):
        return
    if leaf.unmapped is not None:
        ctx.unmapped(pointer, value, leaf.unmapped)
        return
    _apply_leaf(ctx, leaf, value, pointer, indices, hooks)


def _apply_leaf(ctx: Context, leaf: LeafRule, value: Any, pointer: str, indices: tuple[int, ...],
                hooks: Mapping[str, Hook]) -> Any:
    if not leaf.accepts(value):
        raise RecordError(f"expected {' or '.join(leaf.types)}, found {type_name(value)} {_short(value)}",
                          where=pointer)
    new = value
    if leaf.rules:
        try:
            new = _chain(leaf.rules, 0, value)
        except Rejected as exc:
            ctx.unmapped(pointer, value, f"{leaf.rule_name}: {exc}", reason="rejected")
            return None
    if new is ABSENT:
        ctx.account.normalise(pointer, leaf.target or "", value, None, leaf.rule_name, "placeholder: no value")
        return ABSENT
    if not assign(ctx.out, leaf.segments, new, indices):
        ctx.tidy = False
    if new == value or (isinstance(new, dict) and len(new) == 1 and value in new.values()):
        ctx.account.map(pointer, leaf.target or "")
    else:
        ctx.account.normalise(pointer, leaf.target or "", value, new, leaf.rule_name)
    return new


def _unmapped_tree(ctx: Context, value: Any, pointer: str, why: str = "no rule in the crosswalk") -> None:
    reason = "not_in_crosswalk" if why == "no rule in the crosswalk" else "no_target"
    if isinstance(value, dict):
        for key, item in value.items():
            _unmapped_tree(ctx, item, f"{pointer}/{_escape(key)}", why)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _unmapped_tree(ctx, item, f"{pointer}/{index}", why)
    elif is_source_value(value):
        ctx.unmapped(pointer, value, why, reason=reason)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."



# -- the compiled walker -------------------------------------------------------------------
# `_compile` turns a crosswalk's tree into one Python function that does what `_walk` does,
# in the same order (source order), for every document: constant keys dispatched with
# string comparisons, pointers built from constant escaped suffixes, the element dicts of
# `*` loops kept in locals (created on the first value assigned, as `assign` would), the
# common leaves inlined (a scalar copied as it is; one rule whose result is the value
# itself), and everything unusual handed to the interpreter's own functions (`_leaf_value`,
# `_apply_leaf`, `_walk`, hooks, `_unmapped_tree`) so errors and events stay identical.

#: Python allows 20 statically nested blocks; deeper subtrees are walked by `_walk`.
_MAX_BLOCKS = 16


def _elem(obj: dict[str, Any], name: str, index: int) -> Any:
    """The `index`-th element of the list `obj[name]`, padding with {} (as `assign` does)."""
    items = obj.setdefault(name, [])
    while len(items) <= index:
        items.append({})
    return items[index]


def _elem_noted(ctx: Context, obj: dict[str, Any], name: str, index: int) -> Any:
    """`_elem` for the compiled walker: padding past a gap leaves {} behind (`ctx.tidy` cleared)."""
    items = obj.setdefault(name, [])
    if len(items) < index:
        ctx.tidy = False
    while len(items) <= index:
        items.append({})
    return items[index]


def _put(obj: dict[str, Any], name: str, value: Any) -> None:
    """A value for a list target (`x[]`): a list extends it, a scalar is appended."""
    items = obj.setdefault(name, [])
    if isinstance(value, list):
        items.extend(value)
    else:
        items.append(value)


# The helpers below return the number of source values they were given (for the count the
# compiled walk keeps), after doing what the interpreter does with them.
def _direct(ctx: Context, node: Node, item: Any, pointer: str, indices: tuple[int, ...],
            hooks: Mapping[str, Hook]) -> int:
    """The interpreter's inlined direct-copy case of `_walk`'s dict loop, for uncommon types."""
    leaf = node.leaf
    assert leaf is not None
    if item is not None and not isinstance(item, (dict, list)):
        if isinstance(item, str) and not item.strip():
            return 0
        if leaf.accepts(item):
            if leaf.simple_key is not None:
                ctx.out[leaf.simple_key] = item
            elif not assign(ctx.out, leaf.segments, item, indices):
                ctx.tidy = False
            ctx.account.map(pointer, leaf.target_name)
            return 1
    _walk(ctx, node, item, pointer, indices, hooks)
    return count_source_values(item)


def _leaf_counted(ctx: Context, leaf: LeafRule, value: Any, pointer: str, indices: tuple[int, ...],
                  hooks: Mapping[str, Hook]) -> int:
    _leaf_value(ctx, leaf, value, pointer, indices, hooks)
    return count_source_values(value)


def _list_item(ctx: Context, leaf: LeafRule, item: Any, pointer: str, indices: tuple[int, ...],
               hooks: Mapping[str, Hook]) -> int:
    """An item other than a string of a list at a leaf (what `_leaf_value`'s loop does with it)."""
    if item is None:
        return 0
    if isinstance(item, (dict, list)):
        raise RecordError(f"expected {' or '.join(leaf.types)}, found {type_name(item)}", where=pointer)
    _leaf_value(ctx, leaf, item, pointer, indices, hooks)
    return count_source_values(item)


def _hooked(ctx: Context, leaf: LeafRule, hook: Hook | None, value: Any, pointer: str,
            indices: tuple[int, ...]) -> int:
    """A value other than a string at a hook's leaf (what `_leaf_value` does before the hook)."""
    if value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}:
        return 0
    if hook is None:
        raise KeyError(f"crosswalk names hook {leaf.hook!r}, which the module does not define")
    hook(ctx, value, pointer, indices)
    return count_source_values(value)


def _not_walked(ctx: Context, node: Node, value: Any, pointer: str) -> int:
    """A value at an inner node that is not the object (or, with a `*`, the array) it walks."""
    if isinstance(value, list):
        if node.children:
            raise RecordError("expected an object, found an array", where=pointer)
        _unmapped_tree(ctx, value, pointer)
        return count_source_values(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    _raise_shape(node, value, pointer)
    return 0


def _chain(rules: tuple[normalise.Rule, ...], start: int, new: Any) -> Any:
    """The rules from `start` on, in turn (to a list item by item, flattening list results);
    stops at the first that finds no value (ABSENT)."""
    for rule in rules[start:]:
        if isinstance(new, list):
            results = []
            for item in new:
                out = rule(item)
                if out is ABSENT:
                    continue
                results.extend(out if isinstance(out, list) else [out])
            new = results if results else ABSENT
        else:
            new = rule(new)
        if new is ABSENT:
            break
    return new


def _ruled(ctx: Context, leaf: LeafRule, value: Any, new: Any, pointer: str, indices: tuple[int, ...],
           rule_name: str) -> None:
    """The end of `_apply_leaf` for a leaf whose rules changed the value (`rule_name`: leaf.rule_name)."""
    if new is ABSENT:
        ctx.account.normalise(pointer, leaf.target or "", value, None, rule_name, "placeholder: no value")
        return
    if not assign(ctx.out, leaf.segments, new, indices):
        ctx.tidy = False
    if new == value or (isinstance(new, dict) and len(new) == 1 and value in new.values()):
        ctx.account.map(pointer, leaf.target or "")
    else:
        ctx.account.normalise(pointer, leaf.target or "", value, new, rule_name)


def _raise_shape(node: Node, value: Any, pointer: str) -> None:
    expected = "an array" if node.star is not None else "an object"
    raise RecordError(f"expected {expected}, found {type_name(value)} {_short(value)}", where=pointer)


class _Compiler:
    def __init__(self, crosswalk: Crosswalk, events: bool = True):
        self.crosswalk = crosswalk
        #: False: a value mapped as it is adds 1 to a local count instead of an event
        self.events = events
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "isinstance": isinstance, "dict": dict, "list": list, "str": str, "int": int, "bool": bool, "len": len,
            "enumerate": enumerate, "RecordError": RecordError, "Rejected": Rejected, "ABSENT": ABSENT,
            "_walk": _walk, "_leaf_value": _leaf_value, "_apply_leaf": _apply_leaf, "_direct": _direct,
            "_ruled": _ruled, "_chain": _chain, "_leaf_counted": _leaf_counted, "_list_item": _list_item,
            "_hooked": _hooked, "_not_walked": _not_walked, "_unmapped_tree": _unmapped_tree, "_raise_shape": _raise_shape,
            "_elem": _elem, "_elem_noted": _elem_noted, "_put": _put, "_escape": _escape, "type_name": type_name,
            "_count": count_source_values,
        }
        self.consts: dict[int, str] = {}
        self.hooks: dict[str, str] = {}
        self.counter = 0

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def const(self, obj: Any, prefix: str) -> str:
        found = self.consts.get(id(obj))
        if found is None:
            found = self.consts[id(obj)] = self.name(prefix)
            self.namespace[found] = obj
        return found

    def hook(self, name: str) -> str:
        if name not in self.hooks:
            self.hooks[name] = f"h_{len(self.hooks)}"
        return self.hooks[name]

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def mapped(self, indent: int, pointer: str, target: str) -> None:
        """Code that records a value mapped as it is: its event, or one more in the count."""
        if self.events:
            self.emit(indent, f"mapped(({pointer}, {target!r}))")
        else:
            self.emit(indent, "nmap_ += 1")

    # -- source --------------------------------------------------------------------------
    def build(self) -> str:
        body_start = len(self.lines)
        # the counting variant's body sits in a try block (one more nesting level)
        self.node(self.crosswalk.root, "doc", "pointer", (), 1, 0 if self.events else 1)
        body = self.lines[body_start:]
        head = ["def walk(ctx, doc, pointer, hooks):",
                "    out = ctx.out",
                "    mapped = ctx.account.mapped.append",
                "    normalised = ctx.account.normalised.append",
                "    count_ = 0  # the source values walked (what count_source_values(doc) gives)"]
        head += [f"    {var} = hooks.get({name!r})" for name, var in self.hooks.items()]
        if self.events:
            return "\n".join(head + body + ["    return count_"]) + "\n"
        # values mapped as they are, counted; added to the account even when a hook raises,
        # as the events would have been
        head.append("    nmap_ = 0")
        body = ["    try:"] + ["    " + line for line in body] + [
            "    finally:", "        ctx.account.mapped_counted += nmap_"]
        return "\n".join(head + body + ["    return count_"]) + "\n"

    def node(self, node: Node, v: str, p: str, stars: tuple[str, ...], indent: int, blocks: int,
             containers: dict[str, str] | None = None) -> None:
        """Code that walks `node` over the value in variable `v` at the pointer in variable `p`."""
        containers = dict(containers or {})
        if blocks + 3 > _MAX_BLOCKS:  # too deep to nest: the interpreter walks the rest
            self.emit(indent, f"count_ += _count({v})")
            self.emit(indent, f"_walk(ctx, {self.const(node, 'N')}, {v}, {p}, {self.indices(stars)}, hooks)")
            return
        self.emit(indent, f"if isinstance({v}, dict):")
        if node.children:
            k, c = self.name("k"), self.name("v")
            self.emit(indent + 1, f"for {k}, {c} in {v}.items():")
            keyword = "if"
            for key, child in node.children.items():
                self.emit(indent + 2, f"{keyword} {k} == {key!r}:")
                keyword = "elif"
                suffix = "/" + _escape(key)
                if child.leaf is not None:
                    self.leaf(child, c, f"{p} + {suffix!r}", stars, indent + 3, blocks + 1, True, containers)
                else:
                    cp = self.name("p")
                    self.emit(indent + 3, f"{cp} = {p} + {suffix!r}")
                    self.node(child, c, cp, stars, indent + 3, blocks + 1, containers)
            self.emit(indent + 2, "else:")
            self.emit(indent + 3, f"count_ += _count({c})")
            self.emit(indent + 3, f"_unmapped_tree(ctx, {c}, f\"{{{p}}}/{{_escape({k})}}\")")
        else:
            self.emit(indent + 1, f"count_ += _count({v})")
            self.emit(indent + 1, f"_unmapped_tree(ctx, {v}, {p})")
        if node.star is not None:
            self.emit(indent, f"elif isinstance({v}, list):")
            i, c, cp = self.name("i"), self.name("v"), self.name("p")
            self.emit(indent + 1, f"for {i}, {c} in enumerate({v}):")
            self.emit(indent + 2, f"{cp} = f\"{{{p}}}/{{{i}}}\"")
            inner = stars + (i,)
            # the element dicts this loop's index picks: found on first use, reset per item
            for prefix in self.loop_containers(node.star, len(inner)):
                var = containers[prefix] = self.name("c")
                self.emit(indent + 2, f"{var} = None")
            if node.star.leaf is not None:
                self.leaf(node.star, c, cp, inner, indent + 2, blocks + 1, False, containers)
            else:
                self.node(node.star, c, cp, inner, indent + 2, blocks + 1, containers)
        self.emit(indent, f"elif {v} is not None:")
        self.emit(indent + 1, f"count_ += _not_walked(ctx, {self.const(node, 'N')}, {v}, {p})")

    @staticmethod
    def indices(stars: tuple[str, ...]) -> str:
        if not stars:
            return "()"
        return "(" + ", ".join(stars) + ("," if len(stars) == 1 else "") + ")"

    def loop_containers(self, node: Node, depth: int) -> list[str]:
        """Target prefixes (`tables[].variables[]`) whose last list is indexed by the loop at `depth`."""
        found: dict[str, None] = {}
        stack = [node]
        while stack:
            n = stack.pop()
            if n.leaf is not None:
                if self.inlined(n.leaf):
                    lists = 0
                    for pos, seg in enumerate(n.leaf.segments[:-1]):
                        if seg.is_list:
                            lists += 1
                            if lists == depth:
                                found[_prefix(n.leaf.segments[:pos + 1])] = None
                continue
            stack.extend(n.children.values())
            if n.star is not None:
                stack.append(n.star)
        return sorted(found)

    @staticmethod
    def inlined(leaf: LeafRule) -> bool:
        """Leaves whose assignment the generated code does itself."""
        if leaf.hook is not None or leaf.unmapped is not None or leaf.target is None:
            return False
        return "string" in leaf.types or leaf.direct

    def assign(self, leaf: LeafRule, value: str, scalar: bool, stars: tuple[str, ...], indent: int,
               containers: dict[str, str]) -> None:
        """Code doing `assign(out, leaf.segments, value, indices)` with the loop's containers."""
        segments = leaf.segments
        if len(segments) == 1 and not segments[0].is_list:
            self.emit(indent, f"out[{segments[0].name!r}] = {value}")
            return
        obj = "out"
        position = 0
        last = len(segments) - 1
        # the deepest list the loop indices pick: its container (found with its parents) is the start
        deepest, lists = -1, 0
        for n, seg in enumerate(segments[:-1]):
            if seg.is_list:
                lists += 1
                if lists <= len(stars):
                    deepest = n
        if deepest >= 0:
            self.ensure(segments, deepest, stars, indent, containers)
            obj = containers[_prefix(segments[:deepest + 1])]
            position = sum(1 for seg in segments[:deepest + 1] if seg.is_list)
        for n, seg in enumerate(segments):
            if n <= deepest:
                continue
            if n == last:
                if seg.is_list:
                    if scalar:
                        self.emit(indent, f"{obj}.setdefault({seg.name!r}, []).append({value})")
                    else:
                        self.emit(indent, f"_put({obj}, {seg.name!r}, {value})")
                else:
                    self.emit(indent, f"{obj}[{seg.name!r}] = {value}")
                return
            if seg.is_list:
                new = self.name("t")
                self.emit(indent, f"{new} = {{}}")
                self.emit(indent, f"{obj}.setdefault({seg.name!r}, []).append({new})")
                obj = new
            else:
                new = self.name("t")
                self.emit(indent, f"{new} = {obj}.setdefault({seg.name!r}, {{}})")
                obj = new

    def ensure(self, segments: tuple[Segment, ...], n: int, stars: tuple[str, ...], indent: int,
               containers: dict[str, str]) -> None:
        """Code that finds the container for the list segment `n` (indexed) when not yet found."""
        var = containers[_prefix(segments[:n + 1])]
        self.emit(indent, f"if {var} is None:")
        obj = "out"
        position = 0
        for m in range(n):
            seg = segments[m]
            if seg.is_list:
                self.ensure(segments, m, stars, indent + 1, containers)
                obj = containers[_prefix(segments[:m + 1])]
                position += 1
            else:
                new = self.name("t")
                self.emit(indent + 1, f"{new} = {obj}.setdefault({seg.name!r}, {{}})")
                obj = new
        # _elem inlined for the usual case: the next element of the list is this one
        items, index = self.name("l"), stars[position]
        self.emit(indent + 1, f"{items} = {obj}.setdefault({segments[n].name!r}, [])")
        self.emit(indent + 1, f"if len({items}) == {index}:")
        self.emit(indent + 2, f"{var} = {{}}")
        self.emit(indent + 2, f"{items}.append({var})")
        self.emit(indent + 1, "else:")
        self.emit(indent + 2, f"{var} = _elem_noted(ctx, {obj}, {segments[n].name!r}, {index})")

    def leaf(self, node: Node, c: str, pointer: str, stars: tuple[str, ...], indent: int, blocks: int,
             in_dict: bool, containers: dict[str, str]) -> None:
        """Code for the value in variable `c` at a leaf; `pointer` is an expression."""
        leaf = node.leaf
        assert leaf is not None
        ix = self.indices(stars)
        lname = self.const(leaf, "L")
        fallback = f"count_ += _leaf_counted(ctx, {lname}, {c}, {pointer}, {ix}, hooks)"
        if leaf.hook is not None:
            h = self.hook(leaf.hook)
            message = f"crosswalk names hook {leaf.hook!r}, which the module does not define"
            # what _leaf_value does before calling a hook (a plain string first: the common case)
            self.emit(indent, f"if {c}.__class__ is str:")
            self.emit(indent + 1, f"if {c}.strip():")
            self.emit(indent + 2, "count_ += 1")
            self.emit(indent + 2, f"if {h} is None:")
            self.emit(indent + 3, f"raise KeyError({message!r})")
            self.emit(indent + 2, f"{h}(ctx, {c}, {pointer}, {ix})")
            # a list (what `_hooked` does with one): the hook gets it whole unless it is empty
            self.emit(indent, f"elif {c}.__class__ is list:")
            self.emit(indent + 1, f"if {c}:")
            self.emit(indent + 2, f"if {h} is None:")
            self.emit(indent + 3, f"raise KeyError({message!r})")
            self.emit(indent + 2, f"{h}(ctx, {c}, {pointer}, {ix})")
            self.emit(indent + 2, f"count_ += _count({c})")
            self.emit(indent, f"elif {c} is not None:")
            self.emit(indent + 1, f"count_ += _hooked(ctx, {lname}, {h}, {c}, {pointer}, {ix})")
            return
        if leaf.unmapped is not None:
            self.emit(indent, f"if {c}.__class__ is str:")
            self.emit(indent + 1, f"if {c}.strip():")
            self.emit(indent + 2, "count_ += 1")
            self.emit(indent + 2, f"ctx.unmapped({pointer}, {c}, {leaf.unmapped!r})")
            self.emit(indent, f"elif {c} is not None:")
            self.emit(indent + 1, fallback)
            return
        direct_fallback = (f"count_ += _direct(ctx, {self.const(node, 'N')}, {c}, {pointer}, {ix}, hooks)"
                           if leaf.direct and in_dict else fallback)
        if not self.inlined(leaf) or blocks + 5 > _MAX_BLOCKS:
            self.emit(indent, f"if {c} is not None:")
            self.emit(indent + 1, direct_fallback)
            return
        if "string" not in leaf.types:  # a direct copy of booleans or numbers
            keyword = "if"
            for cls in self.scalar_classes(leaf):
                self.emit(indent, f"{keyword} {c}.__class__ is {cls}:")
                keyword = "elif"
                self.emit(indent + 1, "count_ += 1")
                self.assign(leaf, c, True, stars, indent + 1, containers)
                self.mapped(indent + 1, pointer, leaf.target_name)
            self.emit(indent, f"{'elif' if keyword == 'elif' else 'if'} {c} is not None:")
            self.emit(indent + 1, direct_fallback)
            return
        # a string: inlined; a list of strings: inlined per item; anything else: the interpreter
        self.emit(indent, f"if {c}.__class__ is str:")
        self.emit(indent + 1, f"if {c}.strip():")
        self.emit(indent + 2, "count_ += 1")
        self.string(leaf, c, pointer, stars, indent + 2, containers)
        if leaf.direct:
            for cls in self.scalar_classes(leaf):
                self.emit(indent, f"elif {c}.__class__ is {cls}:")
                self.emit(indent + 1, "count_ += 1")
                self.assign(leaf, c, True, stars, indent + 1, containers)
                self.mapped(indent + 1, pointer, leaf.target_name)
        if leaf.segments[-1].is_list:  # a list target (`keywords[]`): its source often is a list
            lp, j, x = self.name("lp"), self.name("j"), self.name("x")
            self.emit(indent, f"elif {c}.__class__ is list:")
            self.emit(indent + 1, f"{lp} = {pointer}")
            self.emit(indent + 1, f"for {j}, {x} in enumerate({c}):")
            self.emit(indent + 2, f"if {x}.__class__ is str:")
            self.emit(indent + 3, f"if {x}.strip():")
            self.emit(indent + 4, "count_ += 1")
            self.string(leaf, x, f'f"{{{lp}}}/{{{j}}}"', stars, indent + 4, containers)
            self.emit(indent + 2, "else:")
            self.emit(indent + 3, f"count_ += _list_item(ctx, {lname}, {x}, f\"{{{lp}}}/{{{j}}}\", {ix}, hooks)")
        self.emit(indent, f"elif {c} is not None:")
        self.emit(indent + 1, direct_fallback)

    @staticmethod
    def scalar_classes(leaf: LeafRule) -> list[str]:
        """Classes (other than str) a direct leaf copies inline; floats go to the interpreter."""
        classes = []
        if "boolean" in leaf.types:
            classes.append("bool")
        if "integer" in leaf.types or "number" in leaf.types:
            classes.append("int")
        return classes

    def string(self, leaf: LeafRule, x: str, pointer: str, stars: tuple[str, ...], indent: int,
               containers: dict[str, str]) -> None:
        """Code for a non-blank string `x` at an inlined leaf (what `_apply_leaf` does with it).

        The rules run one after the other while each gives the string itself back (then the
        value is mapped as it is); the first that changes it hands over to `_chain`, which
        runs the rest as `_apply_leaf` does, and `_ruled` records the outcome.
        """
        target = leaf.target_name
        if all(r.name in _STRING_IDENTITY for r in leaf.rules):
            self.assign(leaf, x, True, stars, indent, containers)
            self.mapped(indent, pointer, target)
            return
        ptr = self.name("q")
        self.emit(indent, f"{ptr} = {pointer}")
        new = self.name("n")
        rules = self.const(leaf.rules, "RS")
        rule_name = leaf.rule_name
        self.emit(indent, "try:")
        self.emit(indent + 1, f"{new} = {x}")
        depth = indent + 1
        for k, rule in enumerate(leaf.rules):
            if rule.name in _STRING_IDENTITY:
                continue  # the value is still the string here
            self.emit(depth, f"{new} = {self.const(rule.func, 'R')}({x})")
            if k + 1 < len(leaf.rules) and not all(r.name in _STRING_IDENTITY for r in leaf.rules[k + 1:]):
                self.emit(depth, f"if {new} is not {x} and {new} is not ABSENT:")
                self.emit(depth + 1, f"{new} = _chain({rules}, {k + 1}, {new})")
                self.emit(depth, f"elif {new} is {x}:")
                depth += 1
        self.emit(indent, "except Rejected as exc:")
        self.emit(indent + 1, f"ctx.unmapped({ptr}, {x}, {rule_name + ': '!r} + str(exc), reason='rejected')")
        self.emit(indent, "else:")
        self.emit(indent + 1, f"if {new} is {x}:")
        self.assign(leaf, x, True, stars, indent + 2, containers)
        self.mapped(indent + 2, ptr, target)
        # a rule that gave another string (an enum's spelling, a trimmed date): `_ruled`, inlined
        self.emit(indent + 1, f"elif {new}.__class__ is str:")
        self.assign(leaf, new, True, stars, indent + 2, containers)
        self.emit(indent + 2, f"if {new} == {x}:")
        self.mapped(indent + 3, ptr, target)
        self.emit(indent + 2, "else:")
        self.emit(indent + 3, f"normalised(({ptr}, {target!r}, {x}, {new}, {rule_name!r}, ''))")
        self.emit(indent + 1, "else:")
        self.emit(indent + 2, f"_ruled(ctx, {self.const(leaf, 'L')}, {x}, {new}, {ptr}, {self.indices(stars)}, "
                              f"{rule_name!r})")


#: Rules that return a string argument itself, unchanged (`string` turns numbers into text).
_STRING_IDENTITY = frozenset({"string"})


def _prefix(segments: tuple[Segment, ...]) -> str:
    return ".".join(s.name + ("[]" if s.is_list else "") for s in segments)


def _compile(crosswalk: Crosswalk, events: bool = True) -> tuple[Callable[..., None], str]:
    compiler = _Compiler(crosswalk, events)
    source = compiler.build()
    code = compile(source, f"<crosswalk {crosswalk.name}>", "exec")
    namespace = dict(compiler.namespace)
    exec(code, namespace)
    return namespace["walk"], source
