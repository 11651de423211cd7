"""Shared machinery of the general exchange-format readers (DDI, Frictionless, CSVW, CKAN,
DataCite, schema.org, CDDO): a crosswalk-driven JSON reader base, key
canonicalisation for tolerant formats, and hook helpers that account every value.

A private module (leading underscore): the registry does not look for READERS here.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterator, Mapping

from harmonise import normalise
from harmonise.accounting import Account, count_source_values, is_source_value
from harmonise.crosswalk import Context, Crosswalk, prune
from harmonise.errors import RecordError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.sources import Source

Hook = Callable[[Context, Any, str, tuple[int, ...]], None]


def items_at(value: Any, pointer: str) -> list[tuple[str, Any]]:
    """(pointer, item) for each item of a value that may be one item or a list of them."""
    if isinstance(value, list):
        return [(f"{pointer}/{n}", v) for n, v in enumerate(value)]
    return [(pointer, value)]


def collect(state_key: str) -> Hook:
    """A hook that sets aside (table index, item, pointer) for each item, to be resolved once the
    whole record is mapped (key constraints name variables that may come later)."""

    def hook(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
        for item_pointer, item in items_at(value, pointer):
            ctx.state.setdefault(state_key, []).append((indices[0], item, item_pointer))

    return hook


def variable_named(table: dict[str, Any] | None, name: Any) -> dict[str, Any] | None:
    """The variable called `name` in a table under construction (for key constraints)."""
    for var in (table or {}).get("variables", []) or []:
        if var.get("name") == name:
            return var
    return None


# -- hook helpers ---------------------------------------------------------------------------
def unmap_tree(ctx: Context, value: Any, pointer: str, why: str, reason: str = "no_target") -> None:
    """Account every scalar under `value` as unmapped (kept as extensions)."""
    if isinstance(value, dict):
        for key, item in value.items():
            unmap_tree(ctx, item, f"{pointer}/{escape(key)}", why, reason)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            unmap_tree(ctx, item, f"{pointer}/{index}", why, reason)
    elif is_source_value(value):
        ctx.unmapped(pointer, value, why, reason=reason)


def escape(key: object) -> str:
    text = str(key)
    return text.replace("~", "~0").replace("/", "~1") if ("~" in text or "/" in text) else text


def convert_value(ctx: Context, pointer: str, target: str, value: Any, rules: tuple[str, ...] = ()) -> Any:
    """Run `rules` on one scalar and account it against `target`, without placing it.

    Returns the new value, or None when the value was rejected (kept as an extension) or
    was a placeholder. The caller places the value where it belongs.
    """
    if not is_source_value(value):
        return None
    new = value
    try:
        for name in rules:
            new = normalise.get(name)(new)
            if new is ABSENT:
                break
    except Rejected as exc:
        ctx.unmapped(pointer, value, f"{'+'.join(rules)}: {exc}", reason="rejected")
        return None
    if new is ABSENT:
        ctx.account.normalise(pointer, target, value, None, "+".join(rules), "placeholder: no value")
        return None
    if new == value:
        ctx.account.map(pointer, target)
    else:
        ctx.account.normalise(pointer, target, value, new, "+".join(rules))
    return new


def annotation_hook(prefix: str) -> Hook:
    """A hook that keeps a value as an `annotations` entry named `<prefix>:<source key>`."""

    def hook(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
        key = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        items = value if isinstance(value, list) else [value]
        for n, item in enumerate(items):
            item_pointer = f"{pointer}/{n}" if isinstance(value, list) else pointer
            if isinstance(item, (dict, list)):
                unmap_tree(ctx, item, item_pointer, "structured value with no model slot")
                continue
            if not is_source_value(item):
                continue
            ctx.out.setdefault("annotations", []).append({"property": f"{prefix}:{key}", "value": str(item)})
            ctx.account.map(item_pointer, "annotations[].value")

    return hook


def set_if_absent(ctx: Context, target: str, value: Any) -> bool:
    if ctx.get(target) in (None, "", [], {}):
        ctx.set(target, value)
        return True
    return False


# -- the crosswalk-driven JSON reader -------------------------------------------------------
class CrosswalkReader(Reader):
    """A reader whose records are JSON-like documents mapped through a crosswalk YAML."""

    crosswalk_file: ClassVar[Path]
    hooks: ClassVar[Mapping[str, Hook]] = {}
    suffixes = (".json",)
    #: where the title comes from, for the error when a record has none
    title_pointer: ClassVar[str] = "/title"
    format_version: ClassVar[str | None] = None

    def crosswalk(self) -> Crosswalk:
        return Crosswalk.load(self.crosswalk_file)

    # records ------------------------------------------------------------------------------
    def load(self, source: Source) -> Any:
        return source.json()

    def split(self, doc: Any) -> Iterator[tuple[str, Any]]:
        """(JSON Pointer of the record in the document, record) for each record of a document."""
        yield "", doc

    def records(self, source: Source) -> Iterator[tuple[str, Any]]:
        yield from self.split(self.load(source))

    def first(self, source: Source) -> Any:
        """The first record, from the file's skeleton (a bulk file is not read whole to detect it)."""
        for _pointer, doc in self.split(source.json_skeleton()):
            return doc
        return None

    def claim(self, doc: Any, source: Source) -> Detection | None:
        raise NotImplementedError

    def detect(self, source: Source) -> Detection | None:
        if not source.looks_like_json():
            return None
        try:
            doc = self.first(source)
        except RecordError:
            return None
        return self.claim(doc, source) if isinstance(doc, dict) else None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        for pointer, doc in self.records(source):
            yield self.convert(doc, source.name, pointer)

    # one record ---------------------------------------------------------------------------
    def version_of(self, doc: dict[str, Any]) -> str | None:
        return self.format_version

    def convert(self, doc: Any, source_name: str, pointer: str = "") -> RecordResult:
        account = Account()
        result = RecordResult(source=source_name, pointer=pointer, account=account)
        counted = False
        try:
            if not isinstance(doc, dict):
                raise RecordError(f"expected a JSON object for a record, found {type(doc).__name__}", where="")
            result.format_version = self.version_of(doc)
            ctx = Context(account)
            walked = self.prepare(ctx, doc)
            if walked is doc:  # the walk counts the record's source values as it goes (no second pass)
                _, account.source_values = self.crosswalk().apply_counted(walked, account, self.hooks, context=ctx)
            else:  # a rewritten copy (canonical keys) may hold a value twice or drop one: count the source
                account.source_values = count_source_values(doc)
                self.crosswalk().apply(walked, account, self.hooks, context=ctx)
            counted = True
            self.finish(ctx, doc)
            self.translate(ctx)
            record = prune(ctx.out)
            if ctx.extensions:
                record["extensions"] = ctx.extensions
            if not record.get("title"):
                raise RecordError("required value missing: the record has no title (the model requires one)",
                                  where=self.title_pointer)
            result.record = record
        except RecordError as exc:
            if not counted:  # the walk stopped: count the record itself
                account.source_values = count_source_values(doc)
            result.error = exc
        return result

    def prepare(self, ctx: Context, doc: dict[str, Any]) -> Any:
        """The document the crosswalk walks (a reader may canonicalise keys first)."""
        return doc

    def finish(self, ctx: Context, doc: dict[str, Any]) -> None:
        """Work that needs the whole record, after the walk."""

    def translate(self, ctx: Context) -> None:
        """Rewrite pointers of a canonicalised document back to the source's (see `canonicalise`)."""
        mapping = ctx.state.get("pointer_map")
        if not mapping:
            return
        back = lambda p: _translate(p, mapping)  # noqa: E731
        account = ctx.account
        account.mapped = [(back(p), t) for p, t in account.mapped]
        account.normalised = [(back(p), *rest) for p, *rest in account.normalised]
        account.unmapped = [(back(p), v, w) for p, v, w in account.unmapped]
        for ext in ctx.extensions:
            ext["source_pointer"] = back(ext["source_pointer"])


def _translate(pointer: str, mapping: dict[str, str]) -> str:
    probe = pointer
    rest = ""
    while probe:
        if probe in mapping:
            return mapping[probe] + rest
        cut = probe.rfind("/")
        rest = probe[cut:] + rest
        probe = probe[:cut]
    return pointer


# -- tolerant keys --------------------------------------------------------------------------
def key_folder(aliases: Mapping[str, list[str]]) -> Callable[[str], str | None]:
    """canonical key for a source key, matched without case, '-', '_', spaces or a `dc:`-style prefix."""
    table: dict[str, str] = {}
    for canonical, variants in aliases.items():
        for name in [canonical, *variants]:
            table[_squash(name)] = canonical

    def find(key: str) -> str | None:
        return table.get(_squash(key))

    return find


def _squash(key: str) -> str:
    return re.sub(r"[^a-z0-9@:]", "", key.casefold())


def canonicalise(doc: Any, find: Callable[[str], str | None], pointer: str = "",
                 canonical_pointer: str = "", mapping: dict[str, str] | None = None) -> tuple[Any, dict[str, str]]:
    """A copy of `doc` with every key that has a known variant spelled canonically.

    Returns (copy, {canonical pointer: source pointer}) for the keys that were renamed, so
    reports and errors can name the source's own spelling.
    """
    mapping = {} if mapping is None else mapping
    if isinstance(doc, dict):
        out: dict[str, Any] = {}
        for key, value in doc.items():
            canonical = find(key) or key
            if canonical in out:  # two spellings of one key: keep the first, the second stays as written
                canonical = key
            src = f"{pointer}/{escape(key)}"
            dst = f"{canonical_pointer}/{escape(canonical)}"
            if canonical != key:
                mapping[dst] = src
            out[canonical], _ = canonicalise(value, find, src, dst, mapping)
        return out, mapping
    if isinstance(doc, list):
        items = []
        for index, value in enumerate(doc):
            item, _ = canonicalise(value, find, f"{pointer}/{index}", f"{canonical_pointer}/{index}", mapping)
            items.append(item)
        return items, mapping
    return doc, mapping
