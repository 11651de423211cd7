"""Export benchmark: harmonise's direct RDF (pyoxigraph) and CSV writers against linkml-runtime's
rdflib_dumper and csv_dumper, in the same run, on the same records.

    .venv/bin/python bench/bench_export.py                       # 200 datasets x 20 variables
    .venv/bin/python bench/bench_export.py --datasets 1000 --variables 20 --baseline-sample 100

Records are real corpus records (HDR UK 3.0 `hdruk300.json`) with ids varied and their tables
replaced by `--variables` columns taken from the UK Biobank showcase dictionary. The baselines
are slow, so they run on `--baseline-sample` records and are reported as datasets/second;
the ratios compare rates. Prints one JSON document (also written with --out).
"""
from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = Path(os.environ.get("HARMONISE_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()


def build_records(count: int, variables: int) -> list[Any]:
    from harmonise.datamodel import Dataset
    from harmonise.engine import ConvertOptions, iter_converted

    template = next(iter_converted([str(CORPUS / "hdruk" / "hdruk300.json")], ConvertOptions())).record
    ukb = next(iter_converted([str(CORPUS / "ukbiobank" / "Data_Dictionary_Showcase.csv")], ConvertOptions())).record
    pool = [v for t in ukb["tables"] for v in t["variables"]]
    out = []
    for index in range(count):
        record = copy.deepcopy(template)
        record["id"] = f"https://example.org/bench/{index:06d}"   # an IRI: rdflib_dumper needs one
        record["title"] = f"{template['title']} #{index}"
        cols = [pool[(index * variables + j) % len(pool)] for j in range(variables)]
        record["tables"] = [{"name": f"table_{index}", "description": "benchmark table", "variables": cols}]
        out.append(Dataset.model_validate(record))
    return out


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def bench_ours_ttl(records: list[Any]) -> float:
    from harmonise.mapping import WriteOptions
    from harmonise.mappings.dcat.writer import record_triples, resolve_profile, serialise

    options = WriteOptions()
    profile = resolve_profile(options.extra)
    start = time.perf_counter()
    total = 0
    for record in records:
        total += len(serialise(record_triples(record, options, None, profile), "ttl"))
    return time.perf_counter() - start


def bench_ours_csv(records: list[Any]) -> float:
    from harmonise.mapping import RecordResult
    from harmonise.writers.csv import CsvWriter
    from harmonise.mapping import WriteOptions

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        sink = CsvWriter().open(Path(tmp), WriteOptions())
        for record in records:
            sink.write(record, RecordResult("bench"))
        sink.close()
        return time.perf_counter() - start


def bench_rdflib_dumper(records: list[Any]) -> float | str:
    try:
        from linkml_runtime import SchemaView
        from linkml_runtime.dumpers import rdflib_dumper
    except ImportError as exc:   # the `model` extra is not installed
        return f"unavailable: {exc}"
    view = SchemaView(str(ROOT / "model" / "harmonise.yaml"))
    start = time.perf_counter()
    for record in records:
        rdflib_dumper.dumps(record, view, fmt="turtle")
    return time.perf_counter() - start


def bench_csv_dumper(records: list[Any]) -> float | str:
    try:
        from linkml_runtime import SchemaView
        from linkml_runtime.dumpers import csv_dumper
    except ImportError as exc:
        return f"unavailable: {exc}"
    from harmonise.mappings.dcat.schema_info import OBJECT, model_info

    view = SchemaView(str(ROOT / "model" / "harmonise.yaml"))
    slots = model_info().classes["Dataset"].slots

    def prepared(record: Any) -> dict[str, Any]:
        # json_flattener needs every slot present: lists empty, inlined objects {}
        data = record.model_dump(mode="json", exclude_none=True)
        for name, info in slots.items():
            data.setdefault(name, [] if info.multivalued else ({} if info.kind == OBJECT else None))
        return data

    start = time.perf_counter()
    csv_dumper.dumps({"datasets": [prepared(r) for r in records]}, index_slot="datasets", schemaview=view)
    return time.perf_counter() - start


def _best(fn: Any, repeat: int = 3) -> float:
    """Best wall time of `repeat` runs of fn() (garbage collection off while timed)."""
    import gc

    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def _fresh_best(fn: Any, out: Path, repeat: int) -> float:
    """Best time of fn() writing into `out`, emptied before each run (the emptying not timed)."""
    import shutil

    best = float("inf")
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        best = min(best, _best(fn, 1))
    return best


def _sink_best(writer: Any, options: Any, records: list[dict], results: list[Any], out: Path, repeat: int) -> float:
    """Best time of the writer's sink taking every record into a fresh folder."""

    def write_all() -> None:
        sink = writer.open(out, options)
        for record, result in zip(records, results):
            sink.write(record, result)
        sink.close()

    return _fresh_best(write_all, out, repeat)


def rdf_floor_and_ours(records: list[dict], tmp: Path, fmt: str = "ttl", repeat: int = 3) -> dict[str, Any]:
    """Per-record seconds (best of `repeat`) of the `ttl` writer against pyoxigraph, on the same
    validated records (plain dicts, as writers get them) and the same triples:

    - `ours_encode`: record dict -> Turtle bytes (the writer's encoder), no files;
    - `ours_sink`: the writer's sink, one .ttl file per record in a fresh folder (what
      `convert --to ttl` does per record);
    - `floor_bytes`: pyoxigraph serialising all the records' triples from an already-built
      store to one bytes object (the floor bench/run.py uses);
    - `floor_record_bytes`: pyoxigraph serialising each record's own triples (one named graph per
      record) to bytes: the same triples our encoder writes, no files;
    - `floor_files`: pyoxigraph serialising each record's triples from the built store (one
      named graph per record) to its own file, under the writer's file names: file-system
      cost on both sides;
    - `ours_files_only`: writing the already-encoded bytes to those files as the sink does (the
      file-system share of `ours_sink`: on a busy shared disk it can exceed the encoding).

    Also `ratio_sink_to_floor_bytes`, `ratio_sink_to_floor_files`, `ratio_encode_to_floor_bytes`
    and `triples_per_record`. Records each get a fresh RecordResult (defaults accounted once).
    """
    import shutil

    from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

    from harmonise.mapping import RecordResult, WriteOptions
    from harmonise.mappings.dcat.writer import WRITERS_LIST, record_triples, resolve_profile, serialise
    from harmonise.writers.files import Namer, write_file

    writer = next(w for w in WRITERS_LIST if w.fmt == fmt)
    options = WriteOptions()
    profile = resolve_profile(options.extra)
    results = [RecordResult("bench") for _ in records]
    n = len(records)
    tmp = Path(tmp)

    def encode() -> list[bytes]:
        return [serialise(record_triples(r, options, res.account, profile), fmt) for r, res in zip(records, results)]

    encoded = encode()   # warm-up: imports, profile, IRI and prefix caches
    ours_encode = _best(encode, repeat)

    out = tmp / "ours"
    ours_sink = _sink_best(writer, options, records, results, out, repeat)

    # the same triples in one store: the default graph (floor_bytes) and one graph per record (floor_files)
    store = Store()
    rdf_format = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES}[fmt]
    graphs = [NamedNode(f"urn:bench:record:{i}") for i in range(n)]
    quads = []
    for data, graph in zip(encoded, graphs):
        for triple in parse(data, format=rdf_format):
            quads.append(Quad(triple.subject, triple.predicate, triple.object, DefaultGraph()))
            quads.append(Quad(triple.subject, triple.predicate, triple.object, graph))
    store.extend(quads)
    triples = len(quads) // 2
    floor_bytes = _best(lambda: store.dump(format=rdf_format, from_graph=DefaultGraph()), repeat)
    # each record's own triples (its named graph) to bytes: exactly what one of our files holds
    # (the default graph keeps a concept description shared by many records once)
    floor_record_bytes = _best(lambda: [store.dump(format=rdf_format, from_graph=graph) for graph in graphs], repeat)

    namer = Namer(tmp, writer.suffix)
    names = [namer.name_for(r["id"]) for r in records]
    floor_out = tmp / "floor"

    def files() -> None:
        for graph, name in zip(graphs, names):
            store.dump(str(floor_out / name), format=rdf_format, from_graph=graph)

    floor_files = _fresh_best(files, floor_out, repeat)

    def files_only() -> None:   # our file output alone: the encoded bytes, the writer's names and calls
        prefix = os.path.join(out, "")
        for data, name in zip(encoded, names):
            write_file(prefix + name, data)

    ours_files_only = _fresh_best(files_only, out, repeat)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(floor_out, ignore_errors=True)
    per = {name: seconds / n for name, seconds in (("ours_encode", ours_encode), ("ours_sink", ours_sink),
                                                   ("ours_files_only", ours_files_only),
                                                   ("floor_bytes", floor_bytes), ("floor_files", floor_files),
                                                   ("floor_record_bytes", floor_record_bytes))}
    return {**per, "records": n, "triples_per_record": triples / n,
            "ratio_encode_to_floor_bytes": per["ours_encode"] / per["floor_bytes"],
            "ratio_encode_to_floor_record_bytes": per["ours_encode"] / per["floor_record_bytes"],
            "ratio_sink_to_floor_bytes": per["ours_sink"] / per["floor_bytes"],
            "ratio_sink_to_floor_files": per["ours_sink"] / per["floor_files"]}


def csv_timing(records: list[dict], tmp: Path, repeat: int = 3) -> dict[str, Any]:
    """Per-record seconds (best of `repeat`) of the `csv` writer: `encode` (record dict -> each
    table's CSV text, the --jobs encoder) and `sink` (the 19 table files, opened, written, closed)."""
    import shutil

    from harmonise.mapping import RecordResult, WriteOptions
    from harmonise.writers.csv import CsvWriter, encode_text

    writer = CsvWriter()
    options = WriteOptions()
    results = [RecordResult("bench") for _ in records]
    n = len(records)
    out = Path(tmp) / "csv-bench"

    def encode() -> None:
        for r, res in zip(records, results):
            encode_text(r, res)

    encode()
    seconds = {"encode": _best(encode, repeat) / n,
               "sink": _sink_best(writer, options, records, results, out, repeat) / n}
    shutil.rmtree(out, ignore_errors=True)
    return {**seconds, "records": n}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    import orjson

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=200)
    parser.add_argument("--variables", type=int, default=20)
    parser.add_argument("--baseline-sample", type=int, default=50,
                        help="records the (slow) linkml-runtime dumpers export")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    records = build_records(args.datasets, args.variables)
    sample = records[: max(1, min(args.baseline_sample, len(records)))]
    results: dict[str, Any] = {"datasets": len(records), "variables_per_dataset": args.variables,
                               "baseline_sample": len(sample), "cpu_count": os.cpu_count()}
    timings = {
        "harmonise_ttl_pyoxigraph": (bench_ours_ttl(records), len(records)),
        "harmonise_csv": (bench_ours_csv(records), len(records)),
        "linkml_rdflib_dumper_ttl": (bench_rdflib_dumper(sample), len(sample)),
        "linkml_csv_dumper": (bench_csv_dumper(sample), len(sample)),
    }
    rates = {}
    for name, (seconds, count) in timings.items():
        if isinstance(seconds, str):
            results[name] = seconds
            continue
        rates[name] = rate(count, seconds)
        results[name] = {"seconds": round(seconds, 4), "records": count, "datasets_per_second": round(rates[name], 1)}
    if "linkml_rdflib_dumper_ttl" in rates:
        results["ratio_ttl_vs_rdflib_dumper"] = round(rates["harmonise_ttl_pyoxigraph"] / rates["linkml_rdflib_dumper_ttl"], 1)
    if "linkml_csv_dumper" in rates:
        results["ratio_csv_vs_csv_dumper"] = round(rates["harmonise_csv"] / rates["linkml_csv_dumper"], 1)
    text = orjson.dumps(results, option=orjson.OPT_INDENT_2).decode()
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return results


if __name__ == "__main__":
    main()
