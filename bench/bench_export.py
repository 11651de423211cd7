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
    from harmonise.writers.json import record_dict

    template = record_dict(next(iter_converted([str(CORPUS / "hdruk" / "hdruk300.json")], ConvertOptions())).dataset)
    ukb = next(iter_converted([str(CORPUS / "ukbiobank" / "Data_Dictionary_Showcase.csv")], ConvertOptions())).dataset
    pool = [record_dict(v) if not isinstance(v, dict) else v for t in ukb.tables for v in t.variables]
    pool = [v.model_dump(mode="json", exclude_none=True) if hasattr(v, "model_dump") else v for v in pool]
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
