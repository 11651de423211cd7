"""HDR UK 3.0.0 / 4.0.0 records convert into the model without losing a value.

Every leaf of each source record is walked and found again in the model record: at its
target path (mapped), as its normalised value (normalised), or verbatim in `extensions`
(unmapped). Field values of the real records are asserted too.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from harmonise.accounting import leaves
from tests.helpers import convert_file, only

ROOT = Path(__file__).resolve().parent.parent


def values_at(record: Any, path: str) -> list[Any]:
    """All values at a model path such as `tables[].variables[].name`."""
    nodes = [record]
    for part in path.split("."):
        name = part[:-2] if part.endswith("[]") else part
        next_nodes = []
        for node in nodes:
            if isinstance(node, dict) and name in node:
                value = node[name]
                if isinstance(value, list):
                    next_nodes.extend(value)
                else:
                    next_nodes.append(value)
        nodes = next_nodes
    return nodes


def assert_every_leaf_found(source_doc: dict, converted) -> int:
    record = converted.dataset.model_dump(mode="json", exclude_none=True)
    account = converted.result.account
    by_pointer: dict[str, tuple] = {}
    for pointer, target in account.mapped:
        by_pointer[pointer] = ("mapped", target)
    for pointer, target, _old, new, rule, _note in account.normalised:
        by_pointer[pointer] = ("normalised", target, new)
    for pointer, _value, _why in account.unmapped:
        by_pointer[pointer] = ("unmapped",)
    extensions = {e["source_pointer"]: e["value"] for e in record.get("extensions", [])}
    checked = 0
    for pointer, value in leaves(source_doc):
        assert pointer in by_pointer, f"{pointer} = {value!r} is not accounted for"
        kind = by_pointer[pointer]
        if kind[0] == "mapped":
            found = values_at(record, kind[1])
            flat = [v for v in found] + [x for v in found if isinstance(v, dict) for x in v.values()]
            assert value in flat or str(value) in flat, f"{pointer} = {value!r} not found at {kind[1]}"
        elif kind[0] == "normalised":
            new = kind[2]
            if new is not None:
                found = values_at(record, kind[1])
                expected = new if isinstance(new, list) else [new]
                for item in expected:
                    assert item in found, f"{pointer}: normalised {item!r} not found at {kind[1]}"
        else:
            assert orjson.loads(extensions[pointer]) == value, f"{pointer} not kept in extensions"
        checked += 1
    assert checked == account.source_values
    assert account.balanced
    return checked


@pytest.mark.parametrize("relative", [
    "hdruk/hdruk300.json",
    "hdruk/example-hdruk300.json",
    "hdruk_dataset_v3_v4/hdruk_3.0.0.example.json",
])
def test_real_3_0_records_lose_no_value(corpus, relative):
    path = corpus / relative
    converted = only(path, "hdruk-3.0")
    assert converted.dataset is not None, converted.report.to_dict()
    checked = assert_every_leaf_found(json.loads(path.read_text()), converted)
    assert checked > 40


def test_4_0_example_loses_no_value():
    path = ROOT / "examples/hdruk-4.0/stroke-outcomes-audit.json"
    converted = only(path)
    assert converted.report.reader == "hdruk-4.0"
    assert assert_every_leaf_found(json.loads(path.read_text()), converted) == 77


def test_bhf_record_values(corpus):
    ds = only(corpus / "hdruk/hdruk300.json").dataset
    assert ds.id == "912d6997-7609-46ba-9bd9-5a41ebb9e444"
    assert ds.title == "Large test dataset"
    assert ds.version == "7.0.0"
    assert ds.data_custodian.name == "BHF Data Science Centre"
    assert ds.data_custodian.identifier == "34"  # an HDR UK integer id, kept as text
    assert ds.population_size == 65000000
    assert ds.accrual_periodicity == "Monthly"
    assert ds.time_lag == "Variable"
    assert ds.delivery_lead_time == "1-2 months"
    assert ds.access_service_category == "TRE/SDE"
    assert ds.jurisdictions == ["GB-ENG", "GB-SCT", "GB-WLS"]
    assert [loc.code for loc in ds.spatial_coverage] == ["GB"]
    assert ds.temporal_coverage.start_date == "1990-01-01T00:00:00.000Z"
    # 3.0's flat subtype list is attached to the types it belongs to (HDR UK 4.0's tables);
    # "Vaccines" belongs to a type the record does not list, so it stays on an unnamed assignment
    assert [(t.name, t.sub_types) for t in ds.dataset_types] == [
        ("Health and disease", ["Cardiovascular", "Mental health", "Maternity and neonatology"]),
        ("Registry", ["Births and deaths"]),
        (None, ["Vaccines"]),
    ]
    assert ds.data_use_requirements[:2] == ["Collaboration required", "Institution-specific restrictions"]
    assert "OPCS4" in ds.coding_systems and ds.languages == ["en"]
    assert ds.observations[0].observed_node == "Persons" and ds.observations[0].measured_value == 65000000
    assert ds.derived_from[0].title == "National Records of Scotland (NRS) - Deaths Data"
    assert ds.ethnicity_frequencies[0].bin == "White - Any other White background"
    assert ds.conversion.source_format == "hdruk-3.0"
    assert ds.conversion.source_file == "hdruk300.json"
    assert ds.conversion.converted_at == "2023-11-14T22:13:20Z"  # SOURCE_DATE_EPOCH


def test_early_3_0_draft_is_read_leniently(corpus):
    converted = only(corpus / "hdruk/example-hdruk300.json")
    ds = converted.dataset
    assert converted.report.reader == "hdruk-3.0"
    assert ds.data_custodian.name == "NHS DIGITAL" and ds.data_custodian.member_of == "Alliance"
    assert ds.population_size is None  # -1 means unknown
    assert ds.keywords[:3] == ["Depression", "Anxiety", "CBT"]
    assert [loc.code for loc in ds.spatial_coverage] == ["GB", "GB-ENG"]
    assert ds.follow_up == "0 - 6 Months"  # 2.x spelling, 3.x value
    assert ds.observations[0].observed_node == "Events"
    assert ds.tables[0].name == "IAPT.iapt.Rep_Referral"
    assert ds.tables[0].variables[0].source_data_type == "Number"
    assert ds.tables[0].variables[0].data_type == "decimal"
    # the draft's accessMode has no model slot: kept verbatim, reported as unmapped
    assert [e.source_pointer for e in ds.extensions] == ["/accessibility/access/accessMode"]
    assert converted.result.account.summary()["unmapped"] == 1


def test_4_0_dataset_types_keep_their_subtypes():
    ds = only(ROOT / "examples/hdruk-4.0/stroke-outcomes-audit.json").dataset
    assert [(t.name, t.sub_types) for t in ds.dataset_types] == [
        ("Health and disease", ["Cardiovascular", "Neurological"]),
        ("Registry", ["National disease registries and audits"]),
    ]
    assert ds.alternate_identifiers == ["RSOA", "Stroke audit"]
    assert ds.population_size is None
    assert ds.temporal_coverage.end_date == "2024-12-31"
    assert ds.disease_frequencies[0].code == "I63"


def test_continuous_end_date_means_ongoing():
    ds = only(ROOT / "examples/hdruk-3.0/cardiac-rehab-register.json").dataset
    assert ds.temporal_coverage.ongoing is True and ds.temporal_coverage.end_date is None
    assert ds.tables[0].variables[1].value_set[0].code == "Y"


def test_record_without_identifier_gets_a_stable_derived_id(corpus):
    first = only(corpus / "hdruk_dataset_v3_v4/hdruk_3.0.0.example.json").dataset
    second = only(corpus / "hdruk_dataset_v3_v4/hdruk_3.0.0.example.json").dataset
    assert first.id == second.id and first.id.startswith("harmonise:")
    assert first.conversion.id_derived is True
