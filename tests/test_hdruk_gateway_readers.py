"""Real HDR UK Gateway records in every shape: v1, 2.0-2.2, GWDM 1.x/2.0, GMI listings, bulk
exports, the flattened CSV export. Detection says which clue decided; values are asserted."""
from __future__ import annotations

import json

import pytest

from harmonise.detection import detect
from harmonise.sources import Source
from harmonise.writers.json import record_dict
from tests.helpers import convert_file, only


def model(item):
    return record_dict(item.dataset)


@pytest.mark.parametrize("relpath, reader, clue", [
    ("hdruk/datasets.v1__hospital-episode-statistics-admitted-patient-care.json", "hdruk-v1", "domainType"),
    ("hdruk/datasets.v2__cprd-aurum.json", "hdruk-2.0", '@schema.version is "2.0.0"'),
    ("hdruk/242c84be-a866-ac0c-0000-000000001bbe.json", "hdruk-2.1", "structuralMetadata"),
    ("hdruk/77dc7118-443c-4c85-a18c-e7bbe01e9e7a.json", "hdruk-2.1", "structuralMetadata"),
    ("hdruk/1460e2b4-a985-4890-8e60-a21e78ce01f3.json", "hdruk-2.2", "populationSize"),
    ("hdruk/gwdm20.json", "gwdm-2.0", "gatewayId"),
    ("hdruk_dataset_v3_v4/gwdm_1.0.example.json", "gwdm-1.x", "publisherName"),
    ("hdruk/mdw-list.json", "hdruk-gmi", "persistentId"),
    ("hdruk_dataset_v2/gateway_v2_datasets.json", "hdruk-2.0", "@schema.version"),
    ("hdruk_mdc_datamodel/gateway_v1_datamodels.json", "hdruk-v1", "DataModel"),
    ("hdruk_datasets_csv/datasets.v2.csv", "hdruk-csv", "revision-version columns"),
])
def test_detection_names_reader_and_clue(corpus, relpath, reader, clue):
    found = detect(Source(corpus / relpath))
    assert found.reader == reader
    assert clue in found.clue
    assert 0.7 <= found.confidence <= 1.0


def test_explicit_schema_hint_beats_structure(tmp_path, corpus):
    doc = json.loads((corpus / "hdruk/77dc7118-443c-4c85-a18c-e7bbe01e9e7a.json").read_text())
    doc["@schema"] = "https://raw.githubusercontent.com/HDRUK/schemata-2/master/hdr_schemata/models/HDRUK/2.2.0/schema.json"
    path = tmp_path / "hinted.json"
    path.write_text(json.dumps(doc))
    found = detect(Source(path))
    assert (found.reader, found.confidence) == ("hdruk-2.2", 0.99)


def test_hdruk_20_export_record_values(corpus):
    rec = model(only(corpus / "hdruk/datasets.v2__bristol-biobank.json"))
    assert rec["data_custodian"] == {"name": "TISSUE DIRECTORY", "member_of": "Alliance",
                                     "contact_points": rec["data_custodian"]["contact_points"]}
    assert "Plasma" in rec["material_types"] and "Whole blood" in rec["material_types"]
    assert rec["spatial_coverage"] == [{"code": "GB-ENG", "label": "England"}]
    assert "doi" not in rec and "accrual_periodicity" not in rec  # "not available", "IN PROGRESS"
    pointers = {e["source_pointer"]: e for e in rec["extensions"]}
    assert pointers["/accessibility/access/deliveryLeadTime"]["reason"] == "rejected"


def test_hdruk_20_placeholders_are_normalised_with_rule_names(corpus):
    item = only(corpus / "hdruk/datasets.v2__bristol-biobank.json")
    normalised = {p: (old, new, rule) for p, _t, old, new, rule, _n in item.result.account.normalised}
    assert normalised["/summary/doiName"] == ("not available", None, "doi")
    assert normalised["/coverage/typicalAgeRange"] == ("Any Age", None, "age_range")
    assert normalised["/provenance/temporal/accrualPeriodicity"] == ("IN PROGRESS", None, "periodicity")
    assert normalised["/summary/publisher/memberOf"] == ("ALLIANCE", "Alliance", "enum:MemberOf")


def test_hdruk_22_uk_biobank(corpus):
    rec = model(only(corpus / "hdruk/1460e2b4-a985-4890-8e60-a21e78ce01f3.json"))
    assert rec["population_size"] == 500000
    assert (rec["min_typical_age"], rec["max_typical_age"]) == (40, 69)
    assert rec["source_types"] == ["EPR", "Electronic survey", "Machine generated"]
    assert rec["tables"][0]["name"] == "UK Biobank Data Dictionary"
    assert rec["tables"][0]["variables"][0]["name"] == "3"  # field ids are numbers in the source
    assert {"Saliva", "Serum"} <= set(rec["material_types"])


def test_hdruk_21_kent_record(corpus):
    rec = model(only(corpus / "hdruk/242c84be-a866-ac0c-0000-000000001bbe.json"))
    assert rec["id"] == "242c84be-a866-ac0c-0000-000000001bbe"
    assert rec["tables"][0]["name"] == "GP_Event"
    assert rec["tables"][0]["variables"][0] == {"name": "Unique_ID", "description": "Unique reference to the record",
                                                "data_type": "string", "source_data_type": "String",
                                                "sensitive": False}
    assert rec["jurisdictions"] == ["GB-ENG"]


def test_v1_record_values_and_tables(corpus):
    rec = model(only(corpus / "hdruk/datasets.v1__hospital-episode-statistics-admitted-patient-care.json"))
    assert rec["data_custodian"] == {"name": "NHS DIGITRIALS", "member_of": "Hub"}  # "HUBS > NHS DIGITRIALS"
    assert rec["temporal_coverage"] == {"start_date": "1989-01-04", "ongoing": True}  # "4/1/89", "Ongoing"
    assert rec["accrual_periodicity"] == "Monthly"  # "1 Month Cycle"
    assert len(rec["tables"]) == 10  # dataClassesCount says 19; the export holds 10 dataClasses
    first = rec["tables"][0]["variables"][0]
    assert first["name"] == "SUS generated HRG version number"
    assert first["annotations"] == [{"property": "hdruk:alias", "value": "SUSHRGVERS"}]


def test_gwdm_20_values(corpus):
    rec = model(only(corpus / "hdruk/gwdm20.json"))
    assert rec["id"] == "912d6997-7609-46ba-9bd9-5a41ebb9e444"
    assert rec["jurisdictions"] == ["GB-ENG", "GB-SCT", "GB-WLS"]  # ";,;"-joined
    assert len(rec["keywords"]) > 100
    assert {"property": "gwdm:/required/gatewayId", "value": "1065"} in rec["annotations"]
    assert rec["dataset_types"][0] == {"name": "Health and disease",
                                       "sub_types": ["Cardiovascular", "Mental health", "Maternity and neonatology"]}


def test_gwdm_1x_values(corpus):
    rec = model(only(corpus / "hdruk_dataset_v3_v4/gwdm_1.0.example.json"))
    assert rec["data_custodian"]["name"] == "HEALTH DATA RESEARCH UK"
    assert rec["derived_from"][0]["url"].startswith("https://web.www.healthdatagateway.org/dataset/")
    assert rec["tables"][0]["variables"][0]["value_set"] == [{"code": "value", "label": "this is value1",
                                                              "frequency": 50}]


def test_gmi_listing(corpus):
    rec = model(only(corpus / "hdruk/mdw-list.json"))
    assert rec["id"] == "242c84be-a866-ac0c-0000-000000001bbe"
    assert rec["title"] == "Kent Integrated Dataset - GP Event"
    assert rec["landing_page"] == "https://nhse-ics-kms-uat5-ui.metadata.works/api/federation/dataset/7102"
    assert rec["conversion"]["source_pointer"] == "/items/0"


def test_bulk_exports(corpus):
    v2 = convert_file(corpus / "hdruk_dataset_v2/gateway_v2_datasets.json")
    assert len(v2) == 12 and all(i.dataset is not None for i in v2)
    assert v2[0].dataset.conversion.source_pointer == "/dataModels/0"
    titles = {i.dataset.title for i in v2}
    assert "Cancer Registration Data" in titles
    v1 = convert_file(corpus / "hdruk_mdc_datamodel/gateway_v1_datamodels.json")
    assert len(v1) == 10
    ecds = next(i.dataset for i in v1 if i.dataset.title.startswith("Emergency Care Data Set"))
    assert len(ecds.tables) == 10  # dataClassesCount 23; the export holds 10


def test_bulk_file_streams_with_ijson(corpus, monkeypatch):
    """Above the whole-file limit the same records come, read incrementally."""
    import harmonise.mappings.hdruk.json_records as jr
    import harmonise.sources as sources

    monkeypatch.setattr(sources, "WHOLE_JSON_LIMIT", 0)
    monkeypatch.setattr(jr, "WHOLE_JSON_LIMIT", 0)
    streamed = convert_file(corpus / "hdruk_dataset_v2/gateway_v2_datasets.json")
    assert [i.dataset.title for i in streamed][:2] == [
        i.dataset.title for i in convert_file(corpus / "hdruk_dataset_v2/gateway_v2_datasets.json")][:2]
    assert len(streamed) == 12


def test_csv_export(corpus):
    items = convert_file(corpus / "hdruk_datasets_csv/datasets.v2.csv")
    assert len(items) == 24 and all(i.dataset is not None for i in items)
    first = record_dict(items[0].dataset)
    assert first["title"] == "National Joint Registry - Primary Elbow Replacement dataset"
    assert first["keywords"] == ["NJR", "Elbow", "Replacement", "Joint"]
    assert first["jurisdictions"] == ["GB-GBN"]
    assert {"version": "0.0.1", "url": "31e42cb6-b5d1-49ad-b831-c8ac4393fb72"} in first["revisions"]
    mapped = dict(items[0].result.account.mapped)
    assert mapped["row 2, column title"] == "title"
    assert items[0].result.account.balanced


def test_mdc_data_element_export(corpus):
    items = convert_file(corpus / "hdruk_mdc_datamodel/dataelements.csv", reader="hdruk-mdc-elements")
    assert len(items) == 5 and all(i.dataset is not None for i in items)
    cf = next(record_dict(i.dataset) for i in items if i.dataset.id == "1f55cfcc-1c5d-44e3-9d60-3bedeb033f0a")
    outcome = next(t for t in cf["tables"] if t["name"] == "2028ac96-8eb7-454b-b169-7ecca4ce009e")
    assert outcome["variables"][0]["name"] == "S03DeathDate"
    assert outcome["variables"][0]["data_type"] == "datetime"
    assert sum(len(t.variables) for i in items for t in i.dataset.tables) == 160
    defaulted = items[0].result.account.defaulted
    assert defaulted[0][0] == "title" and "no dataset title" in defaulted[0][2]
    assert all(i.result.account.balanced for i in items)
