"""The compiled crosswalk walker (and the other reader hot-path shortcuts) against the reference.

`Crosswalk.apply` runs a walker generated from the crosswalk; `Crosswalk.interpret` is the
generic tree walker it replaced. Reading in "reference mode" swaps back every shortcut:
the interpreter for the compiled walker, `count_source_values` for the count taken during
the walk, `prune_reference` for the specialised prune (and `pruned_output_reference`, which
always prunes), the general `column_data_type` and `linkage_text` hooks, and a new leaf rule
for each `Context.apply_rules`. Both modes must give the same records, accounts (every event list, in order),
extensions and errors (message and location), over the whole corpus and over mutated
real records.
"""
from __future__ import annotations

import contextlib
import copy
import functools
from pathlib import Path
from typing import Any, Iterator
from unittest import mock

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmonise import crosswalk as cw_module
from harmonise.accounting import Account, count_source_values
from harmonise.crosswalk import Context, Crosswalk, prune, prune_reference
from harmonise.detection import detect
from harmonise.errors import HarmoniseError, RecordError
from harmonise.mapping import ReadOptions, RecordResult
from harmonise.registry import registry
from harmonise.sources import Source

from conftest import CORPUS, EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
CROSSWALK_FILES = sorted([*(ROOT / "mappings").glob("**/crosswalks/*.yaml"), *(ROOT / "mappings").glob("*/crosswalk.yaml")])
#: readers driven by a crosswalk, found by running them (any not listed here fails the test)
EXPECTED_CROSSWALK_READERS = {
    "hdruk-v1", "hdruk-2.0", "hdruk-2.1", "hdruk-3.0", "hdruk-4.0", "gwdm-2.0",
    "hdruk-gmi", "hdruk-csv", "mauro", "ckan", "datacite", "datapackage", "schemaorg", "cddo", "csvw",
}


# -- the two modes ---------------------------------------------------------------------------
def _reference_apply_counted(self: Crosswalk, doc: Any, account: Account, hooks: Any = None,
                             context: Context | None = None, pointer: str = "",
                             events: bool = True) -> tuple[Context, int]:
    ctx = self.interpret(doc, account, hooks, context=context, pointer=pointer)
    return ctx, count_source_values(doc)


def _reference_hook_leaf(target: str, rule_specs: tuple[str, ...]) -> Any:
    """`Context.apply_rules`'s leaf made anew on each call (as before it was kept)."""
    from harmonise import normalise

    return cw_module.LeafRule(pattern="", target=target, segments=cw_module.parse_target(target),
                              rules=tuple(normalise.get(spec) for spec in rule_specs),
                              types=("string", "integer", "number", "boolean"))


@contextlib.contextmanager
def reference_mode() -> Iterator[None]:
    """Every reader shortcut replaced by its straightforward implementation."""
    from harmonise.mappings import _exchange
    from harmonise.mappings.hdruk import csv_export, hooks, json_records
    from harmonise.mappings.mauro import datamodel

    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.object(Crosswalk, "apply", Crosswalk.interpret))
        stack.enter_context(mock.patch.object(Crosswalk, "apply_counted", _reference_apply_counted))
        for module in (cw_module, json_records, csv_export, _exchange, datamodel):
            if getattr(module, "prune", None) is prune:
                stack.enter_context(mock.patch.object(module, "prune", prune_reference))
        stack.enter_context(mock.patch.object(json_records, "pruned_output", cw_module.pruned_output_reference))
        stack.enter_context(mock.patch.dict(hooks.HOOKS, {"column_data_type": hooks.column_data_type_reference,
                                                          "linkage_text": hooks.linkage_text_reference}))
        stack.enter_context(mock.patch.object(cw_module, "_hook_leaf", _reference_hook_leaf))
        yield


def snapshot(result: RecordResult) -> bytes:
    account = result.account
    error = result.error
    return orjson.dumps({
        "pointer": result.pointer,
        "format_version": result.format_version,
        "record": result.record,
        "source_values": account.source_values,
        "mapped": account.mapped,
        "normalised": account.normalised,
        "defaulted": account.defaulted,
        "unmapped": account.unmapped,
        "warnings": account.warnings,
        "error": None if error is None else [type(error).__name__, str(error), getattr(error, "where", None)],
    }, default=repr)


def read_all(reader: Any, path: Path) -> list[bytes]:
    try:
        return [snapshot(r) for r in reader.read(Source(path), ReadOptions())]
    except HarmoniseError as exc:  # a whole-file failure must be the same too
        return [orjson.dumps([type(exc).__name__, str(exc)])]


# -- the corpus ---------------------------------------------------------------------------------
def corpus_files() -> list[Path]:
    files = [p for p in sorted(CORPUS.rglob("*")) if p.is_file() and p.name != "SOURCES.md"]
    files += [p for p in sorted(EXAMPLES.rglob("*")) if p.is_file() and not p.name.endswith(
        (".overlay.yaml", ".dictionary.yaml", ".md"))]
    return files


@functools.lru_cache(maxsize=None)
def detected() -> list[tuple[str, Path]]:
    """(reader name, file) for every corpus and example file some reader claims."""
    out = []
    for path in corpus_files():
        try:
            found = detect(Source(path))
        except HarmoniseError:
            continue
        out.append((found.reader, path))
    return out


def test_compiled_equals_interpreted_over_the_corpus(corpus):
    reg = registry()
    calls: dict[str, int] = {}
    original = Crosswalk.interpret
    compared = 0
    for reader_name, path in detected():
        reader = reg.reader(reader_name)
        with reference_mode():
            count = [0]

            def counting(self, *args, **kwargs):
                count[0] += 1
                return original(self, *args, **kwargs)

            with mock.patch.object(Crosswalk, "apply", counting):
                with mock.patch.object(Crosswalk, "apply_counted", lambda self, doc, *a, events=True, **k: (
                        counting(self, doc, *a, **k), count_source_values(doc))):
                    reference = read_all(reader, path)
        if not count[0]:
            continue  # not a crosswalk-driven reader
        calls[reader_name] = calls.get(reader_name, 0) + count[0]
        compiled = read_all(reader, path)
        assert len(compiled) == len(reference), path
        for n, (a, b) in enumerate(zip(compiled, reference)):
            assert a == b, f"{reader_name} {path} record {n}:\ncompiled  {a[:2000]!r}\nreference {b[:2000]!r}"
        compared += len(compiled)
    missing = EXPECTED_CROSSWALK_READERS - set(calls)
    assert not missing, f"no corpus file exercised these crosswalk readers: {sorted(missing)}"
    assert compared >= 90, compared  # 95 records in 2026-11 (corpus + examples)


def test_every_crosswalk_compiles_and_walks_its_own_patterns():
    """Each crosswalk file's generated walker is valid Python and agrees on a document that
    holds a value at every pattern (stars as one-item lists)."""
    from harmonise.crosswalk import read_rules

    for path in CROSSWALK_FILES:
        docs = []
        if path.name == "mauro-datamodel.yaml":
            from harmonise.mappings.mauro.datamodel import crosswalks as mauro_crosswalks

            crosswalks = list(mauro_crosswalks().values())
        else:
            crosswalks = [Crosswalk(*read_rules(path))]
        for crosswalk in crosswalks:
            crosswalk.compile()
            assert "def walk(ctx, doc, pointer, hooks):" in crosswalk.compiled_source
            doc: dict[str, Any] = {}
            for n, leaf in enumerate(crosswalk.leaf_rules):
                if leaf.hook:
                    continue
                value = (f"value {n}" if "string" in leaf.types else True if "boolean" in leaf.types
                         else n if "integer" in leaf.types else 0.5)
                _put_at(doc, cw_module._split_pattern(leaf.pattern), value)
            docs.append((crosswalk, doc))
        for crosswalk, doc in docs:
            compiled, reference = walk_both(crosswalk, doc)
            assert compiled == reference, crosswalk.name
            walked = orjson.loads(compiled)
            assert walked["error"] is None and walked["count"] > 0, crosswalk.name


def _put_at(node: Any, keys: list[str], value: Any) -> None:
    """Put `value` where the pattern `keys` points, a `*` being the first item of a list."""
    key, rest = keys[0], keys[1:]
    if key == "*":
        if not isinstance(node, list):
            return
        if not rest:
            node.append(value)
            return
        if not node:
            node.append([] if rest[0] == "*" else {})
        _put_at(node[0], rest, value)
        return
    if not isinstance(node, dict):
        return
    if not rest:
        node.setdefault(key, value)
        return
    _put_at(node.setdefault(key, [] if rest[0] == "*" else {}), rest, value)


def walk_once(crosswalk: Crosswalk, doc: Any, hooks: Any, state: dict[str, Any] | None,
              how: str) -> tuple[Account, dict[str, Any]]:
    """One walk of `doc` ("compiled", "interpreted" or "counting": compiled, events=False):
    its account and a snapshot of what it did besides the mapped events."""
    from harmonise.mappings.hdruk import hooks as hdruk_hooks

    hooks = hdruk_hooks.HOOKS if hooks is None else hooks
    account = Account()
    ctx = Context(account)
    ctx.state.update(copy.deepcopy(state or {"annotation_prefix": "hdruk"}))
    error = count = None
    try:
        if how == "interpreted":
            crosswalk.interpret(doc, account, hooks, context=ctx)
            count = count_source_values(doc)
        else:
            _, count = crosswalk.apply_counted(doc, account, hooks, context=ctx, events=how == "compiled")
    except RecordError as exc:
        error = [str(exc), exc.where]
        count = None
    return account, {
        "out": ctx.out, "normalised": account.normalised, "unmapped": account.unmapped,
        "defaulted": account.defaulted, "extensions": ctx.extensions, "state": ctx.state,
        "error": error, "count": count,
    }


def walk_both(crosswalk: Crosswalk, doc: Any, hooks: Any = None, state: dict[str, Any] | None = None) -> tuple[bytes, bytes]:
    """(compiled, interpreted) snapshots, mapped events included."""
    out = []
    for how in ("compiled", "interpreted"):
        account, snap = walk_once(crosswalk, doc, hooks, state, how)
        out.append(orjson.dumps({"mapped": account.mapped, **snap}, default=repr))
    return out[0], out[1]


def assert_counting_walk_agrees(crosswalk: Crosswalk, doc: Any, hooks: Any = None,
                                state: dict[str, Any] | None = None) -> None:
    """The walker that counts mapped values (`events=False`) against the one that records them:
    the same output, normalised/unmapped/defaulted events, extensions, hook state, error and
    source count; its mapped events are those of the other it could not count (made by hooks
    and interpreter helpers), in order, and they plus its count are the other's mapped events."""
    recorded, same_a = walk_once(crosswalk, doc, hooks, state, "compiled")
    counted, same_b = walk_once(crosswalk, doc, hooks, state, "counting")
    assert orjson.dumps(same_a, default=repr) == orjson.dumps(same_b, default=repr)
    assert recorded.mapped_counted == 0
    assert len(recorded.mapped) == len(counted.mapped) + counted.mapped_counted
    remaining = iter(recorded.mapped)
    assert all(event in remaining for event in counted.mapped)  # a subsequence, in order
    assert recorded.summary() == counted.summary()


def test_count_during_the_walk_is_count_source_values():
    doc = {"summary": {"title": "T", "keywords": ["a", " ", None], "odd/key~": {"x": [1, True, ""]}},
           "structuralMetadata": [{"name": 7, "elements": [{"name": "v", "sensitive": False, "extra": 1.5}]}]}
    crosswalk = Crosswalk.load(ROOT / "mappings/hdruk/crosswalks/hdruk-2.1.yaml")
    compiled, reference = walk_both(crosswalk, doc)
    assert compiled == reference
    assert orjson.loads(compiled)["count"] == count_source_values(doc) == 8
    assert_counting_walk_agrees(crosswalk, doc)
    account = Account()
    crosswalk.apply_counted(doc, account, None, events=False)
    # title, keyword "a", variable name "v" and sensitive are mapped as they are: counted, not recorded
    assert account.mapped_counted == 4 and account.mapped == []


def test_prune_equals_prune_reference():
    value = {"a": {}, "b": [], "c": None, "d": [{}, [], None, "x", 0, False, {"e": [None]}],
             "f": {"g": {"h": {}}}, "i": "", "j": 0.0, "k": [[["y"]]], "l": {"m": [1, {}]}}
    assert prune(value) == prune_reference(value) == {"d": ["x", 0, False], "i": "", "j": 0.0, "k": [[["y"]]],
                                                      "l": {"m": [1]}}
    assert orjson.dumps(prune(value)) == orjson.dumps(prune_reference(value))


# -- mutated real records ----------------------------------------------------------------------
HDRUK_JSON_READERS = ("hdruk-v1", "hdruk-2.0", "hdruk-2.1", "hdruk-2.2", "hdruk-3.0", "hdruk-4.0", "gwdm-2.0",
                      "gwdm-1.x", "hdruk-gmi")


@functools.lru_cache(maxsize=None)
def seeds() -> list[tuple[str, Any]]:
    """(reader name, record) pairs from the corpus: up to 3 records of each file of a JSON crosswalk reader."""
    from harmonise.mappings._exchange import CrosswalkReader
    from harmonise.mappings.hdruk.json_records import HdrukJsonReader, iter_records

    reg = registry()
    out = []
    for reader_name, path in detected():
        reader = reg.reader(reader_name)
        try:
            if isinstance(reader, HdrukJsonReader):
                records = [doc for _p, doc in iter_records(Source(path))]
            elif isinstance(reader, CrosswalkReader):
                records = [doc for _p, doc in reader.records(Source(path))]
            else:
                continue
        except HarmoniseError:
            continue
        out += [(reader_name, doc) for doc in records[:3] if isinstance(doc, dict)]
    return out


SCALARS = st.one_of(
    st.none(), st.just(""), st.just("   "), st.booleans(), st.integers(-3, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32), st.text(max_size=12),
    st.sampled_from(["Not available", "CONTINUOUS", "2020-01-01", "a, b, c", "ENGLISH", "GB-ENG", "integer",
                     "ALLIANCE", "https://example.org/x", "x@example.org", "18-65", "MONTHLY"]),
)
ODD_KEYS = st.sampled_from(["unknown", "a/b", "c~d", "~1/~0", "", "name", "dataType", "elements", "title",
                            "summary", "0", "@schema"])
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(ODD_KEYS, inner, max_size=3)),
    max_leaves=6,
)


def mutate(data: st.DataObject, doc: Any) -> Any:
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        # a random walk down to a container, then one change there
        parent: Any = doc
        while True:
            keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
            if not keys:
                break
            key = keys[data.draw(st.integers(0, len(keys) - 1), label="key")]
            child = parent[key]
            if isinstance(child, (dict, list)) and child and data.draw(st.booleans(), label="deeper"):
                parent = child
                continue
            break
        keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
        op = data.draw(st.sampled_from(["drop", "set", "wrap", "add", "empty", "last"]), label="op")
        if op == "add" or not keys:
            if isinstance(parent, dict):
                parent[data.draw(ODD_KEYS, label="new key")] = data.draw(VALUES, label="new value")
            else:
                parent.append(data.draw(VALUES, label="new item"))
            continue
        key = keys[data.draw(st.integers(0, len(keys) - 1), label="target")]
        if op == "drop":
            del parent[key]
        elif op == "last":  # the same key later in source order (what hooks and loops meet first changes)
            if isinstance(parent, dict):
                parent[key] = parent.pop(key)
            else:
                parent.append(parent.pop(key))
        elif op == "set":
            parent[key] = data.draw(VALUES, label="value")
        elif op == "wrap":
            parent[key] = [parent[key], data.draw(SCALARS, label="second")]
        else:
            parent[key] = data.draw(st.sampled_from([None, "", " ", [], {}, [None], [""], {"": None}]), label="empty")
    return doc


def convert(reader: Any, doc: Any) -> bytes:
    try:
        return snapshot(reader.convert(doc, "mutated.json", "/0"))
    except Exception as exc:  # noqa: BLE001 - a reader bug on odd input must at least be the same bug
        return orjson.dumps(["crashed", type(exc).__name__, str(exc)])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_mutated_records_agree(data):
    pool = seeds()
    assert len({name for name, _ in pool} & set(HDRUK_JSON_READERS)) >= 6
    reader_name, seed = pool[data.draw(st.integers(0, len(pool) - 1), label="seed")]
    reader = registry().reader(reader_name)
    doc = mutate(data, seed)
    compiled = convert(reader, doc)
    with reference_mode():
        reference = convert(reader, doc)
    assert compiled == reference


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_mutated_records_agree_at_the_crosswalk(data):
    """The bare walk (no reader around it): same events, extensions, hook state, errors and count."""
    pool = [(name, doc) for name, doc in seeds() if name in HDRUK_JSON_READERS]
    reader_name, seed = pool[data.draw(st.integers(0, len(pool) - 1), label="seed")]
    crosswalk = registry().reader(reader_name).crosswalk()
    doc = mutate(data, seed)
    compiled, reference = walk_both(crosswalk, doc)
    assert compiled == reference
    assert_counting_walk_agrees(crosswalk, doc)


@pytest.mark.parametrize("key", ["a/b", "c~d", "~1/~0", ""])
def test_odd_keys_make_the_same_pointers(key):
    crosswalk = Crosswalk("odd", {"/x~1y/*/z~0": "title", "/n/*/m": "tables[].name",
                                  "/n/*/v/*/w": "tables[].variables[].name"})
    doc = {"x/y": [{"z~": "T", key: "kept"}], key: {"deep": ["u", None, ""]},
           "n": [None, {"m": "first", "v": [{"w": "a"}, {}, {"w": ["b", "c"]}]}]}
    compiled, reference = walk_both(crosswalk, doc, hooks={})
    assert compiled == reference
    assert_counting_walk_agrees(crosswalk, doc, hooks={})
    walked = orjson.loads(compiled)
    escaped = key.replace("~", "~0").replace("/", "~1")
    assert [e["source_pointer"] for e in walked["extensions"]] == [f"/x~1y/0/{escaped}", f"/{escaped}/deep/0"]
    assert walked["out"] == {"title": "T", "tables": [{}, {"name": "first", "variables": [
        {"name": "a"}, {}, {"name": "c"}]}]}
    assert walked["mapped"][-2:] == [["/n/1/v/2/w/0", "tables[].variables[].name"],
                                     ["/n/1/v/2/w/1", "tables[].variables[].name"]]
    doc["n"][1]["v"].append({"w": {"no": 1}})
    compiled, reference = walk_both(crosswalk, doc, hooks={})
    assert compiled == reference
    assert_counting_walk_agrees(crosswalk, doc, hooks={})
    assert orjson.loads(compiled)["error"] == ["/n/1/v/3/w: expected string, found object", "/n/1/v/3/w"]


# -- synthetic crosswalks: target shapes and pattern shapes the real ones do not (yet) use -----
SYNTHETIC = {
    "/a": "title",                                         # a leaf with children below it
    "/a/b": "abstract",
    "/s/*/x": "items[].x",                                 # one star, one list
    "/s/*/y": {"to": "items[].y.z", "rules": ["split_list", "string"]},
    "/s/*/t/*/u": "items[].deep[].u",                      # two stars, two lists
    "/s/*/t/*/v": {"to": "items[].w.deep2[].v", "type": ["string", "integer"]},  # an object between lists
    "/s/*/t/*/n": {"to": "items[].deep[].n", "type": ["number", "boolean"]},
    "/f/*": {"to": "flat[]", "rules": ["split_list"]},     # a star leaf
    "/e/*/x": "items[].x2",                                # a second loop filling the same list
    "/e/*/t/*/u": "items[].deep[].u2",
    "/g/*/h": "appended[].h",                              # lists without stars: appended
    "/g/*/i": "o.p[].q[].i",                               # more lists than stars
    "/k": {"to": "keywords[]", "rules": ["split_list", "placeholder"]},
    "/m": {"unmapped": "kept, no slot"},
    "/s/*/r": {"to": "items[].r", "rules": ["strip"]},     # rules giving another string, inside loops
    "/s/*/t/*/w": {"to": "items[].deep[].w", "rules": ["strip"]},
    "/l": {"to": "ls[]", "rules": ["strip"]},
    "/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/w": "deep_value",  # deeper than the compiler nests
    "/d/e/f/g/h/i/j/k/l/m/n/*/r": "deep_list[].r",
}
SYNTHETIC_KEYS = st.sampled_from(["a", "b", "s", "x", "y", "t", "u", "v", "n", "f", "g", "h", "i", "k", "m",
                                  "d", "e", "o", "p", "q", "r", "l", "j", "w", "z/1", "~0"])
SYNTHETIC_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(SYNTHETIC_KEYS, inner, max_size=5)),
    max_leaves=25,
)


def _deep(value: Any) -> dict[str, Any]:
    for key in reversed("defghijklmn"):
        value = {key: value}
    return value


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.dictionaries(SYNTHETIC_KEYS, SYNTHETIC_VALUES, max_size=8), SYNTHETIC_VALUES)
def test_synthetic_crosswalk_agrees(doc, deep):
    crosswalk = _synthetic()
    doc = dict(doc)
    doc.setdefault("d", _deep(deep)["d"])
    compiled, reference = walk_both(crosswalk, doc, hooks={})
    assert compiled == reference
    assert_counting_walk_agrees(crosswalk, doc, hooks={})


@functools.lru_cache(maxsize=1)
def _synthetic() -> Crosswalk:
    return Crosswalk("synthetic", SYNTHETIC)


def test_synthetic_crosswalk_shapes():
    crosswalk = _synthetic()
    doc = {"a": "top", "s": [{"x": "1", "y": "p, q", "t": [{"u": "u0", "v": 5, "n": 1.5}, {"n": True}]}],
           "f": ["a,b", "c"], "g": [{"h": "h0", "i": "i0"}, {"h": "h1"}], "k": "one, n/a",
           "m": {"x": ["kept"]},
           "d": _deep({"o": {"p": {"q": {"r": {"s": {"t": {"u": {"w": "bottom"}}}}}}}, "*": 1})["d"]}
    compiled, reference = walk_both(crosswalk, doc, hooks={})
    assert compiled == reference
    assert_counting_walk_agrees(crosswalk, doc, hooks={})
    walked = orjson.loads(compiled)
    assert "_walk" in crosswalk.compiled_source  # the deep pattern went to the interpreter
    assert walked["out"]["items"] == [{"x": "1", "y": {"z": ["p", "q"]}, "deep": [{"u": "u0", "n": 1.5}, {"n": True}],
                                       "w": {"deep2": [{"v": 5}]}}]
    assert walked["out"]["flat"] == ["a", "b", "c"]
    assert walked["out"]["appended"] == [{"h": "h0"}, {"h": "h1"}]
    assert walked["out"]["o"] == {"p": [{"q": [{"i": "i0"}]}]}
    assert walked["out"]["deep_value"] == "bottom"
    assert walked["out"]["title"] == "top" and walked["error"] is None
    assert walked["out"]["keywords"] == ["one"]
    assert walked["unmapped"] == [["/m/x/0", "kept", "kept, no slot"], ["/d/e/f/g/h/i/j/k/l/m/n/*", 1,
                                                                        "no rule in the crosswalk"]]
    assert walked["count"] == count_source_values(doc) == 16
    # /a holds an object where its rule wants a string: the leaf rule on /a wins over /a/b
    doc["a"] = {"b": "inner"}
    compiled, reference = walk_both(crosswalk, doc, hooks={})
    assert compiled == reference
    assert_counting_walk_agrees(crosswalk, doc, hooks={})
    assert orjson.loads(compiled)["error"] == ["/a: expected string, found object", "/a"]


class _Dict(dict):
    pass


class _List(list):
    pass


def json_like(leaves: Any, width: int, max_leaves: int) -> Any:
    """Nested lists and dicts of `leaves`, with list and dict subclasses among them."""
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=width), st.dictionaries(st.text(max_size=2), inner, max_size=width),
        st.lists(inner, max_size=2).map(_List), st.dictionaries(st.text(max_size=2), inner, max_size=2).map(_Dict)),
        max_leaves=max_leaves)


@settings(max_examples=300, deadline=None)
@given(json_like(st.one_of(st.none(), st.just(""), st.booleans(), st.integers(-2**63, 2**63 - 1),
                           st.floats(allow_nan=False), st.text(max_size=3)), width=4, max_leaves=30))
def test_prune_equals_prune_reference_on_any_value(value):
    pruned = prune(value)
    assert orjson.dumps(pruned) == orjson.dumps(prune_reference(value))
    assert type(pruned) is type(prune_reference(value))


# -- Context.tidy: prune skipped when the walk left nothing to drop ----------------------------
@settings(max_examples=300, deadline=None)
@given(json_like(st.one_of(st.none(), st.just(""), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False),
                           st.text(max_size=3), st.tuples(st.none())), width=3, max_leaves=20))
def test_is_tidy_means_prune_changes_nothing(value):
    from harmonise.crosswalk import is_tidy

    pruned = prune_reference(value)
    if is_tidy(value):
        assert orjson.dumps(pruned) == orjson.dumps(value)
        assert type(pruned) is type(value)
    elif value is not None and not (isinstance(value, (dict, list)) and not value):
        # not tidy: pruning drops something inside, or changes a dict/list subclass into a plain one
        assert orjson.dumps(pruned) != orjson.dumps(value) or type(pruned) is not type(value) or any(
            type(x) in (_Dict, _List) for x in _containers(value))


def _containers(value: Any) -> Iterator[Any]:
    if isinstance(value, (dict, list)):
        yield value
        for item in (value.values() if isinstance(value, dict) else value):
            yield from _containers(item)


def test_assign_reports_gaps_and_untidy_values():
    from harmonise.crosswalk import assign, parse_target

    out: dict[str, Any] = {}
    assert assign(out, parse_target("tables[].name"), "t0", (0,)) is True
    assert assign(out, parse_target("tables[].variables[].name"), "v", (0, 0)) is True  # the next element: filled
    assert out == {"tables": [{"name": "t0", "variables": [{"name": "v"}]}]}
    assert assign(out, parse_target("tables[].variables[].name"), "w", (0, 2)) is False  # variables[1] stays {}
    assert out["tables"][0]["variables"][1] == {}
    assert assign(out, parse_target("tables[].name"), "t3", (3,)) is False  # tables 1 and 2 stay {}
    assert assign(out, parse_target("x"), None, ()) is False
    assert assign(out, parse_target("keywords[]"), [], ()) is False
    assert assign(out, parse_target("spatial[]"), {"code": "GB", "label": "UK"}, ()) is True
    assert assign(out, parse_target("spatial[]"), {"code": None}, ()) is False


def _tidy_outputs(reader: Any, doc: Any) -> list[tuple[bool, Any]]:
    """(ctx.tidy, ctx.out) of each record a reader converts, seen at pruned_output."""
    from harmonise.mappings.hdruk import json_records

    seen: list[tuple[bool, Any]] = []
    original = json_records.pruned_output

    def spy(ctx: Context) -> Any:
        seen.append((ctx.tidy, copy.deepcopy(ctx.out)))
        return original(ctx)

    with mock.patch.object(json_records, "pruned_output", spy):
        reader.convert(doc, "x.json", "")
    return seen


def test_tidy_walks_leave_nothing_to_prune_over_the_corpus(corpus):
    tidy = untidy = 0
    for reader_name, doc in seeds():
        if reader_name not in HDRUK_JSON_READERS:
            continue
        for was_tidy, out in _tidy_outputs(registry().reader(reader_name), doc):
            if was_tidy:
                tidy += 1
                assert orjson.dumps(prune_reference(out)) == orjson.dumps(out), reader_name
            else:
                untidy += 1
    assert tidy >= 20  # most real records skip prune


def test_a_gap_between_elements_is_pruned():
    reader = registry().reader("hdruk-2.1")
    doc = {"summary": {"title": "T"},
           "structuralMetadata": [{"name": None, "elements": [{"name": None}, {"name": "v1", "dataType": "int"}]}]}
    [(was_tidy, out)] = _tidy_outputs(reader, doc)
    assert was_tidy is False
    record = reader.convert(doc, "x.json", "").record
    assert record["tables"] == [{"variables": [{"name": "v1", "source_data_type": "int", "data_type": "integer"}]}]
    assert out["tables"][0]["variables"][0] == {}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_tidy_mutated_records_leave_nothing_to_prune(data):
    pool = [(name, doc) for name, doc in seeds() if name in HDRUK_JSON_READERS]
    reader_name, seed = pool[data.draw(st.integers(0, len(pool) - 1), label="seed")]
    doc = mutate(data, seed)
    try:
        outputs = _tidy_outputs(registry().reader(reader_name), doc)
    except Exception:  # noqa: BLE001 - crashes are compared against the reference elsewhere
        return
    for was_tidy, out in outputs:
        if was_tidy:
            assert orjson.dumps(prune_reference(out), default=repr) == orjson.dumps(out, default=repr)


# -- exchange readers: the count taken on the walk ----------------------------------------------
EXCHANGE_READERS = {"ckan", "datacite", "datapackage", "schemaorg", "cddo", "csvw"}


def test_exchange_readers_count_on_the_walk_what_count_source_values_gives(corpus):
    """Every record of the crosswalk-driven exchange readers: source_values is the record's
    count_source_values (as when it was counted in a separate pass), the walk's own count is
    what was used wherever the reader walks the record itself, and the account balances."""
    from harmonise.mappings._exchange import CrosswalkReader

    reg = registry()
    counted_on_walk: dict[str, int] = {}
    checked = 0
    original = Crosswalk.apply_counted

    def spy(self, doc, *args, **kwargs):
        ctx, count = original(self, doc, *args, **kwargs)
        spy.counts.append(count)
        return ctx, count

    for reader_name, path in detected():
        reader = reg.reader(reader_name)
        if not isinstance(reader, CrosswalkReader):
            continue
        try:
            records = list(reader.records(Source(path)))
        except HarmoniseError:
            continue
        for pointer, doc in records:
            spy.counts = []
            with mock.patch.object(Crosswalk, "apply_counted", spy):
                result = reader.convert(doc, path.name, pointer)
            assert result.account.source_values == count_source_values(doc), (reader_name, path, pointer)
            if spy.counts:
                assert spy.counts == [count_source_values(doc)]
                counted_on_walk[reader_name] = counted_on_walk.get(reader_name, 0) + 1
            if result.error is None:
                assert result.account.balanced, (reader_name, path, pointer)
            checked += 1
    assert checked >= 20
    assert {"ckan", "datacite", "datapackage", "cddo"} <= set(counted_on_walk), counted_on_walk


@pytest.mark.parametrize("doc", [[1, 2], "text", {"title": 5, "notes": {"x": [1, None, ""]}}, {"resources": "x"}])
def test_exchange_reader_errors_count_the_record_itself(doc):
    reader = registry().reader("ckan")
    result = reader.convert(doc, "x.json", "/0")
    with reference_mode():
        reference = reader.convert(copy.deepcopy(doc), "x.json", "/0")
    assert snapshot(result) == snapshot(reference)
    assert result.account.source_values == count_source_values(doc)


def test_a_rule_giving_another_string_inside_loops():
    """The compiled walker places a rule's new string itself (what `_ruled` does): in a loop's
    element, two loops deep, and appended to a list target."""
    doc = {"s": [{"r": " x "}, {"t": [{"w": "w0"}, {"w": " w1"}]}], "l": [" y", "z ", "   "]}
    crosswalk = _synthetic()
    compiled, reference = walk_both(crosswalk, doc, hooks={})
    assert compiled == reference
    assert_counting_walk_agrees(crosswalk, doc, hooks={})
    walked = orjson.loads(compiled)
    assert walked["out"] == {"items": [{"r": "x"}, {"deep": [{"w": "w0"}, {"w": "w1"}]}], "ls": ["y", "z"]}
    assert walked["normalised"] == [["/s/0/r", "items[].r", " x ", "x", "strip", ""],
                                    ["/s/1/t/1/w", "items[].deep[].w", " w1", "w1", "strip", ""],
                                    ["/l/0", "ls[]", " y", "y", "strip", ""], ["/l/1", "ls[]", "z ", "z", "strip", ""]]


def test_readers_asked_for_no_events_give_the_same_records_and_counts(corpus):
    """`ReadOptions(events=False)` (what `convert` asks): the same records and account counts
    from every crosswalk-driven HDR UK reader over the corpus; only the event lists shrink."""
    reg = registry()
    compared = counted = 0
    for reader_name, path in detected():
        if reader_name not in HDRUK_JSON_READERS:
            continue
        reader = reg.reader(reader_name)
        with_events = list(reader.read(Source(path), ReadOptions()))
        without = list(reader.read(Source(path), ReadOptions(events=False)))
        assert len(with_events) == len(without), path
        for a, b in zip(with_events, without):
            assert a.record == b.record and str(a.error) == str(b.error), path
            assert a.account.summary() == b.account.summary(), path
            assert a.account.normalised == b.account.normalised and a.account.unmapped == b.account.unmapped
            counted += b.account.mapped_counted
            compared += 1
    assert compared >= 40, compared
    assert counted > 1000, counted   # most values are mapped as they are
