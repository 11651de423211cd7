"""The benchmark's inputs: real corpus records and UK Biobank fields, varied, converted losslessly."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import orjson

from harmonise.engine import ConvertOptions, iter_converted

ROOT = Path(__file__).resolve().parent.parent


def _generate():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_catalogue_is_the_registered_hdruk_2x_shape(tmp_path, corpus):
    gen = _generate()
    shape = gen.hdruk_shape()
    assert shape == "hdruk-2.1"
    path = tmp_path / "catalogue.json"
    assert gen.write(path, gen.Generator(shape).records(30, 20)) == 30
    items = list(iter_converted([str(path)], ConvertOptions()))
    assert len(items) == 30 and all(i.dataset is not None for i in items)
    assert {i.report.reader for i in items} == {"hdruk-2.1"}
    assert len({i.dataset.id for i in items}) == 30  # ids varied
    first = items[0].dataset
    assert first.title.endswith("(0)")
    variables = first.tables[0].variables
    assert len(variables) == 20 and variables[0].name == "Verbal interview duration"
    assert all(i.result.account.balanced for i in items)


def test_uk_biobank_sized_dataset_has_codings_as_value_sets(tmp_path, corpus):
    gen = _generate()
    path = tmp_path / "ukb.json"
    gen.write(path, gen.Generator("hdruk-3.0").records(1, 600, with_codings=True))
    doc = orjson.loads(path.read_bytes())[0]
    assert sum(len(t["columns"]) for t in doc["structuralMetadata"]["tables"]) == 600
    (item,) = list(iter_converted([str(path)], ConvertOptions()))
    assert item.dataset is not None and item.result.account.balanced
    variables = [v for t in item.dataset.tables for v in t.variables]
    assert len(variables) == 600
    coded = [v for v in variables if v.value_set]
    assert len(coded) > 50
    assert coded[0].value_set[0].code and coded[0].value_set[0].label
