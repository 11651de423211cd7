"""The direct N-Triples / Turtle text (rdftext.py) against pyoxigraph on generated triples:
the same bytes, or the same failure, whatever the IRIs, literals and datatypes."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmonise.errors import RecordError
from harmonise.mappings.dcat import terms as T
from harmonise.mappings.dcat.profiles import Emitter, RecordGraph
from harmonise.mappings.dcat.writer import serialise

IRIS = [
    "https://w3id.org/harmonise/dataset/r1", "https://w3id.org/harmonise/dataset/r1/tables/0",
    T.DCAT + "Dataset", T.DCAT + "keyword", T.DCT + "title", T.RDF_TYPE, T.HARMONISE + "defaulted",
    T.DCAT, T.DCAT + "a/b", T.DCAT + "-x.", T.DCAT + "x.", T.DCAT + "x.y", T.DCAT + "_x", T.DCAT + "1a",
    T.DCAT + "é", T.DCAT + "a~b", T.DCAT + "a%20b", T.DCAT + "a:b", T.SKOS + "Concept", T.XSD + "integer",
    "http://publications.europa.eu/resource/authority/access-right/RESTRICTED", "mailto:a@example.org",
    "urn:x:y", "https://example.org/ä?q=1#f", "https://w3id.org/dpv#",
]
BAD_IRIS = ["http://example.org/a b", "http://example.org/%zz", "http://example.org/{x}", "not an iri",
            "http://example.org/a>b", "https://w3id.org/harmonise/dataset/r1/a b", "http://example.org/a b/tables/0"]
#: dataset IRIs the record's node IRIs extend (Emitter.root), valid or not
ROOTS = [None, "https://w3id.org/harmonise/dataset/r1", "http://example.org/a b", "urn:x:", "http://h#f",
         T.DCAT + "r", "http://www.w3.org/ns/"]   # the last two: under a prefix, and a prefix under them
DATATYPES = [None, T.XSD + "integer", T.XSD + "boolean", T.XSD + "decimal", T.XSD + "double",
             T.XSD + "dateTime", T.XSD + "string", T.XSD + "anyURI", T.XSD + "nonNegativeInteger",
             "http://example.org/dt x"]
LEXICAL = st.sampled_from(["5", "+5", "-12", "", "-", "1.", ".5", "1.5", "1e5", "1.e-3", ".5E+2", "e5", "true",
                           "True", "false", "0x1", "2024-01-01T00:00:00Z", "١٢", "5 "])
SAFE_TEXT = st.one_of(LEXICAL, st.text(alphabet='ab"\\\n\r é€😀\xa0\u2028', max_size=8))
ANY_TEXT = st.one_of(st.text(max_size=12), st.text(alphabet='ab\t\x00\x7f\ufffe', max_size=4))


@st.composite
def graphs(draw):
    em = Emitter()
    em.root = draw(st.sampled_from(ROOTS))
    iri = st.sampled_from(IRIS * 40 + BAD_IRIS + [f"{r}/tables/0/variables/1" for r in ROOTS[1:]] * 10
                          + [f"{r}/tables/x y" for r in ROOTS[1:]])   # mostly valid: the direct path is exercised
    # mostly texts the direct path writes; now and then one it leaves to pyoxigraph
    text = ANY_TEXT if draw(st.integers(0, 9)) == 0 else SAFE_TEXT
    for _ in range(draw(st.integers(1, 25))):
        s, p = draw(iri), draw(iri)
        kind = draw(st.integers(0, 3))
        if kind == 0:
            em.iri(s, p, draw(iri))
        elif kind == 1:
            em.typed(s, draw(iri))
        elif kind == 2:
            em.lit(s, p, draw(text), draw(st.sampled_from(DATATYPES)))
        else:
            em.lit(s, p, draw(text), lang=draw(st.sampled_from(["en"] * 20 + ["fr", "EN", "en-GB"])))
    if draw(st.booleans()):
        em.drop(draw(iri))
    return em.triples


def _outcome(lines, fmt):
    try:
        return serialise(lines, fmt)
    except RecordError as exc:
        return type(exc)


@pytest.mark.parametrize("fmt", ["nt", "ttl"])
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph=graphs())
def test_direct_text_is_what_pyoxigraph_writes(fmt, graph):
    assert isinstance(graph, RecordGraph)
    if not len(graph):
        return
    assert _outcome(graph, fmt) == _outcome(list(graph), fmt)


def test_the_direct_path_is_taken_for_plain_records():
    """The common case does not fall back to pyoxigraph (the speed depends on it)."""
    from harmonise.mappings.dcat.rdftext import write

    em = Emitter()
    node = "https://w3id.org/harmonise/dataset/x"
    em.typed(node, T.DCAT + "Dataset")
    em.lit(node, T.DCT + "title", "Title with ‘quotes’ and é")
    em.lit(node, T.DCT + "description", 'Line one\nline "two"\r\\')
    em.lit(node, T.HEALTH + "numberOfRecords", 5, T.XSD + "nonNegativeInteger")
    em.lit(node, T.HARMONISE + "sensitive", "true", T.XSD + "boolean")
    em.lit(node, T.DCT + "issued", "2024-01-01", T.XSD + "date")
    em.iri(node, T.DCAT + "theme", "http://publications.europa.eu/resource/authority/data-theme/HEAL")
    graph = em.triples
    assert not graph.unsafe
    for fmt in ("nt", "ttl"):
        data = write(graph.nodes, fmt, T.PREFIXES)
        assert data is not None and data == _outcome(list(graph), fmt)
    assert b"harmonise:sensitive true" in write(graph.nodes, "ttl", T.PREFIXES)
