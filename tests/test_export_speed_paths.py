"""The fast paths of the RDF and CSV writers against their straightforward forms: the same
bytes, the same file names (issue 8: speed without changing outputs)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from harmonise.mapping import RecordResult, WriteOptions
from harmonise.mappings.dcat import terms as T
from harmonise.writers.files import _UNSAFE, Namer, safe_stem, write_file
from tests.helpers import convert_file


def _slug_stem(record_id: str, limit: int = 80) -> str:
    """safe_stem as it was before its fast path for ids that are file names already."""
    slug = _UNSAFE.sub("_", record_id).strip("._") or "record"
    if slug == record_id and len(slug) <= limit:
        return slug
    digest = hashlib.sha256(record_id.encode()).hexdigest()[:8]
    return f"{slug[:limit]}-{digest}"


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(alphabet="ab9._-/: é", max_size=90), st.text(max_size=20)))
def test_safe_stem_fast_path_is_the_slug(record_id):
    assert safe_stem(record_id) == _slug_stem(record_id)


def test_safe_stem_edge_ids():
    for record_id in ["", ".", "..a", "a.", "a" * 80, "a" * 81, "x\n", "dataset-1.2_b"]:
        assert safe_stem(record_id) == _slug_stem(record_id)
    assert safe_stem("dataset-1.2_b") == "dataset-1.2_b"


def test_write_file_creates_and_truncates(tmp_path):
    path = tmp_path / "a.ttl"
    write_file(path, b"long content\n" * 1000)
    write_file(str(path), b"short")
    assert path.read_bytes() == b"short"
    write_file(path, b"")
    assert path.read_bytes() == b""
    assert Namer(tmp_path, ".ttl").str_path_for("x y") == os.fspath(Namer(tmp_path, ".ttl").path_for("x y"))


def test_rdf_sink_writes_what_serialise_gives_for_dicts_and_models(corpus, tmp_path):
    """The sink takes plain dicts (what writers get from the engine) and model objects alike;
    each file holds serialise()'s bytes under Namer's name, repeated ids numbered."""
    from harmonise.mappings.dcat.writer import WRITERS_LIST, record_triples, serialise
    from harmonise.writers.json import record_dict

    items = [i for i in convert_file(corpus / "hdruk" / "hdruk300.json") if i.dataset is not None]
    items = items + items   # repeated ids: -2 names
    for writer in WRITERS_LIST[:2]:
        for kind, convert in (("dict", record_dict), ("model", lambda d: d)):
            out = tmp_path / f"{writer.fmt}-{kind}"
            out.mkdir()
            sink = writer.open(out, WriteOptions())
            for item in items:
                sink.write(convert(item.dataset), RecordResult("t"))
            paths = sink.close()
            namer = Namer(out, writer.suffix)
            assert [p.name for p in paths] == [namer.path_for(i.dataset.id).name for i in items]
            for path, item in zip(paths, items):
                assert path.read_bytes() == serialise(record_triples(item.dataset, WriteOptions()), writer.fmt)


def test_described_concepts_are_the_same_from_the_cache():
    """describe_iri merges cached triples; written afresh (describe_triples) they are the same,
    whatever the record already holds about the concept."""
    from harmonise.mappings.dcat.profiles import Emitter, HealthDCATAPR8Profile

    profile = HealthDCATAPR8Profile()
    heal = "http://publications.europa.eu/resource/authority/data-theme/HEAL"
    cases = [(heal, T.DCAT + "theme"), (T.concept("access-right", "PUBLIC"), T.DCT + "accessRights"),
             ("https://example.org/licence", T.DCT + "license"), (heal, T.DCT + "title")]
    for warm in (False, True):
        for iri, prop in cases:
            cached, fresh = Emitter(), Emitter()
            for em in (cached, fresh):
                em.lit(heal, T.SKOS + "prefLabel", "Health", lang="en")   # already there: kept in place
                em.iri("https://example.org/ds", T.DCAT + "theme", heal)
            if not warm:
                profile._described.clear()
            profile.describe_iri(iri, prop, cached)
            profile.describe_triples(iri, prop, fresh)
            assert [(s, list(pairs)) for s, pairs in cached.nodes.items()] == [(s, list(pairs)) for s, pairs in fresh.nodes.items()]
            assert cached._objects == fresh._objects and cached.unsafe == fresh.unsafe


# -- CSV ---------------------------------------------------------------------------------------

def _reference_rows(record):
    """The csv writer's rows as first written: a generator walk over every column of every
    object (record_rows visits only the slots an object holds)."""
    from harmonise.mappings.dcat.schema_info import OBJECT
    from harmonise.writers.csv import KEY_COLUMNS, cell, model_classes, table_columns

    classes = model_classes()
    columns = table_columns()
    dataset_id = record["id"]

    def walk(cls, data, row_id, parent, slot, position):
        slots = classes[cls].slots
        row = [row_id, dataset_id, parent, slot, position]
        for name in columns[cls][len(KEY_COLUMNS):]:
            row.append(cell(data.get(name), slots[name].multivalued))
        yield cls, row
        for name, info in slots.items():
            if info.kind != OBJECT or data.get(name) in (None, []):
                continue
            if info.multivalued:
                for index, item in enumerate(data[name]):
                    yield from walk(info.range, item, f"{row_id}/{name}/{index}", row_id, name, str(index))
            else:
                yield from walk(info.range, data[name], f"{row_id}/{name}", row_id, name, "")

    yield from walk("Dataset", record, dataset_id, "", "", "")


def _golden_records():
    import gzip

    import orjson

    folder = Path(__file__).parent / "data" / "rdf_golden" / "records"
    return [orjson.loads(line) for path in sorted(folder.glob("*.jsonl.gz")) for line in gzip.open(path)]


def test_csv_rows_and_text_equal_the_straightforward_writer():
    """Over the stored model records (corpus and examples, 150 of them): the same rows, and the
    same text as csv.writer makes of them."""
    import csv
    import io

    from harmonise.writers.csv import encode_text, record_rows

    records = _golden_records()
    assert len(records) >= 100
    for record in records:
        expected = list(_reference_rows(record))
        assert record_rows(record) == expected
        buffers = {}
        for cls, row in expected:
            if cls not in buffers:
                buffers[cls] = io.StringIO()
            csv.writer(buffers[cls], lineterminator="\r\n").writerow(row)
        assert encode_text(record) == {cls: b.getvalue() for cls, b in buffers.items()}


CELL = st.one_of(st.text(alphabet=' a,"\r\n\x00\t\\|\'é\u2028;', max_size=6), st.text(max_size=5))


@settings(max_examples=2000, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=8))
def test_csv_line_is_what_csv_writer_writes(row):
    import csv
    import io

    from harmonise.writers.csv import csv_line

    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(row)
    assert csv_line(row) == out.getvalue()
