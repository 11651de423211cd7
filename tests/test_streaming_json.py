"""The orjson streaming path for large top-level JSON arrays (`sources.iter_array_items`).

It must yield exactly what `orjson.loads` of the whole file holds (and what the ijson path,
the straightforward implementation, yields), whatever the chunk size: tiny chunks put a
chunk boundary at every byte of the input, so every boundary case is met.
"""
from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import harmonise.sources as sources
from harmonise.errors import InputError
from harmonise.sources import Source, iter_array_items, iter_json_items

CHUNKS = (1, 2, 3, 7, 64, 1000, 1 << 20)


def stream(path, chunk, offset=0):
    source = Source(path)
    source.index_offset = offset
    return list(iter_array_items(source, chunk))


def whole(path):
    data = path.read_bytes()
    return orjson.loads(data[3:] if data.startswith(b"\xef\xbb\xbf") else data)


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- real files --------------------------------------------------------------------------

def test_real_top_level_array_streams_as_orjson_reads_it(corpus):
    path = corpus / "nhs_hes_tos/hes_apc_metadata.json"
    want = whole(path)
    assert len(want) == 81
    for chunk in CHUNKS:
        got = stream(path, chunk)
        assert [i for i, _ in got] == list(range(81))
        assert [item for _, item in got] == want


@pytest.mark.parametrize("indent", [None, 2, 4])
def test_gateway_export_records_as_one_array_at_every_chunk_size(corpus, tmp_path, indent):
    records = orjson.loads((corpus / "hdruk_dataset_v2/gateway_v2_datasets.json").read_bytes())["dataModels"]
    text = json.dumps(records, indent=indent, ensure_ascii=False)
    if indent == 4:
        text = "\ufeff\r\n" + text.replace("\n", "\r\n") + "\r\n"  # BOM and Windows newlines
    path = write(tmp_path, "bulk.json", text.encode("utf-8"))
    assert len(records) == 12
    for chunk in CHUNKS + (5000, 20000):
        assert [item for _, item in stream(path, chunk)] == records
    first = stream(path, 64)[0][1]
    assert first["summary"]["title"] == records[0]["summary"]["title"]


def test_large_file_takes_the_fast_path_and_matches_ijson(corpus, tmp_path, monkeypatch):
    """Above WHOLE_JSON_LIMIT a top-level array streams through orjson; the ijson path
    (the straightforward implementation) yields the same items, indexes and offsets."""
    doc = orjson.loads((corpus / "hdruk_mdc_datamodel/gateway_v1_datamodels.json").read_bytes())
    items = next(v for v in doc.values() if isinstance(v, list))
    path = write(tmp_path, "models.json", orjson.dumps(items * 3))
    monkeypatch.setattr(sources, "WHOLE_JSON_LIMIT", 0)
    monkeypatch.setattr(sources, "STREAM_CHUNK", 4096)
    used = []
    real = sources.iter_array_items
    monkeypatch.setattr(sources, "iter_array_items", lambda s, c=0: used.append(1) or real(s, c))
    source = Source(path)
    source.index_offset = 500
    fast = list(iter_json_items(source, "item"))
    assert used == [1]
    assert fast == list(sources._ijson_items(source, "item"))
    assert [i for i, _ in fast] == list(range(500, 500 + 3 * len(items)))
    assert len(fast) == 30
    # other prefixes and files that are not arrays stay with ijson
    wrapped = write(tmp_path, "wrapped.json", orjson.dumps({"dataModels": items}))
    assert [x for _, x in iter_json_items(Source(wrapped), "dataModels.item")] == items
    assert used == [1]


def test_hdruk_bulk_conversion_is_the_same_on_both_paths(corpus, tmp_path, monkeypatch):
    from helpers import convert_file

    import harmonise.mappings.hdruk.json_records as jr
    from harmonise.writers.json import record_dict

    records = orjson.loads((corpus / "hdruk_dataset_v2/gateway_v2_datasets.json").read_bytes())["dataModels"]
    path = write(tmp_path, "gateway.json", json.dumps(records * 2, indent=1).encode())
    monkeypatch.setattr(sources, "WHOLE_JSON_LIMIT", 0)
    monkeypatch.setattr(jr, "WHOLE_JSON_LIMIT", 0)
    monkeypatch.setattr(sources, "STREAM_CHUNK", 10_000)
    fast = convert_file(path)
    monkeypatch.setattr(sources, "starts_array", lambda head: False)  # force ijson
    slow = convert_file(path)
    assert len(fast) == len(slow) == 24
    assert [i.result.pointer for i in fast] == [f"/{n}" for n in range(24)]
    assert [record_dict(i.dataset) for i in fast] == [record_dict(i.dataset) for i in slow]


# -- generated arrays -------------------------------------------------------------------

NASTY = st.sampled_from(['},{', '}]', '],[', '"', '\\', '\\"', '\\\\', '{', '[', ']', '}', ',', ' ', '\n',
                         '\t', 'é', '€', '😀', '\u2028', '\x00', '{"id"', '"id":', '\\u00e9'])
TEXT = st.lists(st.one_of(NASTY, st.text(max_size=5)), max_size=8).map("".join)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**64 - 1),
                    st.floats(allow_nan=False, allow_infinity=False), TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.one_of(st.just("id"), TEXT), inner, max_size=5)), max_leaves=25)
RECORDS = st.one_of(st.lists(st.dictionaries(st.one_of(st.just("id"), TEXT), VALUES, min_size=1, max_size=4),
                             max_size=8),
                    st.lists(VALUES, max_size=8))


def layout(items, style):
    """The same array written in different ways (compact, indented, odd spacing)."""
    if style == 0:
        return orjson.dumps(items)
    if style == 1:
        return json.dumps(items, indent=2, ensure_ascii=False).encode()
    if style == 2:
        return json.dumps(items, separators=(" ,\r\n\t", " :  ")).encode()
    return b"\xef\xbb\xbf\n " + json.dumps(items, ensure_ascii=True).encode() + b" \n\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=RECORDS, style=st.integers(0, 3), chunk=st.integers(1, 300))
def test_generated_arrays_stream_as_orjson_reads_them(tmp_path, items, style, chunk):
    path = write(tmp_path, "gen.json", layout(items, style))
    want = whole(path)
    got = stream(path, chunk, offset=7)
    assert [x for _, x in got] == want
    assert [i for i, _ in got] == list(range(7, 7 + len(want)))


def test_edge_shapes(tmp_path):
    cases = {
        b"[]": [], b" [ ] ": [], b"\xef\xbb\xbf[\n]\n": [],
        b'[1,"a",null,true,false,-0.5,[],{}]': [1, "a", None, True, False, -0.5, [], {}],
        b'[[{"a":[{"b":1},{"c":2}]},{"d":[]}],[{"e":"}],[{"}]]': [[{"a": [{"b": 1}, {"c": 2}]}, {"d": []}],
                                                                  [{"e": "}],[{"}]],
        b'[{"s":"\\"},{\\\\"},{"t":"\\\\"}]': [{"s": '"},{\\'}, {"t": "\\"}],
        b'[ {"id":1, "x":{"id":2}} ,\n\t{"id":3} ]': [{"id": 1, "x": {"id": 2}}, {"id": 3}],
        b'[123, 4567890,1]': [123, 4567890, 1],
    }
    for data, want in cases.items():
        path = write(tmp_path, "edge.json", data)
        for chunk in CHUNKS:
            assert [x for _, x in stream(path, chunk)] == want, (data, chunk)


def test_a_single_item_much_larger_than_the_chunk(tmp_path):
    big = {"id": "big", "tables": [{"name": f"t{n}", "text": "x],{" * 50, "variables": [{"n": k} for k in range(40)]}
                                   for n in range(300)]}
    items = [{"id": "a"}, big, {"id": "b"}, big]
    path = write(tmp_path, "big.json", orjson.dumps(items))
    assert path.stat().st_size > 300_000
    for chunk in (1000, 64 << 10):
        assert [x for _, x in stream(path, chunk)] == items


def test_memory_follows_the_chunk_not_the_file(tmp_path, monkeypatch):
    items = [{"id": n, "text": "y" * 500, "nested": [{"id": k} for k in range(10)]} for n in range(2000)]
    path = write(tmp_path, "many.json", orjson.dumps(items))
    assert path.stat().st_size > 1_000_000
    longest = []
    real = sources._ArrayStream.more

    def more(self, need):
        real(self, need)
        longest.append(len(self.buf))

    monkeypatch.setattr(sources._ArrayStream, "more", more)
    assert [x for _, x in stream(path, 8192)] == items
    assert max(longest) < 2 * 8192 + 1000  # the chunk, and what was left of the one before


def test_brackets_in_strings_fall_back_to_one_item_at_a_time(tmp_path):
    """Unbalanced brackets inside strings mislead the cut; orjson's own check keeps it right."""
    items = [{"note": "see [1" * (n % 3), "more": "{" * (n % 5), "id": n} for n in range(300)]
    path = write(tmp_path, "odd.json", orjson.dumps(items))
    for chunk in (100, 1000, 4096):
        assert [x for _, x in stream(path, chunk)] == items


# -- errors ------------------------------------------------------------------------------

def broken(tmp_path, data, chunk):
    path = write(tmp_path, "bad.json", data)
    got = []
    with pytest.raises(InputError) as exc:
        for item in iter_array_items(Source(path, "bad.json"), chunk):
            got.append(item)
    return got, exc.value


@pytest.mark.parametrize("chunk", [1, 5, 1 << 20])
def test_truncated_file_yields_complete_items_then_names_the_item(tmp_path, chunk):
    got, err = broken(tmp_path, b'[{"a":1},\n {"b":[1,2,3]},\n {"c":"x},{y"', chunk)
    assert got == [(0, {"a": 1}), (1, {"b": [1, 2, 3]})]
    assert err.where == "/2" and err.file == "bad.json"
    assert err.located() == ("bad.json:/2: malformed or truncated JSON in item 2: "
                             "unexpected end of data at line 3, column 14")


@pytest.mark.parametrize("chunk", [1, 5, 1 << 20])
@pytest.mark.parametrize("data, good, where, message", [
    (b"[1, 2, ]", [1, 2], "/2", "a value must follow ',' at line 1, column 8"),
    (b'[{"a":1}\n {"b":2}]', [{"a": 1}], "/1", "expected ',' or ']' after an item at line 2, column 2"),
    (b'[{"a":1},\n{"a":tru},{"b":2}]', [{"a": 1}], "/1", "invalid literal, expected 'true' at line 2, column 6"),
    (b'[{"a":"\xc3\xa9"},{"s":"\xff"},{"b":2}]', [{"a": "é"}], "/1", "invalid UTF-8 at line 1, column 19"),
    (b"[1,2", [1, 2], "/2", "unexpected end of data at line 1, column 5"),
    (b"[", [], "/0", "unexpected end of data at line 1, column 2"),
    (b'\xef\xbb\xbf[{"a":1},{"b":', [{"a": 1}], "/1", "unexpected end of data at line 1, column 15"),
])
def test_malformed_items_are_located(tmp_path, chunk, data, good, where, message):
    got, err = broken(tmp_path, data, chunk)
    assert [x for _, x in got] == good
    assert err.where == where
    assert err.message == f"malformed or truncated JSON in item {where[1:]}: {message}"


@pytest.mark.parametrize("chunk", [1, 1 << 20])
def test_content_after_the_array(tmp_path, chunk):
    got, err = broken(tmp_path, b"[1,2]\n x", chunk)
    assert got == [(0, 1), (1, 2)]
    assert err.where is None and err.message == "malformed JSON: unexpected content after the array at line 2, column 2"


def test_what_only_orjson_refuses_is_read_by_ijson(tmp_path):
    """A lone surrogate: orjson refuses it; the ijson path (as before) reads the rest."""
    path = write(tmp_path, "surrogate.json", b'[{"a":1},{"s":"\\ud800"},{"b":2},{"c":[3]}]')
    for chunk in (1, 1 << 20):
        got = stream(path, chunk)
        assert got == list(sources._ijson_items(Source(path), "item"))
        assert [i for i, _ in got] == [0, 1, 2, 3] and got[3][1] == {"c": [3]}


def test_ijson_failing_later_names_its_item(tmp_path):
    _got, err = broken(tmp_path, b'[{"a":1},{"s":"\\ud800"},{"b":2},{"c":', 1 << 20)
    assert [x for _, x in _got][-1] == {"b": 2}
    assert err.where == "/3" and err.message.startswith("malformed or truncated JSON after item 2: ")


def test_whole_file_error_is_located_in_bytes_after_non_ascii_text(tmp_path):
    """orjson reports a character position; lines and columns count from the file's bytes."""
    path = write(tmp_path, "one.json", '{"a": "éééééééééé\\n",\n "b": "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€", "c": tru}'.encode())
    with pytest.raises(InputError) as exc:
        Source(path).json()
    assert exc.value.message == "malformed JSON: invalid literal, expected 'true' at line 2, column 106"


@pytest.mark.parametrize("chunk", [1, 50, 4096])
def test_runs_of_raw_items_rebuild_the_array(corpus, tmp_path, chunk):
    """`iter_array_runs` (for cutting shards) hands back the file's own bytes, run by run."""
    records = orjson.loads((corpus / "nhs_hes_tos/hes_apc_metadata.json").read_bytes())
    data = json.dumps(records, indent=2, ensure_ascii=False).encode()
    path = write(tmp_path, "runs.json", data)
    runs = list(sources.iter_array_runs(Source(path), chunk))
    assert sum(n for n, _ in runs) == 81
    assert [x for _, body in runs for x in orjson.loads(b"[" + body + b"]")] == records
    assert all(len(orjson.loads(b"[" + body + b"]")) == n for n, body in runs)
    if chunk == 4096:
        assert 1 < len(runs) < 81  # several items per run
    surrogate = write(tmp_path, "s.json", b'[{"a":1},{"s":"\\ud800"},{"b":2}]')
    assert [n for n, _ in sources.iter_array_runs(Source(surrogate), chunk)][-2:] == [1, 1]


@pytest.fixture
def exact(monkeypatch) -> list[int]:
    """One entry for each item the stream parsed alone (`_ArrayStream.one`), not in a batch."""
    calls: list[int] = []
    real = sources._ArrayStream.one
    monkeypatch.setattr(sources._ArrayStream, "one", lambda self, *a: calls.append(1) or real(self, *a))
    return calls


def test_items_that_open_differently_and_one_huge_item(tmp_path, exact):
    """The first item's opening guides the cuts; when other items open differently the
    bracket count takes over, and an item many chunks long is still read in one batch."""
    items = [{"id": 0}] + [{"name": n, "x": [{"id": n}] * 3} for n in range(400)]
    items[200] = {"name": "huge", "values": [{"id": k, "v": "w" * 20} for k in range(3000)]}
    path = write(tmp_path, "mixed.json", orjson.dumps(items))
    for chunk in (3, 512, 4096):
        assert [x for _, x in stream(path, chunk)] == items
    exact.clear()
    assert [x for _, x in stream(path, 4096)] == items
    assert len(exact) <= 2  # the last item (no "," after it), and little else


def test_an_item_many_chunks_long_is_read_in_one_batch(tmp_path, exact):
    items = [{"name": n, "x": [{"id": n}] * 3} for n in range(100)]
    items[50] = {"name": "huge", "values": [{"id": k, "v": "w" * 20} for k in range(3000)]}
    path = write(tmp_path, "huge.json", orjson.dumps(items))
    assert [x for _, x in stream(path, 8192)] == items
    assert len(exact) == 1  # only the last item (no "," after it)


def test_arrays_of_strings_are_read_in_batches_too(tmp_path, exact):
    items = [f"value {n}, with [text] and a comma" for n in range(2000)] + [1, 2.5, None, "last"]
    path = write(tmp_path, "strings.json", orjson.dumps(items))
    for chunk in (1, 10, 4096):
        assert [x for _, x in stream(path, chunk)] == items
    exact.clear()
    assert [x for _, x in stream(path, 4096)] == items
    assert len(exact) < 30  # the last item of the file, and a few where every comma tried was in a string
