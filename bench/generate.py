"""Benchmark inputs, generated from real corpus records (ids and values varied).

    python bench/generate.py --datasets 10000 --variables 20 --out bench/data/hdruk-10k.json
    python bench/generate.py --datasets 1 --variables 10000 --out bench/data/ukb-10k-vars.json

Each dataset is one of the real HDR UK records of the shared corpus (cycled), with a new
identifier, a varied title/abstract/keyword/date, and `variables` columns whose names,
descriptions, types and codings come from the real UK Biobank showcase data dictionary
(`ukbiobank/Data_Dictionary_Showcase.csv` + `Codings_Showcase.csv`).

The shape follows the HDR UK reader that is registered: HDR UK 2.1 (the 2020 Gateway export
records with 2.1 `structuralMetadata` data classes / elements) when an `hdruk-2.x` reader
exists, else HDR UK 3.0 (`structuralMetadata.tables[].columns[]`). `--shape hdruk-3.0
--codings` gives columns with their coded values (3.0 maps them to value sets; 2.x has none). Output is one bulk JSON array
(what the Gateway exports), written incrementally so 100k datasets never sit in memory.
"""
from __future__ import annotations

import argparse
import copy
import csv
import os
import random
import sys
import uuid
from pathlib import Path
from typing import Any, Iterator

import orjson

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("HARMONISE_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()

#: Real records used as templates, per source shape.
TEMPLATES = {
    "hdruk-2": [("hdruk_dataset_v2/gateway_v2_datasets.json", "dataModels")],
    "hdruk-3.0": [("hdruk/hdruk300.json", None), ("hdruk_dataset_v3_v4/hdruk_3.0.0.example.json", None),
                  ("hdruk/example-hdruk300.json", None)],
}

#: UK Biobank value types -> the column data type text a custodian writes.
UKB_TYPES = {
    "Integer": "integer", "Continuous": "float", "Categorical single": "categorical",
    "Categorical multiple": "categorical", "Date": "date", "Time": "datetime", "Text": "string",
    "Compound": "string",
}


def hdruk_shape() -> str:
    """'hdruk-2.x' reader name when one is registered, else 'hdruk-3.0'."""
    sys.path.insert(0, str(ROOT))
    from harmonise.registry import registry

    names = sorted(n for n in registry().readers if n.startswith("hdruk-2"))
    if "hdruk-2.1" in names:  # 2.1 is the first 2.x with structural metadata
        return "hdruk-2.1"
    return names[-1] if names else "hdruk-3.0"


def load_templates(shape: str) -> list[dict[str, Any]]:
    key = "hdruk-2" if shape.startswith("hdruk-2") else shape
    out: list[dict[str, Any]] = []
    for rel, container in TEMPLATES[key]:
        doc = orjson.loads((CORPUS / rel).read_bytes())
        out.extend(doc[container] if container else [doc])
    return out


def load_variables() -> list[dict[str, Any]]:
    """UK Biobank fields as column descriptions, each with its coding's values."""
    folder = CORPUS / "ukbiobank"
    codings: dict[str, list[tuple[str, str]]] = {}
    with (folder / "Codings_Showcase.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            codings.setdefault(row["Coding"], []).append((row["Value"], row["Meaning"]))
    fields = []
    with (folder / "Data_Dictionary_Showcase.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            fields.append({
                "field_id": row["FieldID"],
                "name": row["Field"],
                "description": row["Notes"] or row["Field"],
                "type": UKB_TYPES.get(row["ValueType"], "string"),
                "values": codings.get(row["Coding"], [])[:12],
                "instances": int(row["Instances"] or 1),
                "path": row["Path"],
            })
    return fields


class Generator:
    def __init__(self, shape: str, seed: int = 20261124):
        self.shape = shape
        self.templates = load_templates(shape)
        self.fields = load_variables()
        self.rng = random.Random(seed)

    def columns(self, n: int, offset: int, with_codings: bool) -> list[dict[str, Any]]:
        cols = []
        for k in range(n):
            f = self.fields[(offset + k) % len(self.fields)]
            instance = (offset + k) // len(self.fields)
            name = f"{f['name']} (f.{f['field_id']}.{instance}.0)" if instance or n > len(self.fields) else f["name"]
            col: dict[str, Any] = {"name": name, "dataType": f["type"], "description": f["description"],
                                   "sensitive": (offset + k) % 7 == 0}
            if with_codings and f["values"]:
                if self.shape.startswith("hdruk-2"):
                    col["values"] = [{"name": v, "description": m} for v, m in f["values"]]
                else:
                    col["values"] = [{"name": v, "description": m, "frequency": self.rng.randint(1, 500000)}
                                     for v, m in f["values"]]
            cols.append(col)
        return cols

    def record(self, index: int, variables: int, with_codings: bool = False) -> dict[str, Any]:
        doc = copy.deepcopy(self.templates[index % len(self.templates)])
        rng = self.rng
        ident = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        year = 2000 + index % 25
        summary = doc.setdefault("summary", {})
        title = f"{summary.get('title') or 'Dataset'} ({index})"
        summary["title"] = title[:150]
        if isinstance(summary.get("abstract"), str):
            summary["abstract"] = f"{summary['abstract']} Release {index}."[:255 + 20]
        if isinstance(summary.get("keywords"), list):
            summary["keywords"] = [*summary["keywords"], f"cohort-{index % 97}"]
        elif isinstance(summary.get("keywords"), str):
            summary["keywords"] = f"{summary['keywords']},cohort-{index % 97}"
        doc["issued"] = f"{year}-0{1 + index % 9}-1{index % 10}T10:00:00Z"
        tables = max(1, variables // 200) if variables > 20 else 1
        per_table, extra = divmod(variables, tables)
        if self.shape.startswith("hdruk-2"):
            doc["identifier"] = f"https://web.www.healthdatagateway.org/dataset/{ident}"
            marker = doc.get("@schema")
            version = self.shape.split("-", 1)[1]
            if isinstance(marker, dict):
                marker["version"] = f"{version}.0"
            doc["version"] = f"{version}.0"
            classes = []
            offset = index * variables
            for t in range(tables):
                n = per_table + (1 if t < extra else 0)
                cols = self.columns(n, offset, with_codings)
                offset += n
                classes.append({"name": f"table_{t + 1}", "description": f"Data class {t + 1} of {title}",
                                "elements": cols})
            doc["structuralMetadata"] = classes if version >= "2.1" else None
            if doc["structuralMetadata"] is None:
                doc.pop("structuralMetadata")
        else:
            doc["identifier"] = f"https://healthdatagateway.org/en/dataset/{ident}"
            tbls = []
            offset = index * variables
            for t in range(tables):
                n = per_table + (1 if t < extra else 0)
                cols = self.columns(n, offset, with_codings)
                offset += n
                tbls.append({"name": f"table_{t + 1}", "description": f"Table {t + 1} of {title}", "columns": cols})
            sm = doc.get("structuralMetadata") if isinstance(doc.get("structuralMetadata"), dict) else {}
            doc["structuralMetadata"] = {**sm, "tables": tbls}
        return doc

    def records(self, count: int, variables: int, with_codings: bool = False) -> Iterator[dict[str, Any]]:
        for index in range(count):
            yield self.record(index, variables, with_codings)


def write(path: Path, records: Iterator[dict[str, Any]], jsonl: bool = False) -> int:
    """Write records as one JSON array (or JSON Lines), streaming; returns the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("wb") as fh:
        if not jsonl:
            fh.write(b"[\n")
        for record in records:
            if count and not jsonl:
                fh.write(b",\n")
            fh.write(orjson.dumps(record))
            if jsonl:
                fh.write(b"\n")
            count += 1
        if not jsonl:
            fh.write(b"\n]\n")
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--variables", type=int, default=20)
    parser.add_argument("--codings", action="store_true", help="give categorical columns their coded values")
    parser.add_argument("--shape", default=None, help="hdruk-2.1 / hdruk-3.0 (default: what is registered)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    shape = args.shape or hdruk_shape()
    gen = Generator(shape)
    n = write(args.out, gen.records(args.datasets, args.variables, args.codings), jsonl=args.out.suffix == ".jsonl")
    print(f"{args.out}: {n} {shape} datasets x {args.variables} variables", file=sys.stderr)


if __name__ == "__main__":
    main()
