"""`--jobs N` gives the same outputs, report and order as `--jobs 1`; bulk files stream."""
from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import orjson
import pytest

from harmonise import parallel, sources
from harmonise.cli import main
from harmonise.engine import ConvertOptions, convert
from harmonise.sources import Source

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bulk(tmp_path_factory, corpus) -> Path:
    """240 HDR UK 3.0 records made from the corpus records, 20 UK Biobank variables each."""
    gen = _generator().Generator("hdruk-3.0")
    path = tmp_path_factory.mktemp("bulk") / "catalogue.json"
    _generator().write(path, gen.records(240, 20, with_codings=True))
    return path


@pytest.fixture
def small_shards(monkeypatch):
    monkeypatch.setattr(parallel, "SHARD_MIN_BYTES", 10_000)
    monkeypatch.setattr(parallel, "SHARD_BYTES", 50_000_000)
    monkeypatch.setattr(parallel, "SHARD_RECORDS", 37)


def _run(paths, out: Path, jobs: int, writers=("jsonl", "json"), reader=None):
    report, errors = convert([str(p) for p in paths], list(writers), out, ConvertOptions(reader=reader), jobs=jobs)
    entries = [r.to_dict() for r in report.records]
    outputs = [Path(p).relative_to(out).as_posix() for p in report.outputs]
    return entries, outputs, [e.located() for e in errors]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_bulk_file_is_split_into_shards_that_keep_pointers(bulk, tmp_path, small_shards, monkeypatch):
    monkeypatch.setattr(parallel, "SHARD_BYTES", 60_000)
    reg = __import__("harmonise.registry", fromlist=["registry"]).registry()
    tasks = list(parallel.plan([str(bulk)], ConvertOptions(), reg, tmp_path))
    assert len(tasks) >= 5
    assert all(t.name == str(bulk) and t.reader == "hdruk-3.0" and t.shard for t in tasks)
    whole = orjson.loads(bulk.read_bytes())
    offset = 0
    for task in tasks:  # each shard: the next records, as the file has them, numbered as in the file
        shard = orjson.loads(Path(task.path).read_bytes())
        assert task.index_offset == offset and shard == whole[offset:offset + len(shard)]
        offset += len(shard)
    assert offset == 240


def test_jobs_2_equals_jobs_1_on_a_bulk_file(bulk, tmp_path, small_shards):
    one = _run([bulk], tmp_path / "one", 1)
    two = _run([bulk], tmp_path / "two", 2)
    assert one == two
    entries, outputs, errors = one
    assert len(entries) == 240 and not errors
    assert entries[100]["source"] == f"{bulk}#/100"
    assert len(outputs) == 241  # harmonised.jsonl + one document per record
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    lines = (tmp_path / "two" / "harmonised.jsonl").read_bytes().splitlines()
    first = orjson.loads(lines[0])
    assert first["title"] == "Large test dataset (0)"
    assert len(first["tables"][0]["variables"]) == 20
    assert first["tables"][0]["variables"][0]["name"] == "Verbal interview duration"


def test_jobs_2_equals_jobs_1_with_rdf_and_csv_writers(bulk, tmp_path, small_shards):
    from harmonise.registry import registry

    writers = [w for w in ("jsonl", "ttl", "csv", "nt") if w in registry().writers]
    assert "ttl" in writers and "csv" in writers
    # every one of them encodes in the workers (nothing falls back to the main process)
    assert all(registry().writer(w).encoder(ConvertOptions().write) is not None for w in writers)
    one = _run([bulk], tmp_path / "one", 1, writers=writers)
    two = _run([bulk], tmp_path / "two", 2, writers=writers)
    assert one == two
    files = _files(tmp_path / "two")
    assert files == _files(tmp_path / "one")
    assert sum(name.endswith(".ttl") for name in files) == 240
    assert files["csv/variables.csv"].count(b"\r\n") == 1 + 240 * 20
    assert not [p for p in (tmp_path / "two").iterdir() if "staging" in p.name]  # the staging folder is gone


def test_jobs_2_equals_jobs_1_with_the_single_rdf_layout(bulk, corpus, tmp_path, small_shards):
    """--rdf-layout single: workers send each record's statements back as bytes (no staged
    file), the main process appends them to harmonised.ttl / .nt in input order."""
    writers = ["jsonl", "ttl", "nt", "csv"]
    inputs = [bulk, corpus / "hdruk_dataset_v2"]
    results = []
    for jobs in (1, 2):
        options = ConvertOptions()
        options.write.extra["rdf_layout"] = "single"
        report, errors = convert([str(p) for p in inputs], writers, tmp_path / str(jobs), options, jobs=jobs)
        results.append(([r.to_dict() for r in report.records], [Path(p).name for p in report.outputs],
                        [e.located() for e in errors]))
    assert results[0] == results[1]
    files = _files(tmp_path / "2")
    assert files == _files(tmp_path / "1")
    assert not [name for name in files if name.endswith((".ttl", ".nt")) and not name.startswith("harmonised.")]
    assert files["harmonised.ttl"].count(b" a dcat:Dataset ;") == 240 + 12
    assert files["harmonised.ttl"].count(b"@prefix ") == files["harmonised.ttl"][:4000].count(b"@prefix ")
    assert not [p for p in (tmp_path / "2").iterdir() if "staging" in p.name]
    parallel._init_worker(options, ["jsonl", "ttl", "nt", "json"], 1700000000, False, str(tmp_path))
    try:   # only json still writes a file per record: nothing else is staged
        assert parallel._STATE["staged"] == [False, False, False, True]
    finally:
        parallel._STATE.clear()


def test_workers_write_file_per_record_outputs_and_the_sink_renames_them(tmp_path):
    """--jobs N: a ttl/json file is created by the worker (creating files is the costly part of
    writing them) under a temporary name; the sink, in input order, gives it its name."""
    from harmonise.writers.files import StagedFile

    staging = tmp_path / "staging"
    staging.mkdir()
    parallel._init_worker(ConvertOptions(), ["jsonl", "ttl", "json"], 1700000000, False, str(staging))
    try:
        assert parallel._STATE["staged"] == [False, True, True]
        record_id, staged = parallel._stage(("ds-1", b"<a> <b> <c> .\n"))
        assert record_id == "ds-1" and isinstance(staged, StagedFile)
        assert Path(staged).parent == staging and Path(staged).read_bytes() == b"<a> <b> <c> .\n"
        from harmonise.mapping import RecordResult, WriteOptions
        from harmonise.registry import registry

        out = tmp_path / "out"
        out.mkdir()
        sink = registry().writer("ttl").open(out, WriteOptions())
        sink.write_encoded((record_id, staged), RecordResult("x.json"))
        assert [p.name for p in sink.close()] == ["ds-1.ttl"]
        assert (out / "ds-1.ttl").read_bytes() == b"<a> <b> <c> .\n" and not list(staging.iterdir())
    finally:
        parallel._STATE.clear()


def test_jobs_2_equals_jobs_1_on_a_folder_of_mixed_files(corpus, tmp_path, small_shards):
    folders = [corpus / "hdruk", corpus / "hdruk_dataset_v2", corpus / "hdruk_dataset_v3_v4"]
    one = _run(folders, tmp_path / "one", 1)
    two = _run(folders, tmp_path / "two", 2)
    assert one == two
    entries, _outputs, _errors = one
    assert len(entries) >= 30
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_json_lines_in_and_out_with_jobs(bulk, tmp_path, small_shards):
    _run([bulk], tmp_path / "first", 1, writers=("jsonl",))
    jsonl = tmp_path / "first" / "harmonised.jsonl"
    lines = jsonl.read_bytes().splitlines(keepends=True)
    damaged = tmp_path / "again.jsonl"
    damaged.write_bytes(b"".join(lines[:50]) + b"\n" + b'{"id": broken\n' + b"".join(lines[50:]))
    one = _run([damaged], tmp_path / "one", 1, writers=("jsonl",))
    two = _run([damaged], tmp_path / "two", 2, writers=("jsonl",))
    assert one == two
    entries = one[0]
    assert len(entries) == 241
    failed = [e for e in entries if e["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["source"] == f"{damaged}#line 52"
    assert entries[-1]["source"] == f"{damaged}#line 242"
    # the model records survive the round trip, line for line (only provenance is restamped)
    def strip(lines):
        return [{k: v for k, v in orjson.loads(x).items() if k != "conversion"} for x in lines]

    again = (tmp_path / "two" / "harmonised.jsonl").read_bytes().splitlines()
    assert strip(again) == strip(lines)
    assert orjson.loads(again[0])["conversion"]["source_format"] == "harmonise-json"


def test_truncated_bulk_file_converts_complete_records_then_fails_the_same(bulk, tmp_path, small_shards, monkeypatch):
    monkeypatch.setattr(sources, "WHOLE_JSON_LIMIT", 50_000)  # stream with ijson, as for a large export
    monkeypatch.setattr(parallel, "WHOLE_JSON_LIMIT", 50_000)
    from harmonise.mappings.hdruk import json_records

    monkeypatch.setattr(json_records, "WHOLE_JSON_LIMIT", 50_000)
    data = bulk.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) * 2 // 3])
    one = _run([cut], tmp_path / "one", 1)
    two = _run([cut], tmp_path / "two", 2)
    assert one == two
    entries, _outputs, errors = one
    assert 150 < len(entries) < 170
    assert entries[-1]["status"] == "failed"
    assert all(e["status"] != "failed" for e in entries[:-1])
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_cli_jobs_option_and_quiet_progress(bulk, tmp_path, small_shards):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["convert", str(bulk), "--to", "jsonl", "--out", str(tmp_path / "o"), "-j", "2"])
    assert result.exit_code == 0, result.output
    assert "240 records: " in result.output
    assert "converting" not in result.output  # not a terminal: no progress bar
    assert len((tmp_path / "o" / "harmonised.jsonl").read_bytes().splitlines()) == 240


def test_progress_bar_draws_only_on_a_terminal_after_a_delay():
    from harmonise.progress import RecordProgress, progress_bar

    with progress_bar(stream=io.StringIO()) as progress:
        assert progress is None

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    bar = RecordProgress(stream, delay=0.0)
    for _ in range(5):
        bar(1)
    bar.close()
    assert bar.count == 5
    assert "converting: " in stream.getvalue()
    quiet = RecordProgress(Tty(), delay=3600)
    quiet(1)
    assert quiet.bar is None and quiet.stream.getvalue() == ""


def test_json_skeleton_streams_a_large_file(bulk, monkeypatch):
    monkeypatch.setattr(sources, "WHOLE_JSON_LIMIT", 1000)
    source = Source(bulk)
    skeleton = source.json_skeleton()
    assert isinstance(skeleton, list) and len(skeleton) == 1
    assert skeleton[0]["summary"]["title"] == "Large test dataset (0)"
    assert "_json" not in source.__dict__  # the whole document was never loaded
    source.index_offset = 200
    items = list(sources.iter_json_items(source, "item"))
    assert [i for i, _ in items[:2]] == [200, 201] and len(items) == 240


def test_small_damaged_bulk_file_is_left_to_its_reader(bulk, tmp_path, small_shards):
    data = bulk.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) // 2])
    one = _run([cut], tmp_path / "one", 1)
    two = _run([cut], tmp_path / "two", 2)
    assert one == two
    entries = one[0]
    assert entries[-1]["status"] == "failed" and len(entries) > 100
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_cli_report_and_outputs_are_the_same_with_jobs(bulk, tmp_path, small_shards):
    from click.testing import CliRunner

    reports = []
    for jobs in ("1", "2"):
        out = tmp_path / f"o{jobs}"
        result = CliRunner().invoke(main, ["convert", str(bulk), "--to", "jsonl,ttl,csv", "--out", str(out),
                                           "--report", str(tmp_path / f"r{jobs}.json"), "-j", jobs])
        assert result.exit_code == 0, result.output
        report = orjson.loads((tmp_path / f"r{jobs}.json").read_bytes())
        report["outputs"] = [Path(p).relative_to(out).as_posix() for p in report["outputs"]]
        reports.append(report)
    assert reports[0] == reports[1]
    assert reports[0]["summary"]["records"] == 240
    assert reports[0]["records"][5]["accounting"]["source_values"] > 300
    assert _files(tmp_path / "o1") == _files(tmp_path / "o2")


def test_shards_hold_exactly_the_files_records(tmp_path, monkeypatch):
    """Arrays are cut where sources.iter_array_runs finds whole records (braces inside strings,
    escapes, any layout), arrays in a wrapper record by record; a damaged bulk file gives its
    complete records, then its failure."""
    import random

    rng = random.Random(8)
    alphabet = ['{', '}', '[', ']', '"', '\\', ',', ':', ' ', '\n', 'a', 'é', '\u2028']

    def text():
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))

    def record(depth=0):
        out = {}
        for n in range(rng.randint(0, 4)):
            kind = rng.random()
            if kind < 0.5 or depth > 2:
                out[text() + str(n)] = text()
            elif kind < 0.75:
                out[f"k{n}"] = record(depth + 1)
            else:
                out[f"l{n}"] = [record(depth + 1), text(), n, 1.5, None, True]
        return out

    records = [record() for _ in range(60)]
    reg = __import__("harmonise.registry", fromlist=["registry"]).registry()
    monkeypatch.setattr(parallel, "SHARD_BYTES", 300)
    for option in (0, orjson.OPT_INDENT_2):
        for wrapper in (None, "dataModels"):
            doc = records if wrapper is None else {"count": len(records), wrapper: records}
            path = tmp_path / f"scan-{option}-{wrapper}.json"
            path.write_bytes(orjson.dumps(doc, option=option))
            at = "item" if wrapper is None else f"{wrapper}.item"
            tasks = list(parallel._shards(Source(path), "hdruk-3.0", at, tmp_path / f"s-{option}-{wrapper}"))
            assert len(tasks) > 3
            got = []
            for task in tasks:
                assert task.index_offset == len(got)
                shard = orjson.loads(Path(task.path).read_bytes())
                got += shard if wrapper is None else shard[wrapper]
            assert got == records
    for broken, complete in ((b'[{"a":1} {"b":2}]', 1), (b'[{"a":1},{"b":', 1), (b'[{"a":1},]', 1)):
        path = tmp_path / "broken.json"
        path.write_bytes(broken * 1)
        monkeypatch.setattr(parallel, "WHOLE_JSON_LIMIT", 0)  # a bulk file: complete records, then the failure
        out = list(parallel._shards(Source(path), "hdruk-3.0", "item", tmp_path / "b"))
        *shards, (packed, errors) = out
        assert sum(len(orjson.loads(Path(t.path).read_bytes())) for t in shards) == complete
        assert errors and "broken.json" in errors[0].located()
