"""RDF writers byte for byte: every format, profile and access level against stored outputs.

The inputs are model records (tests/data/rdf_golden/records/*.jsonl.gz, converted once from
the corpus and examples/), so this test pins the writers only: a reader or crosswalk change
does not move it. Outputs are stored as SHA-256 digests (digests.json) and, for the HDR UK 3.0
record, in full (full/) so a failure shows a readable diff.

Regenerate (only when an output change is intended, and say why in the commit):

    HARMONISE_UPDATE_RDF_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_rdf_golden.py
"""
from __future__ import annotations

import difflib
import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import orjson
import pytest

from harmonise.mapping import RecordResult, WriteOptions
from tests.conftest import CORPUS, EXAMPLES

GOLDEN = Path(__file__).parent / "data" / "rdf_golden"
UPDATE = os.environ.get("HARMONISE_UPDATE_RDF_GOLDEN") == "1"

#: case -> sources it was converted from (corpus-relative, or examples/ for the examples)
CASES: dict[str, list[str]] = {
    "hdruk300": ["hdruk/hdruk300.json"],
    "example-hdruk300": ["hdruk/example-hdruk300.json"],
    "ukbiobank-showcase": ["ukbiobank/Data_Dictionary_Showcase.csv"],
    "redcap-harmonist": ["redcap/Harmonist0ADataModel_2017-12-21_1147.REDCap.xml"],
    "redcap-iedea": ["redcap/IeDEA_tblCENTER_2020-06-30.csv"],
    "examples": ["<examples>"],
    "corpus": ["<every other convertible corpus file>"],
}

#: variant -> (format, WriteOptions.extra, base IRI or None for the default)
VARIANTS: dict[str, tuple[str, dict[str, Any], str | None]] = {
    "default.ttl": ("ttl", {}, None),
    "default.nt": ("nt", {}, None),
    "PUBLIC.ttl": ("ttl", {"access_level": "PUBLIC"}, None),
    "PUBLIC.nt": ("nt", {"access_level": "PUBLIC"}, None),
    "RESTRICTED.ttl": ("ttl", {"access_level": "RESTRICTED"}, None),
    "RESTRICTED.nt": ("nt", {"access_level": "RESTRICTED"}, None),
    "NON_PUBLIC.ttl": ("ttl", {"access_level": "NON_PUBLIC"}, None),
    "NON_PUBLIC.nt": ("nt", {"access_level": "NON_PUBLIC"}, None),
    "dcat-ap.ttl": ("ttl", {"profile": "dcat-ap-3.0.1"}, None),
    "dcat-ap.nt": ("nt", {"profile": "dcat-ap-3.0.1"}, None),
    "harmonise.ttl": ("ttl", {"profile": "harmonise"}, None),
    "harmonise.nt": ("nt", {"profile": "harmonise"}, None),
    "default.jsonld": ("jsonld", {}, None),
    "default.rdfxml": ("rdfxml", {}, None),
    "configured.nt": ("nt", {"hdab_name": "Example TRE", "hdab_email": "access@example.org",
                             "health_category": "PHDR",
                             "applicable_legislation": ["https://example.org/law/1"]}, None),
    "base.ttl": ("ttl", {}, "https://data.example.org/ds/"),
}
#: the variants the large "corpus" case runs (it has 100+ records)
CORPUS_VARIANTS = ["default.ttl", "default.nt", "NON_PUBLIC.nt", "PUBLIC.nt", "dcat-ap.nt", "harmonise.nt"]
#: (case, variant) kept in full for readable diffs
FULL = [("hdruk300", v) for v in ("default.ttl", "default.nt", "PUBLIC.ttl", "NON_PUBLIC.ttl", "NON_PUBLIC.nt")]


def _convert_case(case: str) -> list[dict[str, Any]]:
    from harmonise.engine import ConvertOptions, iter_converted

    if case == "examples":
        paths = [str(EXAMPLES)]
    elif case == "corpus":
        from tests.dcat_corpus import convertible_files

        named = {str(CORPUS / s) for srcs in CASES.values() for s in srcs}
        out = []
        for path, reader in convertible_files():
            if path not in named:
                out += [i.record for i in iter_converted([path], ConvertOptions(reader=reader))
                        if i.record is not None]
        return out
    else:
        paths = [str(CORPUS / s) for s in CASES[case]]
    return [i.record for i in iter_converted(paths, ConvertOptions()) if i.record is not None]


def _records(case: str) -> list[Any]:
    from harmonise.datamodel import Dataset

    path = GOLDEN / "records" / f"{case}.jsonl.gz"
    if UPDATE and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        body = b"".join(orjson.dumps(r) + b"\n" for r in _convert_case(case))
        path.write_bytes(gzip.compress(body, mtime=0))
    lines = gzip.decompress(path.read_bytes()).splitlines()
    return [Dataset.model_validate(orjson.loads(line)) for line in lines]


def _export(variant: str, records: list[Any]) -> list[bytes]:
    from harmonise.registry import registry

    fmt, extra, base = VARIANTS[variant]
    options = WriteOptions(extra=dict(extra)) if base is None else WriteOptions(extra=dict(extra), base_iri=base)
    encode = registry().writer(fmt).encoder(options)
    out = []
    for record in records:
        record_id, data = encode(record, RecordResult("golden"))
        assert record_id == record.id
        out.append(data)
    return out


def _params():
    for case in CASES:
        for variant in (CORPUS_VARIANTS if case == "corpus" else VARIANTS):
            yield pytest.param(case, variant, id=f"{case}-{variant}")


_DIGESTS = GOLDEN / "digests.json"


@pytest.mark.parametrize("case,variant", list(_params()))
def test_rdf_output_is_byte_identical_to_the_stored_one(case, variant):
    outputs = _export(variant, _records(case))
    digests = [hashlib.sha256(data).hexdigest() for data in outputs]
    full = GOLDEN / "full" / f"{case}.{variant}"
    if UPDATE:
        stored = json.loads(_DIGESTS.read_text()) if _DIGESTS.exists() else {}
        stored.setdefault(case, {})[variant] = digests
        _DIGESTS.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n")
        if (case, variant) in FULL:
            full.parent.mkdir(parents=True, exist_ok=True)
            full.write_bytes(b"".join(outputs))
        return
    expected = json.loads(_DIGESTS.read_text())[case][variant]
    assert len(digests) == len(expected)
    if (case, variant) in FULL:
        got, want = b"".join(outputs).decode(), full.read_text(encoding="utf-8")
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "stored", "now", n=1))
        assert got == want, diff[:4000]
    wrong = [index for index, (a, b) in enumerate(zip(digests, expected)) if a != b]
    assert not wrong, f"{len(wrong)} of {len(expected)} records differ, first at index {wrong[0]}"


def test_sink_writes_the_encoder_bytes(tmp_path):
    """The file the sink writes is the encoder's output (the two paths share nothing else)."""
    from harmonise.registry import registry
    from harmonise.writers.files import Namer

    records = _records("hdruk300") + _records("examples")[:5]
    for fmt in ("ttl", "nt"):
        options = WriteOptions()
        (tmp_path / fmt).mkdir()
        sink = registry().writer(fmt).open(tmp_path / fmt, options)
        for record in records:
            sink.write(record, RecordResult("golden"))
        paths = sink.close()
        assert len(paths) == len(records)
        namer = Namer(tmp_path / "again", "." + fmt)
        expected = _export(f"default.{fmt}", records)
        for record, path, data in zip(records, paths, expected):
            assert path.name == namer.path_for(record.id).name
            assert path.read_bytes() == data
