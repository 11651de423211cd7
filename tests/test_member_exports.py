"""UK Biobank and HES structural metadata reach the hdruk-3.0 and RDF writers, and pass the
same validations as HDR UK records (official HDR UK 3.0.0 JSON Schema, HealthDCAT-AP R8 SHACL)."""
from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES, STANDARDS
from harmonise.engine import ConvertOptions, convert
from harmonise.registry import registry

UKB = "ukbiobank/Data_Dictionary_Showcase.csv"
HES = "nhs_hes_tos/hes_tos_v1.15_apc.csv"
OVERLAYS = {UKB: EXAMPLES / "overlays" / "ukbiobank.overlay.yaml",
            HES: EXAMPLES / "overlays" / "nhs-england-hes.overlay.yaml"}


def _writers(*names):
    missing = [n for n in names if n not in registry().writers]
    if missing:
        pytest.skip(f"writer(s) not registered yet: {', '.join(missing)}")


def _export(corpus, tmp_path, source, writers, **extra):
    options = ConvertOptions()
    options.read.overlays = (OVERLAYS[source],)
    options.read.extra.update(extra)
    report, errors = convert([str(corpus / source)], list(writers), tmp_path, options)
    assert not errors and report.failed == 0, [r.messages for r in report.records]
    return report


@pytest.mark.parametrize("source", [UKB, HES])
def test_structural_metadata_reaches_hdruk_300(corpus, tmp_path, source):
    _writers("hdruk-3.0")
    import jsonschema

    _export(corpus, tmp_path, source, ["hdruk-3.0"], observation_date="2024-01-01")
    [path] = list(tmp_path.glob("*.hdruk-3.0.json"))
    doc = json.loads(path.read_text())
    schema = json.loads((STANDARDS / "hdruk" / "HDRUK-3.0.0.schema.json").read_text())
    errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]
    assert errors == []
    tables = doc["structuralMetadata"]["tables"]
    columns = [c for t in tables for c in t["columns"]]
    if source == UKB:
        assert len(tables) == 128 and len(columns) == 423
        accommodation = next(c for c in columns if c["name"] == "Type of accommodation lived in")
        assert {"name": "1", "description": "A house or bungalow"} in [
            {k: v for k, v in value.items() if k in ("name", "description")} for value in accommodation["values"]]
        assert doc["summary"]["dataCustodian"]["name"] == "UK Biobank"
    else:
        assert len(tables) == 1 and len(columns) == 250
        admimeth = next(c for c in columns if c["name"] == "ADMIMETH")
        assert admimeth["values"][0]["name"] == "11"
        assert any(c["sensitive"] for c in columns)


@pytest.mark.parametrize("source", [UKB, HES])
def test_structural_metadata_reaches_rdf_as_csvw_columns(corpus, tmp_path, source):
    _writers("ttl")
    from rdflib import Graph, Namespace, RDF

    from harmonise.mappings.dcat.shacl import find_shapes, validate_graph

    _export(corpus, tmp_path, source, ["ttl"], observation_date="2024-01-01")
    [path] = list(tmp_path.glob("*.ttl"))
    graph = Graph().parse(path, format="turtle")
    csvw = Namespace("http://www.w3.org/ns/csvw#")
    columns = set(graph.subjects(RDF.type, csvw.Column))
    assert len(columns) == (423 if source == UKB else 250)
    names = {str(o) for o in graph.objects(None, csvw.name)}
    assert ("Verbal interview duration" if source == UKB else "DIAG_nn") in names
    outcome = validate_graph(graph, find_shapes(corpus / "dcat" / "shacl"))
    assert outcome.violations == []
