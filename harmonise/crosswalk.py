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
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import orjson
import yaml

from harmonise import normalise
from harmonise.accounting import Account, is_source_value
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

    __slots__ = ("out", "account", "extensions", "state")

    def __init__(self, account: Account):
        self.out: dict[str, Any] = {}
        self.account = account
        self.extensions: list[dict[str, Any]] = []
        self.state: dict[str, Any] = {}

    def set(self, target: str, value: Any, indices: tuple[int, ...] = ()) -> None:
        assign(self.out, parse_target_cached(target), value, indices)

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
        self.extensions.append({
            "source_pointer": pointer,
            "value": orjson.dumps(value).decode(),
            "reason": reason,
            **({"note": why} if why and why != reason else {}),
        })

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
        rules = tuple(normalise.get(spec) for spec in rule_specs)
        leaf = LeafRule(pattern=pointer, target=target, segments=parse_target_cached(target), rules=rules,
                        types=("string", "integer", "number", "boolean"))
        return _apply_leaf(self, leaf, value, pointer, indices, {})


@functools.lru_cache(maxsize=4096)
def parse_target_cached(target: str) -> tuple[Segment, ...]:
    return parse_target(target)


def assign(out: dict[str, Any], segments: tuple[Segment, ...], value: Any, indices: tuple[int, ...]) -> None:
    if len(segments) == 1 and not segments[0].is_list:
        out[segments[0].name] = value
        return
    obj = out
    position = 0
    last = len(segments) - 1
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
            return
        if seg.is_list:
            items = obj.setdefault(seg.name, [])
            if position < len(indices):
                idx = indices[position]
                position += 1
                while len(items) <= idx:
                    items.append({})
                obj = items[idx]
            else:
                new: dict[str, Any] = {}
                items.append(new)
                obj = new
        else:
            obj = obj.setdefault(seg.name, {})


def prune(value: Any) -> Any:
    """Drop empty objects and lists left by skipped source values (placeholders, nulls)."""
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                item = prune(item)
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
                item = prune(item)
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
        ctx = context or Context(account)
        if not isinstance(doc, dict):
            raise RecordError(f"expected a JSON object, found {type_name(doc)}", where=pointer)
        _walk(ctx, self.root, doc, pointer, (), hooks or {})
        return ctx

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
                    else:
                        assign(out, leaf.segments, item, indices)
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
            for rule in leaf.rules:
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
        except Rejected as exc:
            ctx.unmapped(pointer, value, f"{leaf.rule_name}: {exc}", reason="rejected")
            return None
    if new is ABSENT:
        ctx.account.normalise(pointer, leaf.target or "", value, None, leaf.rule_name, "placeholder: no value")
        return ABSENT
    assign(ctx.out, leaf.segments, new, indices)
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
