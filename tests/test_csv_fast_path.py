"""The csv writer's fast path (harmonise/writers/csv.py `_encode_into`, used by `encode_text`
and the sink) against its reference: record_rows written by csv.writer (`plain_text`), and a
sink that writes those texts (issue 8: speed without changing outputs)."""
from __future__ import annotations

import csv
import enum
import gzip
import io
import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harmonise.mapping import RecordResult, WriteOptions
from harmonise.mappings.dcat.schema_info import BOOLEAN, INTEGER, OBJECT
from harmonise.writers import csv as csvw
from tests.dcat_corpus import convertible_files, corpus_ids
from tests.helpers import convert_file


def reference_tables(records) -> dict[str, bytes]:
    """The folder as the plain writer makes it: each table's header, then every record's rows
    as csv.writer writes them (record_rows in record order), UTF-8."""
    buffers = {}
    for cls in csvw.CLASS_TABLES:
        buffers[cls] = io.StringIO()
        csv.writer(buffers[cls], lineterminator="\r\n").writerow(csvw.table_columns()[cls])
    for record in records:
        for cls, row in csvw.record_rows(record):
            csv.writer(buffers[cls], lineterminator="\r\n").writerow(row)
    return {f"{csvw.CLASS_TABLES[cls]}.csv": b.getvalue().encode("utf-8") for cls, b in buffers.items()}


def sink_tables(records, encoded: bool | str = False) -> dict[str, bytes]:
    """The folder the `csv` writer's sink writes: records given as dicts (`write`), as
    encode_text payloads (`write_encoded`, the --jobs path) or, with "mixed", alternately."""
    with tempfile.TemporaryDirectory() as tmp:
        sink = csvw.CsvWriter().open(Path(tmp), WriteOptions())
        for n, record in enumerate(records):
            if encoded is True or (encoded == "mixed" and n % 3 == 1):
                sink.write_encoded(csvw.encode_text(record), RecordResult("test"))
            else:
                sink.write(record, RecordResult("test"))
        paths = sink.close()
        assert [p.name for p in paths] == [f"{stem}.csv" for stem in csvw.CLASS_TABLES.values()]
        return {p.name: p.read_bytes() for p in paths}


def assert_same(records) -> None:
    """encode_text equals plain_text on every record (or raises as it does, for a record the
    reference cannot write); both sink paths write the reference's folder for the others."""
    writable = []
    for record in records:
        try:
            expected = csvw.plain_text(record)
        except Exception as exc:   # e.g. a number in a multi-valued slot: not model data
            with pytest.raises(type(exc)):
                csvw.encode_text(record)
            with pytest.raises(type(exc)):
                sink_tables([record])
            continue
        assert csvw.encode_text(record) == expected
        writable.append(record)
    records = writable
    expected = reference_tables(records)
    assert sink_tables(records) == expected
    assert sink_tables(records, encoded=True) == expected
    assert sink_tables(records, encoded="mixed") == expected


# -- corpus-derived records ----------------------------------------------------------------------

@pytest.mark.parametrize("path,reader", convertible_files(), ids=corpus_ids())
def test_fast_path_equals_csv_writer_on_corpus_records(path, reader, monkeypatch):
    records = [i.record for i in convert_file(path, reader) if i.record is not None]
    if not records:
        pytest.skip("companion file: no records of its own")
    monkeypatch.setattr(csvw, "_FLUSH_RECORDS", 2)   # several flushes even in small files
    assert_same(records)


def test_fast_path_equals_csv_writer_on_stored_records():
    """The 150 stored model records (corpus and examples) of the RDF golden tests, in one folder,
    with the default flush size."""
    folder = Path(__file__).parent / "data" / "rdf_golden" / "records"
    records = [orjson.loads(line) for path in sorted(folder.glob("*.jsonl.gz")) for line in gzip.open(path)]
    assert len(records) >= 100
    assert_same(records)
    tables = sink_tables(records)
    assert tables["datasets.csv"].count(b"\r\n") >= 1 + len(records)


def test_the_fast_path_is_the_one_taken_on_corpus_records():
    """No silent fallback: the engine's records (here UK Biobank's, with booleans, integers,
    multi-valued cells and quoted text) go through _encode_into, not the reference."""
    from tests.conftest import CORPUS

    record = convert_file(CORPUS / "ukbiobank" / "Data_Dictionary_Showcase.csv")[0].record
    out = {cls: [] for cls in csvw.CLASS_TABLES}
    assert csvw._encode_into(record, out) is True
    assert len(out["Variable"]) == 423
    assert "\r\n".join(out["Variable"]) + "\r\n" == csvw.plain_text(record)["Variable"]


# -- generated records ---------------------------------------------------------------------------

#: cell text with everything csv quoting and the multi-value escaping care about
TEXT = st.one_of(st.text(alphabet=' a,"\r\n\\|é\u2028;\t\x00', max_size=8), st.text(max_size=6),
                 st.sampled_from(["", " | ", "|", "\\", '"', ",", "\r\n", "\n", "\r", "true", "0"]))


class Kind(str, enum.Enum):
    """A str subclass whose str() is not its text ("Kind.COMMA"): the reference writes str()."""
    COMMA = "a,b"
    PLAIN = "plain"


#: values the model's JSON data never gives a slot of this kind (the fast path must hand them to the reference)
KINDS = st.integers(0, 1).map(lambda i: list(Kind)[i])
ODD = st.one_of(st.none(), st.integers(-5, 5), st.floats(allow_nan=False), st.booleans(), TEXT, KINDS,
                st.lists(st.one_of(TEXT, KINDS), max_size=2), st.lists(st.integers(0, 3), max_size=2))


def scalar(kind: str, odd: bool):
    value = st.booleans() if kind == BOOLEAN else st.integers(-(10 ** 12), 10 ** 12) if kind == INTEGER else TEXT
    return st.one_of(value, value, value, ODD) if odd else value


def objects(cls: str, depth: int, odd: bool):
    classes = csvw.model_classes()
    entries = {}
    for name, info in classes[cls].slots.items():
        if info.kind == OBJECT:
            if depth >= 3:
                continue
            child = objects(info.range, depth + 1, odd)
            entries[name] = st.lists(child, max_size=2) if info.multivalued else child
        else:
            value = scalar(info.kind, odd)
            entries[name] = (st.one_of(st.lists(value, max_size=3), ODD) if odd else st.lists(value, max_size=3)) \
                if info.multivalued else value
    if odd:
        entries["not_a_slot"] = ODD
    return st.fixed_dictionaries({}, optional=entries)


IDS = st.one_of(st.sampled_from(["https://example.org/d/1", "urn:x", "a"]),
                st.text(alphabet='ab:/ ,"\r\n|', min_size=1, max_size=6))


def records(odd: bool):
    return st.builds(lambda rid, body: {"id": rid, **body}, IDS, objects("Dataset", 0, odd))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(records(odd=False), min_size=1, max_size=4))
def test_fast_path_equals_csv_writer_on_generated_records(batch):
    assert_same(batch)


def _objects_in(data: dict, cls: str):
    """(class, object) of every object in a record, the record first."""
    yield cls, data
    for name, info in csvw.model_classes()[cls].slots.items():
        value = data.get(name)
        if info.kind == OBJECT and isinstance(value, (dict, list)):
            for item in (value if isinstance(value, list) else [value]):
                yield from _objects_in(item, info.range)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(records(odd=True), min_size=1, max_size=4))
def test_values_of_unexpected_types_fall_back_to_the_same_text(batch):
    """None, numbers or lists in string slots, strings or numbers in multi-valued ones, unknown
    slots: the fast path gives up on such a record (dropping any lines it made) and the
    reference writes it."""
    assert_same(batch)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(records(odd=False), st.data())
def test_one_unexpected_value_anywhere_in_a_record(record, data):
    """As above with one odd value in an otherwise model-shaped record, on any object and slot
    (with many odd values the first one decides, and the fast path's handling of the others
    would go untested)."""
    targets = list(_objects_in(record, "Dataset"))
    cls, target = data.draw(st.sampled_from(targets))
    slots = [name for name, info in csvw.model_classes()[cls].slots.items() if info.kind != OBJECT]
    name = data.draw(st.sampled_from(slots + ["not_a_slot"]))
    target[name] = data.draw(ODD)
    batch = [{"id": "https://example.org/before", "title": "b"}, record, {"id": "https://example.org/after", "title": "a"}]
    assert_same(batch)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, min_size=0, max_size=4), st.lists(TEXT, min_size=1, max_size=4))
def test_multi_valued_and_line_break_cells(keywords, descriptions):
    record = {"id": "https://example.org/d", "keywords": keywords, "description": descriptions[0],
              "tables": [{"name": "t", "variables": [{"name": str(i), "description": d, "sensitive": i % 2 == 0}
                                                     for i, d in enumerate(descriptions)]}]}
    assert_same([record])


def test_a_late_failure_leaves_no_partial_lines_in_the_sink(monkeypatch):
    """A record that fails deep inside (a number in a string slot of its last variable) after
    its dataset, table and other variable lines were appended: the sink drops those lines and
    writes the reference's, between the records before and after it."""
    good = {"id": "https://example.org/a", "title": "A, with comma",
            "tables": [{"name": "t", "variables": [{"name": "v1"}, {"name": "v2"}]}]}
    bad = {"id": "https://example.org/b", "title": "B",
           "tables": [{"name": "t", "variables": [{"name": "w1"}, {"name": 7, "sensitive": True}]}]}
    out = {cls: [] for cls in csvw.CLASS_TABLES}
    assert csvw._encode_into(bad, out) is False
    assert sum(map(len, out.values())) >= 3   # lines were made before the failure
    monkeypatch.setattr(csvw, "_FLUSH_RECORDS", 1)
    tables = sink_tables([good, bad, good])
    assert tables == reference_tables([good, bad, good])
    assert b"https://example.org/b/tables/0/variables/1,https://example.org/b," in tables["variables.csv"]
    assert b',7,' in tables["variables.csv"]


def test_str_subclasses_are_written_as_the_reference_writes_them():
    """str(Kind.COMMA) is "Kind.COMMA", not its text: the reference's cell() uses str()."""
    records = [{"id": "d", "title": Kind.COMMA}, {"id": "d", "keywords": ["k", Kind.PLAIN]},
               {"id": "d", "tables": [{"name": "t", "variables": [{"name": "v", "data_type": Kind.COMMA}]}]}]
    for record in records:
        assert csvw.encode_text(record) == csvw.plain_text(record)
    assert csvw.encode_text(records[0])["Dataset"].startswith("d,d,,,,d,Kind.COMMA,")
    assert "k | Kind.PLAIN" in csvw.encode_text(records[1])["Dataset"]
    assert_same(records)


def test_dataset_ids_that_need_quoting_take_the_reference():
    record = {"id": 'urn:a,"b"', "title": "x", "contact_points": [{"email": "e@x.org"}]}
    out = {cls: [] for cls in csvw.CLASS_TABLES}
    assert csvw._encode_into(record, out) is False
    text = csvw.encode_text(record)
    assert text["ContactPoint"].startswith('"urn:a,""b""/contact_points/0","urn:a,""b""","urn:a,""b""",contact_points,0,')
    assert text == csvw.plain_text(record)


def test_long_lists_past_the_stored_positions():
    record = {"id": "d", "tables": [{"name": "t", "variables": [{"name": f"v{i}"} for i in range(1100)]}]}
    text = csvw.encode_text(record)["Variable"]
    assert text == csvw.plain_text(record)["Variable"]
    assert text.splitlines()[-1].startswith("d/tables/0/variables/1099,d,d/tables/0,variables,1099,v1099")
