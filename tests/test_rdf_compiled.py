"""The RDF node writers compiled per dict shape (mappings/dcat/compiled.py) against the generic
walk (ModelProfile.walk_node, `compiled = False`): the same triples in the same order, the same
unsafe flag, object IRIs and reported defaults - or the same failure - for every profile, on
the corpus records the RDF golden tests use and on generated records."""
from __future__ import annotations

import gzip
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmonise.accounting import Account
from harmonise.mappings.dcat import terms as T
from harmonise.mappings.dcat.profiles import PROFILES, WriteContext
from harmonise.mappings.dcat.rdftext import write
from harmonise.mappings.dcat.schema_info import BOOLEAN, DATE, ENUM, INTEGER, OBJECT, URI, model_info
from tests.test_rdf_golden import GOLDEN

BASE = "https://w3id.org/harmonise/dataset/"
OPTIONS = [{}, {"access_level": "NON_PUBLIC"}, {"access_level": "PUBLIC", "hdab_name": "Example TRE",
                                                  "hdab_email": "access@example.org"}]


def _profiles(name: str):
    fast, ref = PROFILES[name](), PROFILES[name]()
    fast.compile_after = 1   # every shape compiled the first time it is met
    ref.compiled = False
    return fast, ref


_PAIRS = {name: _profiles(name) for name in PROFILES}


def _outcome(profile: Any, record: dict[str, Any], options: dict[str, Any], strict: bool = False) -> Any:
    account = Account()
    ctx = WriteContext(account, options, strict, record.get("id"))
    try:
        em = profile.graph(record, BASE, ctx)
    except Exception as exc:   # the same failure, whichever path
        return ("failed", type(exc).__name__, str(exc))
    graph = em.triples
    ttl = None if graph.unsafe else write(graph.nodes, "ttl", T.PREFIXES, graph.object_iris, graph.root)
    return ([(s, list(pairs)) for s, pairs in graph.nodes.items()], graph.unsafe, set(graph.object_iris),
            graph.root, account.defaulted, ttl)


def _golden_records() -> list[dict[str, Any]]:
    out = []
    for path in sorted((GOLDEN / "records").glob("*.jsonl.gz")):
        out += [orjson.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]
    return out


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_compiled_walk_equals_the_generic_walk_on_corpus_records(name):
    fast, ref = _PAIRS[name]
    records = _golden_records()
    assert len(records) > 100
    for options in OPTIONS:
        for record in records:
            assert _outcome(fast, record, options) == _outcome(ref, record, options), record.get("id")
    # every record went through compiled code: one shape per distinct key order met
    assert fast._shapes["Dataset"] and fast._shapes["Variable"]
    assert not ref._shapes


def test_the_compiled_path_is_taken_from_the_second_time_a_shape_is_met():
    fast = PROFILES["healthdcat-ap-r8"]()
    record = {"id": "r1", "title": "T", "tables": [{"name": "t", "variables": [{"name": "a"}, {"name": "b"}]}]}
    first = _outcome(fast, record, {})
    # the second variable has the first one's shape: compiled at once
    assert list(fast._shapes["Variable"]) == [("name",)] and not fast._shapes.get("Table")
    assert _outcome(fast, record, {}) == first
    assert ("name", "variables") in fast._shapes["Table"] and ("id", "title", "tables") in fast._shapes["Dataset"]


# -- generated records: every slot kind, the model's own slots, odd values now and then ----------
INFO = model_info()
IRI_VALUES = ["https://example.org/a", "http://publications.europa.eu/resource/authority/data-theme/HEAL",
              "http://publications.europa.eu/resource/authority/frequency/ANNUAL", "mailto:a@example.org",
              "https://w3id.org/dpv/dpv-pd#Health", "www.example.org", "relative/path", "http://example.org/a b"]
TEXT = st.one_of(st.sampled_from(["", "x", "plain text", 'say "hi"', "back\\slash", "line\nbreak", "tab\there",
                                  "é ünïcode", "\x00ctl", "\u2028sep", "2024-01-01", "GB", "en", "CSV"]),
                 st.text(max_size=6))


def _scalar(slot) -> st.SearchStrategy:
    if slot.kind == ENUM:
        codes = sorted(INFO.enum_names.get(slot.range) or []) or ["x"]
        return st.one_of(st.sampled_from(codes), TEXT)
    if slot.kind == URI:
        return st.one_of(st.sampled_from(IRI_VALUES), TEXT)
    if slot.kind == INTEGER:
        return st.integers(-5, 10**12)
    if slot.kind == BOOLEAN:
        return st.booleans()
    if slot.kind == DATE:
        return st.one_of(st.sampled_from(["2024-01-01", "2024-01-01T10:00:00Z", "2024", "2024-02", "not a date"]), TEXT)
    return TEXT


def _node(cls: str, depth: int) -> st.SearchStrategy:
    slots = INFO.classes[cls].slots
    fields = {}
    for name, slot in slots.items():
        if slot.kind == OBJECT:
            if depth >= 2:
                continue
            value = _node(slot.range, depth + 1)
        else:
            value = _scalar(slot)
        if slot.multivalued:
            value = st.lists(value, max_size=3)
        fields[name] = value
    required = {"name": TEXT.filter(bool)} if "name" in slots and cls in ("Table", "Variable") else {}
    return st.fixed_dictionaries(required, optional={k: v for k, v in fields.items() if k not in required})


@st.composite
def records(draw):
    record = draw(_node("Dataset", 0))
    record["id"] = draw(st.sampled_from(["r1", "https://example.org/ds/1", "a b"]))
    record["title"] = draw(TEXT.filter(bool))
    # the model's slot order is what the engine gives; any order must give the generic walk's output
    if draw(st.booleans()):
        keys = draw(st.permutations(list(record)))
        record = {k: record[k] for k in keys}
    return record


@pytest.mark.parametrize("name", sorted(PROFILES))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(record=records(), options=st.sampled_from(OPTIONS), strict=st.booleans())
def test_compiled_walk_equals_the_generic_walk_on_generated_records(name, record, options, strict):
    fast, ref = _PAIRS[name]
    assert _outcome(fast, record, options, strict) == _outcome(ref, record, options, strict)


# -- the small fast helpers against what they stand for ---------------------------------------
@settings(max_examples=3000, deadline=None)
@given(text=st.one_of(st.text(), st.text(alphabet='ab"\\\n\r\t\x00\x7f\ufffe é\u2028%', max_size=12)))
def test_plain_literal_is_what_emitter_lit_writes(text):
    from harmonise.mappings.dcat.profiles import Emitter, plain_literal

    em, fast = Emitter(), Emitter()
    em.lit("s", "p", text)
    assert [(("p", plain_literal(text, fast)))] == list(em.nodes["s"])
    assert fast.unsafe == em.unsafe


@settings(max_examples=3000, deadline=None)
@given(record_id=st.one_of(st.text(), st.text(alphabet="aZ09-._~%:/?#[]@!$&'()*+,;= é", max_size=20),
                           st.integers(), st.sampled_from(["https://example.org/dataset/1?x=%20", "a%2Fb", ""])))
def test_dataset_iri_is_the_quoted_id(record_id):
    from urllib.parse import quote

    from harmonise.mappings.dcat.profiles import dataset_iri

    assert dataset_iri(BASE, record_id) == BASE + quote(str(record_id), safe="-._~")


@settings(max_examples=3000, deadline=None)
@given(value=st.one_of(st.text(), st.from_regex(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?)?)?\n?"),
                       st.sampled_from(["2024-01-01T10:00:00Z", "2024-01-01T10:00:00", "2024-01-01T10:00:00.5+01:00",
                                        "2024-01-01T10:00:00Zx", "2024-01-01 10:00:00", "١٢٣٤-٠١-٠١T10:00:00Z"])))
def test_date_datatype_is_the_first_pattern_that_matches(value):
    assert T.date_datatype(value) == next((T.XSD + name for pattern, name in T._DATE_TYPES if pattern.match(value)),
                                          T.XSD + "string")


@settings(max_examples=2000, deadline=None)
@given(value=st.one_of(st.text(), st.sampled_from(IRI_VALUES + ["mailto:", "urn:x", "doi:10.1/x", "tel:+44", "HTTP://X"]),
                       st.none(), st.integers(), st.lists(st.text(), max_size=1)))
def test_is_iri_remembered_is_the_plain_check(value):
    plain = isinstance(value, str) and bool(T._IRI_OK.match(value)) and value.startswith(
        ("http://", "https://", "urn:", "mailto:", "ftp://", "tel:", "doi:"))
    assert T.is_iri(value) == plain and T.is_iri(value) == plain   # computed, then remembered
