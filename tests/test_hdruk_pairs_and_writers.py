"""Cross-format pairs agree; HDR UK 3.0 / 4.0 / GWDM 2.0 outputs validate against the official
schemas; 3.0 -> model -> 3.0 gives the document back; defaults are visible and --strict fails them;
bad input fails one record with a located message."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from jsonschema import Draft202012Validator

from harmonise.accounting import leaves
from harmonise.engine import ConvertOptions, convert
from harmonise.mapping import WriteOptions
from harmonise.writers.json import record_dict
from tests.helpers import convert_file, only

#: Record-revision bookkeeping (each version of a description has its own) and provenance.
NOT_COMPARED = {"id", "conversion", "extensions", "annotations", "version", "revisions", "issued", "modified"}


def flat(value: Any, path: str = "") -> dict[str, Any]:
    """Leaf paths of a model record; lists of scalars stay whole values."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flat(item, f"{path}.{key}" if path else key))
        return out
    if isinstance(value, list) and value and isinstance(value[0], dict):
        out = {}
        for index, item in enumerate(value):
            out.update(flat(item, f"{path}[{index}]"))
        return out
    if isinstance(value, str) and "@" in value and " " not in value:
        return {path: value.casefold()}  # e-mail addresses: case-insensitive (GWDM lower-cases them)
    return {path: value}


def agreement(a: str, b: str, corpus: Path) -> tuple[dict[str, Any], list[str]]:
    ra = record_dict(only(corpus / a).dataset)
    rb = record_dict(only(corpus / b).dataset)
    fa = flat({k: v for k, v in ra.items() if k not in NOT_COMPARED})
    fb = flat({k: v for k, v in rb.items() if k not in NOT_COMPARED})
    common = sorted(set(fa) & set(fb))
    return {p: fa[p] for p in common}, [f"{p}: {fa[p]!r} != {fb[p]!r}" for p in common if fa[p] != fb[p]]


def test_pair_hes_apc_v1_and_20(corpus):
    both, disagreements = agreement("hdruk/datasets.v1__hospital-episode-statistics-admitted-patient-care.json",
                                    "hdruk/datasets.v2__hospital-episode-statistics-admitted-patient-care.json", corpus)
    assert disagreements == []
    assert len(both) >= 14
    assert both["temporal_coverage.start_date"] == "1989-01-04"  # v1 "4/1/89"
    assert both["accrual_periodicity"] == "Monthly"  # v1 "1 Month Cycle", 2.0 "MONTHLY"
    assert both["data_custodian.member_of"] == "Hub"  # v1 "HUBS > …", 2.0 "HUB"
    assert both["jurisdictions"] == ["GB-ENG"]


def test_pair_cystic_fibrosis_v1_and_20(corpus):
    both, disagreements = agreement("hdruk/datasets.v1__cystic-fibrosis-patient-demographics.json",
                                    "hdruk/datasets.v2__cystic-fibrosis-patient-demographics.json", corpus)
    assert disagreements == []
    assert len(both) >= 25
    assert both["coding_systems"] == ["LOCAL"]  # v1 "Local Standard", 2.0 "LOCAL"
    assert both["accrual_periodicity"] == "Annual"  # v1 "Annually", 2.0 "ANNUAL"
    assert both["doi"] == "10.1093/ije/dyx196"
    # the 2.0 export split the citation inside its brackets; rejoined it equals the v1 text
    assert both["publications_about"] == ["'Data Resource Profile: The UK CF Registry' published in the International "
                                          "Journal of Epidemiology (2018 Feb 1;47(1)9-10e)"]


def test_pair_bhf_hdruk30_and_gwdm20(corpus):
    both, disagreements = agreement("hdruk/hdruk300.json", "hdruk/gwdm20.json", corpus)
    assert disagreements == []
    assert len(both) >= 80
    assert both["jurisdictions"] == ["GB-ENG", "GB-SCT", "GB-WLS"]
    assert (both["min_typical_age"], both["max_typical_age"]) == (0, 150)  # GWDM "0-150"
    assert both["data_custodian.identifier"] == "34"


# -- writers ----------------------------------------------------------------------------------

SCHEMAS = {"hdruk-3.0": "HDRUK-3.0.0.schema.json", "hdruk-4.0": "HDRUK-4.0.0.schema.json",
           "gwdm-2.0": "GWDM-2.0.schema.json"}
INPUTS = ["hdruk", "hdruk_dataset_v2", "hdruk_dataset_v3_v4", "hdruk_datasets_csv", "hdruk_mdc_datamodel"]


@pytest.fixture(scope="module")
def written(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("hdruk-out")
    paths = [corpus / p for p in INPUTS]
    paths = [p for p in paths if p.is_file()] + [f for p in paths if p.is_dir() for f in sorted(p.iterdir())
                                                  if f.suffix in (".json", ".csv") and f.name != "schemaorg.json"]
    report, errors = convert([str(p) for p in paths], list(SCHEMAS), out)
    return out, report, errors


def test_every_corpus_record_writes_valid_hdruk_30_40_and_gwdm_20(written, standards):
    out, report, errors = written
    assert errors == []
    assert report.summary()["failed"] == 0
    assert report.summary()["records"] == 67  # dataelements.csv: one dictionary record
    for writer, schema_file in SCHEMAS.items():
        schema = json.loads((standards / "hdruk" / schema_file).read_text())
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        docs = sorted(out.glob(f"*.{writer}.json"))
        assert len(docs) == 67
        problems = [(d.name, list(e.absolute_path), e.message[:100]) for d in docs
                    for e in validator.iter_errors(json.loads(d.read_bytes()))]
        assert problems == [], writer


def test_defaults_are_listed_in_the_report(written):
    _out, report, _errors = written
    entry = next(r for r in report.records if r.source.endswith("datasets.v2__cprd-aurum.json"))
    defaulted = {t: (v, why) for t, v, why in entry.account.defaulted}
    assert defaulted["hdruk-3.0:/summary/populationSize"][0] == -1
    assert defaulted["hdruk-4.0:/provenance/temporal/timeLag"] == ("Other", "time lag not known ('Other')")
    assert defaulted["gwdm-2.0:/required/gatewayPid"][0] == "ef42201e-deb1-4675-896a-8a0162fe52a8"  # from the URL id
    assert defaulted["gwdm-2.0:/required/gatewayId"][0] == "ef42201e-deb1-4675-896a-8a0162fe52a8"
    assert entry.to_dict()["accounting"]["defaulted"] == len(entry.account.defaulted) > 0
    assert any("defaulted to -1" in m for m in entry.messages)


def test_strict_turns_defaults_into_failures(corpus, tmp_path):
    options = ConvertOptions(write=WriteOptions(strict=True))
    report, _ = convert([str(corpus / "hdruk/datasets.v2__cprd-aurum.json")], ["hdruk-3.0"], tmp_path, options)
    entry = report.records[0]
    assert entry.status == "failed"
    assert "--strict" in entry.messages[-1] and "/summary/populationSize" in entry.messages[-1]
    assert not list(tmp_path.glob("*.hdruk-3.0.json"))


def _source_leaves(doc: Any) -> dict[str, Any]:
    return dict(leaves(doc))


@pytest.mark.parametrize("name", ["hdruk/hdruk300.json", "hdruk_dataset_v3_v4/hdruk_3.0.0.example.json"])
def test_round_trip_hdruk_30(corpus, tmp_path, name):
    """3.0 -> model -> 3.0 gives back every value at its place, in order. Nulls and empty lists
    are not values (the accounting's definition), so they are the only difference allowed."""
    source = corpus / name
    report, _ = convert([str(source)], ["hdruk-3.0"], tmp_path)
    assert report.summary()["failed"] == 0
    (written_file,) = tmp_path.glob("*.hdruk-3.0.json")
    original = _source_leaves(orjson.loads(source.read_bytes()))
    again = _source_leaves(orjson.loads(written_file.read_bytes()))
    assert again == original


def test_round_trip_gwdm_20(corpus, tmp_path):
    source = corpus / "hdruk/gwdm20.json"
    convert([str(source)], ["gwdm-2.0"], tmp_path)
    (written_file,) = tmp_path.glob("*.gwdm-2.0.json")
    original = dict(leaves(orjson.loads(source.read_bytes())))
    again = dict(leaves(orjson.loads(written_file.read_bytes())))
    assert again == original


def test_validate_cli_against_official_schema(corpus, standards, tmp_path):
    from click.testing import CliRunner

    from harmonise.cli import main

    schema = standards / "hdruk" / "HDRUK-3.0.0.schema.json"
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(corpus / "hdruk/hdruk300.json"), "--against", "hdruk-3.0",
                              "--schema", str(schema)])
    assert ok.exit_code == 0 and "valid" in ok.output
    bad = runner.invoke(main, ["validate", str(corpus / "hdruk/gwdm20.json"), "--against", "hdruk-3.0",
                               "--schema", str(schema)])
    assert bad.exit_code == 1 and "gwdm20.json#/summary: 'dataCustodian' is a required property" in bad.output
    missing = runner.invoke(main, ["validate", str(corpus / "hdruk/hdruk300.json"), "--against", "gwdm-2.0"])
    assert missing.exit_code == 2 and "needs --schema FILE" in missing.output


# -- bad input ----------------------------------------------------------------------------------

def test_truncated_bulk_file_fails_only_the_broken_record(corpus, tmp_path):
    data = (corpus / "hdruk_dataset_v2/gateway_v2_datasets.json").read_bytes()
    path = tmp_path / "truncated.json"
    path.write_bytes(data[: len(data) * 2 // 3])
    items = convert_file(path)
    good = [i for i in items if i.dataset is not None]
    failed = [i for i in items if i.dataset is None]
    assert 5 <= len(good) < 12
    assert len(failed) == 1
    message = failed[0].report.messages[0]
    assert f"truncated.json:/dataModels/{len(good)}" in message and "truncated or malformed JSON" in message


def test_a_record_that_is_not_an_object_fails_alone(corpus, tmp_path):
    doc = json.loads((corpus / "hdruk_dataset_v2/gateway_v2_datasets.json").read_text())
    doc["dataModels"][1] = "not a record"
    path = tmp_path / "bulk.json"
    path.write_text(json.dumps(doc))
    items = convert_file(path, reader="hdruk-2.0")
    assert [i.report.status == "failed" for i in items].count(True) == 1
    assert items[1].report.messages == [f"{path}:/dataModels/1: expected a JSON object for a record, found string"]
    assert items[0].dataset is not None and items[2].dataset is not None


@pytest.mark.parametrize("name, pointer, value, where", [
    ("hdruk/hdruk300.json", ("summary", "title"), 42, "/summary/title"),
    ("hdruk/hdruk300.json", ("summary", "keywords"), {"a": 1}, "/summary/keywords"),
    ("hdruk/datasets.v2__cprd-aurum.json", ("coverage", "spatial"), ["England", ["nested"]], "/coverage/spatial/1"),
    ("hdruk/gwdm20.json", ("summary", "populationSize"), True, "/summary/populationSize"),
    ("hdruk/gwdm20.json", ("coverage", "typicalAgeRange"), {"min": 0}, "/coverage/typicalAgeRange"),
    ("hdruk/datasets.v2__cprd-aurum.json", ("provenance", "temporal", "startDate"), 1990.5, "/provenance/temporal/startDate"),
    ("hdruk/datasets.v1__cystic-fibrosis-patient-demographics.json", ("publisher",), 7, "/publisher"),
])
def test_wrong_json_type_fails_that_record_with_its_location(corpus, tmp_path, name, pointer, value, where):
    doc = json.loads((corpus / name).read_text())
    node = doc
    for key in pointer[:-1]:
        node = node[key]
    node[pointer[-1]] = value
    path = tmp_path / Path(name).name
    path.write_text(json.dumps(doc))
    item = only(path)
    assert item.dataset is None
    assert item.report.messages[0].startswith(f"{path}:{where}: expected")


def test_hdruk_40_output_reads_back_to_the_same_model_values(corpus, tmp_path):
    """3.0 record -> model -> 4.0 document -> model: every value survives the 4.0 shape."""
    convert([str(corpus / "hdruk/hdruk300.json")], ["hdruk-4.0"], tmp_path)
    (written_file,) = tmp_path.glob("*.hdruk-4.0.json")
    first = record_dict(only(corpus / "hdruk/hdruk300.json").dataset)
    again = record_dict(only(written_file).dataset)
    assert again["conversion"]["source_format"] == "hdruk-4.0"
    skip = NOT_COMPARED | {"dataset_types"}
    assert {k: v for k, v in again.items() if k not in skip} == {k: v for k, v in first.items() if k not in skip}
    # 4.0 scopes subtypes by type: "Vaccines" joins Treatments/Interventions (listed as defaulted)
    assert {"name": "Treatments/Interventions", "sub_types": ["Vaccines"]} in again["dataset_types"]
    assert sorted(s for a in again["dataset_types"] for s in a.get("sub_types", [])) == \
        sorted(s for a in first["dataset_types"] for s in a.get("sub_types", []))


def test_explain_prints_the_account_of_one_csv_row(corpus):
    from click.testing import CliRunner

    from harmonise.cli import main

    result = CliRunner().invoke(main, ["explain", str(corpus / "hdruk_datasets_csv/datasets.v2.csv"), "--record", "4"])
    assert result.exit_code == 0, result.output
    assert "reader=hdruk-csv" in result.output
    assert "normalised  row 8, column publisher -> data_custodian.member_of+data_custodian.name" in result.output
    assert "unmapped    row 8, column accessRequestDuration" in result.output


def test_round_trip_keeps_list_or_string_shape(tmp_path):
    """Fields that take a string or a list come back in the shape the source used (when valid)."""
    from tests.conftest import EXAMPLES

    source = EXAMPLES / "hdruk-3.0" / "cardiac-rehab-register.json"
    convert([str(source)], ["hdruk-3.0"], tmp_path)
    (written_file,) = tmp_path.glob("*.hdruk-3.0.json")
    original = orjson.loads(source.read_bytes())
    again = orjson.loads(written_file.read_bytes())
    assert again["documentation"]["associatedMedia"] == original["documentation"]["associatedMedia"]  # a list
    assert original["coverage"]["spatial"] == "England" and again["coverage"]["spatial"] == "England"  # a string
    assert dict(leaves(again)) == dict(leaves(original))


def test_list_of_place_names_is_written_as_the_valid_string_form(tmp_path):
    """3.0's list form of coverage.spatial takes URLs only, so place names go out as a string."""
    from tests.conftest import EXAMPLES

    doc = orjson.loads((EXAMPLES / "hdruk-3.0" / "cardiac-rehab-register.json").read_bytes())
    doc["coverage"]["spatial"] = ["England"]
    source = tmp_path / "in.json"
    source.write_bytes(orjson.dumps(doc))
    convert([str(source)], ["hdruk-3.0"], tmp_path / "out")
    (written_file,) = (tmp_path / "out").glob("*.hdruk-3.0.json")
    assert orjson.loads(written_file.read_bytes())["coverage"]["spatial"] == "England"
