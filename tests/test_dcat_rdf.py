"""RDF out (ttl, nt, jsonld, rdfxml) and in (dcat): HealthDCAT-AP R8 + DCAT-AP 3.0.1 shapes, round trips, stable output."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from harmonise.errors import InputError, RecordError
from harmonise.mapping import WriteOptions
from harmonise.mappings.dcat.shacl import validate_graph
from harmonise.mappings.dcat.writer import record_triples, serialise
from harmonise.writers.json import record_dict
from tests.dcat_corpus import canon, convertible_files, corpus_ids, records, shapes
from tests.helpers import convert_file, only

ROOT = Path(__file__).resolve().parent.parent
HEAL = "http://publications.europa.eu/resource/authority/data-theme/HEAL"


def ttl_of(dataset, account=None, **extra) -> bytes:
    return serialise(record_triples(dataset, WriteOptions(extra=extra), account), "ttl")


def conforms(data: bytes):
    return validate_graph(Graph().parse(data=data, format="turtle"), shapes())


@pytest.mark.parametrize("level", ["PUBLIC", "RESTRICTED", "NON_PUBLIC"])
def test_hdruk_300_exports_valid_healthdcat_r8_at_each_access_level(corpus, level):
    item = only(corpus / "hdruk" / "hdruk300.json")
    outcome = conforms(ttl_of(item.dataset, item.result.account, access_level=level))
    assert outcome.level == level
    assert outcome.violations == []
    defaulted = {target for target, _value, _why in item.result.account.defaulted}
    # the EU-only values UK records lack, each reported as defaulted
    assert {"access_level", "themes", "applicable_legislation", "health_categories", "hdab",
            "distributions"} <= defaulted


def test_defaults_are_documented_values(corpus):
    item = only(corpus / "hdruk" / "example-hdruk300.json")
    data = ttl_of(item.dataset, item.result.account).decode()
    assert "<https://www.legislation.gov.uk/ukpga/2018/12/contents>" in data
    assert "<https://www.legislation.gov.uk/eur/2016/679/contents>" in data
    assert "access-right/RESTRICTED" in data
    assert "healthcategories/EHRS" in data          # "Health and disease" dataset type
    graph = Graph().parse(data=data, format="turtle")
    hdab_names = [str(o) for o in graph.objects(None, __import__("rdflib").URIRef("http://xmlns.com/foaf/0.1/name"))]
    assert "NHS DIGITAL" in hdab_names
    defaults = dict((t, v) for t, v, _ in item.result.account.defaulted)
    assert defaults["hdab"] == "NHS DIGITAL"
    assert defaults["themes"] == HEAL


def test_configured_defaults_override_the_built_in_ones(corpus):
    item = only(corpus / "hdruk" / "example-hdruk300.json")
    data = ttl_of(item.dataset, None, hdab_name="Example TRE", hdab_email="access@example.org",
                  health_category="PHDR").decode()
    assert '"Example TRE"' in data and '"access@example.org"' in data
    assert "healthcategories/PHDR" in data


def test_strict_turns_defaults_into_failures(corpus):
    item = only(corpus / "hdruk" / "example-hdruk300.json")
    options = WriteOptions(strict=True)
    with pytest.raises(RecordError, match="access_level"):
        record_triples(item.dataset, options, item.result.account)


@pytest.mark.parametrize("path,reader", convertible_files(), ids=corpus_ids())
def test_every_convertible_corpus_record_exports_valid_ttl(path, reader):
    items = records(path, reader)
    if not items:   # a companion file (codings, categories) read together with its main file
        pytest.skip(f"{reader} reads this file with its companion; no records of its own")
    for item in items:
        outcome = conforms(ttl_of(item.dataset))
        assert outcome.violations == [], (item.dataset.id, outcome.violations[:5])


@pytest.mark.parametrize("path,reader", convertible_files(), ids=corpus_ids())
def test_model_ttl_model_round_trip_is_lossless(path, reader, tmp_path):
    for index, item in enumerate(records(path, reader)):
        target = tmp_path / f"r{index}.ttl"
        target.write_bytes(ttl_of(item.dataset))
        back = only(target, reader="dcat")
        assert back.dataset is not None, back.report.messages
        assert back.result.account.balanced
        assert canon(record_dict(back.dataset), True) == canon(record_dict(item.dataset), True)


def test_exports_are_identical_byte_for_byte(corpus, tmp_path):
    path = corpus / "hdruk" / "hdruk300.json"
    first = serialise(record_triples(only(path).dataset, WriteOptions()), "nt")
    second = serialise(record_triples(only(path).dataset, WriteOptions()), "nt")
    assert first == second
    assert first.count(b"\n") > 150 and b"_:" not in first   # no blank nodes
    outs = []
    for run in ("a", "b"):
        out = tmp_path / run
        subprocess.run([sys.executable, "-m", "harmonise", "convert", str(path), "--to", "ttl,nt,jsonld,rdfxml",
                        "--out", str(out), "-q"], check=True, cwd=ROOT,
                       env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"})
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]
    assert sorted(outs[0]) == ["912d6997-7609-46ba-9bd9-5a41ebb9e444" + s for s in (".jsonld", ".nt", ".rdf", ".ttl")]


def test_base_iri_names_every_node(corpus):
    item = only(corpus / "hdruk" / "example-hdruk300.json")
    nt = serialise(record_triples(item.dataset, WriteOptions(base_iri="https://data.example.org/ds/")), "nt").decode()
    subjects = {line.split(" ", 1)[0] for line in nt.splitlines()}
    ours = [s for s in subjects if "example.org/ds/" in s]
    assert len(ours) >= 10
    assert all(s.startswith("<https://data.example.org/ds/https%3A%2F%2Fweb.www.healthdatagateway.org") for s in ours)


def test_all_four_serialisations_parse_to_the_same_graph(corpus):
    from rdflib.compare import isomorphic

    item = only(corpus / "hdruk" / "example-hdruk300.json")
    triples = record_triples(item.dataset, WriteOptions())
    graphs = [Graph().parse(data=serialise(triples, fmt), format=rdflib_fmt)
              for fmt, rdflib_fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdfxml", "xml"))]
    assert len(graphs[0]) == len(triples)
    assert all(isomorphic(graphs[0], g) for g in graphs[1:])


def test_variables_become_csvw_table_group(corpus):
    from rdflib import URIRef

    item = only(corpus / "hdruk" / "example-hdruk300.json")
    graph = Graph().parse(data=ttl_of(item.dataset), format="turtle")
    csvw = "http://www.w3.org/ns/csvw#"
    groups = list(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(csvw + "TableGroup")))
    assert len(groups) == 1
    tables = list(graph.objects(groups[0], URIRef(csvw + "table")))
    assert len(tables) == 2
    names = sorted(str(o) for o in graph.objects(None, URIRef(csvw + "name")))
    assert "Pseudonymised Service Request Identifier" in names
    assert {str(o) for o in graph.objects(None, URIRef(csvw + "datatype"))} == {"decimal", "string"}


# -- reader: the official and community examples ------------------------------------------------
def test_reads_healthdcat_r8_example(corpus):
    item = only(corpus / "dcat" / "examples" / "healthdcat-ap" / "example-healthdcat-dataset.ttl")
    ds = item.dataset
    assert ds.id == "EU-HDCA-R7-ONCOLOGY-EHRS-2024"
    assert ds.title == "Cross-border oncology EHR cohort 2024"
    assert ds.short_title == "EU Oncology Cohort 2024"
    assert ds.access_level == "NON_PUBLIC"
    assert [c for c in ds.health_categories] == ["EHRS"]
    assert [l for l in ds.languages] == ["en"]
    assert ds.accrual_periodicity == "Annual"
    assert ds.population_size == 412000 and ds.number_of_records == 1850000
    assert ds.hdab.name == "Belgian Health Data Access Body"
    assert ds.hdab.contact_points[0].email == "hdab-contact@example.org"
    assert ds.data_custodian.name == "National Hospital Data Custodian Service"
    assert sorted(ds.alternate_identifiers) == ["EU-HDCA-R7-ONCOLOGY-EHRS-2024", "ONC-EHR-2024-BE-01"]
    assert ds.spatial_coverage[0].code == "BE"
    assert ds.has_structured_data is True
    assert sum(len(t.variables) for t in ds.tables) == 5
    assert item.result.account.balanced


def test_reads_arca_registry(corpus):
    ds = only(corpus / "dcat" / "examples" / "healthdcat-ap" / "ARCA.ttl").dataset
    assert ds.title == "[Test] ARCA"
    assert ds.access_level == "PUBLIC"
    assert ds.population_size == 1300 and ds.min_typical_age == 5 and ds.max_typical_age == 75
    assert [c for c in ds.health_categories] == ["MRMR"]
    assert ds.code_values == ["ORPHA:284289"]
    assert sum(len(t.variables) for t in ds.tables) == 17
    assert "https://w3id.org/dpv/dpv-pd#Genetic" in ds.personal_data


def test_legacy_vocabulary_hosts_are_normalised(corpus):
    item = only(corpus / "dcat" / "examples" / "ckanext-dcat" / "dataset_health.ttl")
    assert sorted(c for c in item.dataset.health_categories) == ["DIOH", "EHRS", "IDHP", "PHDR"]
    rules = [e[4] for e in item.result.account.normalised]
    assert rules.count("legacy_vocabulary_host") >= 4


def test_reads_rdfxml_with_dcmi_frequency_and_literal_access_rights(corpus):
    ds = only(corpus / "dcat" / "examples" / "ckanext-dcat" / "dataset.rdf").dataset
    assert ds.title == "Zimbabwe Regional Geochemical Survey."
    assert ds.accrual_periodicity == "Daily"          # http://purl.org/cld/freq/daily
    assert ds.access_level == "PUBLIC"                # the literal "public"
    assert sorted(l for l in ds.languages) == ["ca", "en", "es"]
    assert ds.spatial_coverage[0].code == "ZW"               # legacy …/mdr/authority/country/ZWE
    assert ds.distributions[0].byte_size == 12323


def test_reads_jsonld_catalogue_offline(corpus):
    ds = only(corpus / "dcat" / "examples" / "ckanext-dcat" / "catalog_with_at_graph.jsonld").dataset
    assert ds.title == "Title dataset"
    assert ds.publisher.name == "Organization example.org"     # inherited from the catalogue
    assert ds.contact_points[0].email == "jane.doe@agency.gov"


def test_multilingual_record_takes_english_and_keeps_the_rest(corpus):
    item = only(corpus / "dcat" / "examples" / "ckanext-dcat" / "dataset_health_multilingual.ttl")
    assert item.dataset.title == "Health dataset"
    kept = [e.value for e in item.dataset.extensions]
    assert '"Gezondheidsdataset"' in kept


def test_dataset_series_and_catalogue_and_lone_distribution(corpus):
    series = convert_file(corpus / "dcat" / "examples" / "dcat-ap-3.0.1" / "example-bee-population-dataset-series-modified.ttl")
    assert sorted(i.dataset.title for i in series) == [
        "Bee population", "Bee population 2000 in Greece", "Bee population 2022 in the region of Thessaloniki",
        "Bee population 2023 in the region of Thessaloniki and Athens"]
    catalogues = convert_file(corpus / "dcat" / "examples" / "health-ri" / "example-catalog.ttl")
    assert sorted(i.dataset.title for i in catalogues) == ["Example Catalog", "Student research works 1992"]
    dist = only(corpus / "dcat" / "examples" / "health-ri" / "example-distribution.ttl").dataset
    assert dist.distributions[0].byte_size == 1024
    fdp = only(corpus / "dcat" / "examples" / "fairdatapoint" / "disgenet.ttl").dataset
    assert fdp.title == "DisGeNET" and [l for l in fdp.languages] == ["en"]


def test_every_rdf_example_converts_with_balanced_accounts(corpus):
    files = [p for p in sorted((corpus / "dcat" / "examples").rglob("*")) if p.suffix in (".ttl", ".rdf", ".jsonld")]
    assert len(files) == 10
    for path in files:
        for item in convert_file(path, reader="dcat"):
            assert item.dataset is not None, item.report.messages
            acc = item.result.account
            assert acc.balanced, (path.name, acc.summary())


def test_remote_jsonld_context_is_never_fetched(tmp_path):
    doc = tmp_path / "remote.jsonld"
    doc.write_text('{"@context": "https://example.org/unknown-context.jsonld", "@id": "x", "@type": "Dataset"}')
    items = convert_file(doc, reader="dcat")
    assert items[0].dataset is None and "never fetched" in items[0].report.messages[0]


def test_rdfxml_entities_are_refused(tmp_path):
    doc = tmp_path / "bomb.rdf"
    doc.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
                   '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                   'xmlns:dcat="http://www.w3.org/ns/dcat#"><dcat:Dataset rdf:about="http://x/&a;"/></rdf:RDF>')
    items = convert_file(doc, reader="dcat")
    assert items[0].dataset is None and "malformed" in items[0].report.messages[0]


def test_validate_command_with_official_shapes(corpus, tmp_path):
    out = tmp_path / "out"
    env = {"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "harmonise", "convert", str(corpus / "hdruk" / "hdruk300.json"), "--to", "ttl",
                    "--out", str(out), "-q"], check=True, cwd=ROOT, env=env)
    ok = subprocess.run([sys.executable, "-m", "harmonise", "validate", "--against", "healthdcat-ap-r8", "--shapes",
                         str(corpus / "dcat" / "shacl"), str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "valid" in ok.stdout
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<http://x/d> a dcat:Dataset .\n")
    fail = subprocess.run([sys.executable, "-m", "harmonise", "validate", "--against", "healthdcat-ap-r8", "--shapes",
                           str(corpus / "dcat" / "shacl"), str(bad)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert fail.returncode == 1 and "INVALID" in fail.stdout
    missing = subprocess.run([sys.executable, "-m", "harmonise", "validate", "--against", "healthdcat-ap-r8", str(bad)],
                             cwd=ROOT, env=env, capture_output=True, text=True)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_cli_profile_release_and_rdf_defaults(corpus, tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"}
    src = str(corpus / "hdruk" / "hdruk300.json")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "harmonise", "convert", src, "--to", "ttl", "-q", *args],
                              cwd=ROOT, env=env, capture_output=True, text=True)

    done = run("--out", str(tmp_path / "a"), "--profile", "healthdcat-ap", "--release", "r8",
               "--rdf-default", "access_level=NON_PUBLIC", "--rdf-default", "hdab_name=Example TRE")
    assert done.returncode == 0, done.stderr
    text = next((tmp_path / "a").glob("*.ttl")).read_text()
    assert "access-right/NON_PUBLIC" in text and '"Example TRE"' in text and "dct:provenance" in text
    plain = run("--out", str(tmp_path / "b"), "--profile", "dcat-ap")
    assert plain.returncode == 0
    assert "healthdcatap:hdab" not in next((tmp_path / "b").glob("*.ttl")).read_text()
    bad = run("--out", str(tmp_path / "c"), "--profile", "healthdcat-ap", "--release", "r2")
    assert bad.returncode == 2 and "unknown release" in bad.stderr and "Traceback" not in bad.stderr
    base = run("--out", str(tmp_path / "e"), "--base", "not an iri")
    assert base.returncode == 2 and "--base must be" in base.stderr
    strict = run("--out", str(tmp_path / "d"), "--strict")
    assert strict.returncode == 1 and "--strict forbids the default" in strict.stderr


def test_example_record_with_catalogue_inheritance():
    item = only(ROOT / "examples" / "dcat" / "regional-asthma-registry.ttl")
    ds = item.dataset
    assert (ds.id, ds.title, ds.access_level, ds.accrual_periodicity) == (
        "EX-ASTHMA-2025", "Regional Asthma Registry", "RESTRICTED", "Annual")
    assert ds.population_size == 48210 and ds.min_typical_age == 5
    assert ds.languages == ["en"]                                     # inherited from the catalogue
    assert ds.publisher.name == "Example Regional Health Board"       # inherited from the catalogue
    assert ds.data_custodian.contact_points[0].email == "data@registry.example.org"
    assert ds.contact_points[0].email == "asthma-registry@registry.example.org"
    assert sorted(v.name for t in ds.tables for v in t.variables) == ["act_score", "patient_id", "year_of_birth"]
    assert ds.temporal_coverage.start_date == "2015-01-01"
    assert item.result.account.balanced and item.result.account.source_values == 42
    outcome = conforms(ttl_of(ds))
    assert outcome.violations == []


def test_parallel_rdf_export_is_identical_to_serial(corpus, tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"}
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        subprocess.run([sys.executable, "-m", "harmonise", "convert", str(corpus / "hdruk"), "--to", "ttl,nt",
                        "--out", str(out), "-q", "--jobs", jobs], check=True, cwd=ROOT, env=env)
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert len(outs[0]) >= 30
    assert outs[0] == outs[1]


def test_second_value_of_a_single_valued_slot_is_kept_and_accounted(tmp_path):
    doc = tmp_path / "two.ttl"
    doc.write_text(
        "@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .\n"
        "<http://x/d> a dcat:Dataset ; dct:identifier \"D1\" ; dct:title \"T\" ;\n"
        "  dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/ANNUAL> ,\n"
        "                         <http://publications.europa.eu/resource/authority/frequency/MONTHLY> .\n")
    item = only(doc)
    assert item.dataset.accrual_periodicity == "Annual"
    assert [e.reason for e in item.dataset.extensions] == ["superseded"]
    assert item.result.account.balanced and item.result.account.source_values == 4


@pytest.mark.parametrize("fmt,suffix", [("nt", ".nt"), ("jsonld", ".jsonld"), ("rdfxml", ".rdf")])
def test_every_serialisation_reads_back_losslessly(corpus, tmp_path, fmt, suffix):
    item = only(corpus / "hdruk" / "hdruk300.json")
    target = tmp_path / f"record{suffix}"
    target.write_bytes(serialise(record_triples(item.dataset, WriteOptions()), fmt))
    back = only(target)
    assert back.report.reader == "dcat"
    assert canon(record_dict(back.dataset), True) == canon(record_dict(item.dataset), True)


@pytest.mark.parametrize("path,reader", convertible_files(), ids=corpus_ids())
def test_dcat_ap_and_model_profiles_round_trip_and_dcat_ap_shapes_hold(path, reader, tmp_path):
    for index, item in enumerate(records(path, reader)):
        for profile in ("dcat-ap", "harmonise"):
            data = serialise(record_triples(item.dataset, WriteOptions(extra={"profile": profile})), "ttl")
            target = tmp_path / f"{profile}-{index}.ttl"
            target.write_bytes(data)
            back = only(target, reader="dcat")
            assert canon(record_dict(back.dataset), True) == canon(record_dict(item.dataset), True), profile
            if profile == "dcat-ap":
                outcome = validate_graph(Graph().parse(data=data, format="turtle"), shapes(), "dcat-ap-3.0.1")
                assert outcome.violations == []


def test_official_r8_examples_validate_with_background_vocabularies(corpus):
    from harmonise.mappings.dcat.reader import parse_graph
    from harmonise.sources import Source

    for name, level in (("ARCA.ttl", "PUBLIC"), ("example-healthdcat-dataset.ttl", "NON_PUBLIC")):
        graph = parse_graph(Source(corpus / "dcat" / "examples" / "healthdcat-ap" / name))
        bare = validate_graph(graph, shapes())
        assert bare.violations, "without the NALs, class-range checks on vocabulary IRIs fail"
        outcome = validate_graph(graph, shapes(), with_background=True)
        assert outcome.level == level and outcome.violations == [], outcome.violations[:3]
