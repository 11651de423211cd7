"""HDR UK reader shortcuts against their plain versions: the memoised @schema marker hint."""
from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from harmonise.mappings.hdruk.versions import from_schema_marker, from_schema_marker_reference

from conftest import CORPUS

MARKER_TEXT = st.one_of(
    st.sampled_from(["2.1.0", "2.0.2", " 3.0.0 ", "latest", "LATEST", "4.0", "", "x",
                     "https://raw.githubusercontent.com/HDRUK/schemata/develop/schema/dataset/2.1.0/dataset.schema.json",
                     "https://raw.githubusercontent.com/HDRUK/schemata-2/master/hdr_schemata/models/GWDM/v2.0.json",
                     "https://example.org/gwdm/1.1/schema", "hdruk_3_0"]),
    st.text(max_size=30))
MARKER_VALUE = st.one_of(st.none(), MARKER_TEXT, st.integers(), st.booleans(), st.lists(st.text(max_size=3), max_size=2))
MARKERS = st.one_of(
    MARKER_TEXT, st.none(), st.integers(),
    st.dictionaries(st.sampled_from(["version", "url", "$id", "id", "type"]), MARKER_VALUE, max_size=4))


def test_memoised_marker_equals_reference_on_the_corpus(corpus):
    markers: list[Any] = []
    for path in sorted(CORPUS.rglob("*.json")):
        try:
            doc = orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError:
            continue
        docs = doc if isinstance(doc, list) else [doc, *(doc.get("dataModels") or [] if isinstance(doc, dict) else [])]
        markers += [d["@schema"] for d in docs if isinstance(d, dict) and "@schema" in d]
    assert len(markers) >= 5
    for marker in markers:
        assert from_schema_marker(marker) == from_schema_marker_reference(marker)
        assert from_schema_marker(marker) == from_schema_marker_reference(marker)  # from the memo


@settings(max_examples=500, deadline=None)
@given(MARKERS)
def test_memoised_marker_equals_reference_on_any_marker(marker):
    assert from_schema_marker(marker) == from_schema_marker_reference(marker)
    assert from_schema_marker(marker) == from_schema_marker_reference(marker)


# -- linkage_text against linkage_text_reference ----------------------------------------------
LINK_ITEMS = st.one_of(
    st.none(), st.just(""), st.just("  "), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.sampled_from(["CDS", " CDS ", "Not Available", "N/A", "https://example.org/x", " https://example.org/y ",
                     "https://example.org/a b", "http://x.org", "Data yet to be acquired for HDR UK IBD Hub"]),
    st.text(max_size=15), st.just([]), st.just({}), st.just(["x"]), st.just({"a": 1}))
LINK_VALUES = st.one_of(LINK_ITEMS, st.lists(LINK_ITEMS, max_size=4))


def _run_hook(hook: Any, value: Any, pointer: str) -> bytes:
    from harmonise.accounting import Account
    from harmonise.crosswalk import Context
    from harmonise.errors import RecordError

    ctx = Context(Account())
    try:
        hook(ctx, value, pointer, ())
        error = None
    except RecordError as exc:
        error = [str(exc), exc.where]
    account = ctx.account
    return orjson.dumps([ctx.out, account.mapped, account.normalised, account.unmapped, ctx.extensions, error],
                        default=repr)


@settings(max_examples=500, deadline=None)
@given(LINK_VALUES, st.sampled_from(["/documentation/isPartOf", "/enrichmentAndLinkage/qualifiedRelation",
                                     "/enrichmentAndLinkage/derivation", "/linkedDataset", "/group"]))
def test_linkage_text_equals_reference(value, pointer):
    from harmonise.mappings.hdruk.hooks import linkage_text, linkage_text_reference

    assert _run_hook(linkage_text, value, pointer) == _run_hook(linkage_text_reference, value, pointer)


# -- no container shared between two records (prune no longer copies a tidy record) ----------
def _container_ids(value: Any, found: set[int]) -> set[int]:
    if isinstance(value, dict):
        found.add(id(value))
        for item in value.values():
            _container_ids(item, found)
    elif isinstance(value, list):
        found.add(id(value))
        for item in value:
            _container_ids(item, found)
    return found


def test_records_of_the_same_source_share_no_container(corpus):
    """The same record converted twice (every memo warm the second time) gives two trees with
    no dict or list in common, and none shared with the source document."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_crosswalk_compiled import HDRUK_JSON_READERS, seeds

    from harmonise.registry import registry

    checked = 0
    for reader_name, doc in seeds():
        if reader_name not in HDRUK_JSON_READERS:
            continue
        reader = registry().reader(reader_name)
        first, second = reader.convert(doc, "a.json", ""), reader.convert(doc, "b.json", "")
        if first.record is None:
            continue
        ids_first = _container_ids(first.record, set())
        ids_second = _container_ids(second.record, set())
        assert not ids_first & ids_second, reader_name
        assert not ids_first & _container_ids(doc, set()), reader_name
        checked += 1
    assert checked >= 20
