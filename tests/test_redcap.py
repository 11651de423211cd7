"""REDCap reader: data dictionary CSV, API JSON and project XML (CDISC ODM), on real corpus files."""
from __future__ import annotations

import importlib.util

import pytest

from harmonise.detection import detect
from harmonise.normalise import get
from harmonise.sources import Source
from tests.helpers import convert_file, only

CSV = "redcap/IeDEA_tblCENTER_2020-06-30.csv"
XML = "redcap/Harmonist0ADataModel_2017-12-21_1147.REDCap.xml"


def variables(record, table=0):
    return {v["name"]: v for v in record["tables"][table]["variables"]}


def test_detects_both_flavours(corpus):
    assert detect(Source(corpus / CSV)).reader == "redcap"
    found = detect(Source(corpus / XML))
    assert (found.reader, found.confidence) == ("redcap", 0.95)


def test_dictionary_csv(corpus):
    item = only(corpus / CSV)
    record = item.dataset.model_dump(mode="json", exclude_none=True)
    # without an overlay the report names the dataset-level values a dictionary lacks
    assert item.report.status == "warning"
    assert item.report.messages[0].startswith("missing dataset-level value(s) publisher, contact_points")
    assert record["title"] == "IeDEA tblCENTER 2020-06-30"
    assert [t["name"] for t in record["tables"]] == ["tblcenter"]
    found = variables(record)
    # 24 field rows, two of them descriptive text (kept on the table), nine trailing empty rows skipped
    assert len(found) == 22
    assert "tblcenter_txt" not in found
    assert {"property": "redcap:descriptive", "value": "tblcenter_txt: CENTER Record"} in record["tables"][0]["annotations"]
    region = found["region"]
    assert region["label"] == "REGION" and region["description"] == "IeDEA global region"
    assert region["value_set"][:2] == [{"code": "AP", "label": "Asia-Pacific"},
                                       {"code": "NA", "label": "NA-ACCORD (North America)"}]
    assert len(region["value_set"]) == 7
    assert region["notes"] == "Values: AP, EA, SA, WA, CA, CN, NA"
    assert region["annotations"][0]["property"] == "redcap:section_header"
    assert region["annotations"][0]["value"].startswith("This record represents a unique data site")
    # the 3-letter country list has 249 choices, one with a non-ASCII label
    country = found["country"]
    assert len(country["value_set"]) == 249 and country["value_set"][1] == {"code": "ALA", "label": "Åland Islands"}
    assert country["format"] == "autocomplete"
    assert found["last_reviewed_d"]["data_type"] == "date" and found["last_reviewed_d"]["format"] == "date_ymd"
    assert found["level"]["value_set"][2] == {"code": "3", "label": "Regional, provincial or university hospital"}
    assert found["notes"]["source_data_type"] == "notes"


def test_dictionary_csv_accounts_every_cell(corpus):
    account = only(corpus / CSV).result.account
    assert account.source_values == 114
    assert account.balanced
    # the BOM does not leak into the first column name
    assert all("\ufeff" not in p for p, _ in account.mapped)


def test_project_xml(corpus):
    item = only(corpus / XML)
    record = item.dataset.model_dump(mode="json", exclude_none=True)
    assert record["id"] == "Project.Harmonist0ADataModelIeDEADES"
    assert record["title"] == "Harmonist 0A: Data Model (IeDEA-DES)"
    assert record["issued"] == "2017-12-21T11:47:43"
    assert [(t["name"], t["label"], len(t["variables"])) for t in record["tables"]] == [
        ("table_metadata", "Table Metadata", 13), ("variable_metadata", "Variable Metadata", 15)]
    tables = variables(record), variables(record, 1)
    assert tables[0]["record_id"]["is_primary_key"] is True
    table_format = tables[0]["table_format"]
    assert table_format["source_data_type"] == "radio"
    assert table_format["value_set"][2] == {"code": "0", "label": "N/A (e.g., tblCENTER)"}
    assert table_format["requirement"] == "optional"
    deprecated = tables[0]["table_deprecated_d"]
    assert deprecated["data_type"] == "date" and deprecated["format"] == "date_ymd"
    assert {"property": "redcap:branching_logic", "value": "[table_status] = '2'"} in deprecated["annotations"]
    # checkbox items variable_required___1 -> one variable with the checkbox choices as its value set
    required = tables[1]["variable_required"]
    assert required["source_identifier"] == "variable_required___1"
    assert required["value_set"] == [{"code": "1", "label": "YES"}]
    assert len(tables[1]["code_list_ref"]["value_set"]) == 54
    assert {"property": "redcap:RepeatingInstrument.RepeatInstrument", "value": "variable_metadata"} in record["annotations"]


def test_project_xml_accounts_every_text_and_attribute(corpus):
    item = only(corpus / XML)
    account = item.result.account
    assert account.source_values == 652
    assert account.balanced
    extensions = item.result.record["extensions"]
    assert len(extensions) == len(account.unmapped)
    assert {"source_pointer": "/ODM/@FileOID", "value": '"000-00-0000"', "reason": "no_target",
            "note": "ODM file attribute FileOID (about the export file, not the dataset)"} in extensions


def test_label_rule():
    rule = get("redcap_label")
    assert rule('AGE\n<div style="x">Age at entry</div>') == {"label": "AGE", "description": "Age at entry"}
    assert rule('<div class="h"><h3>Title</h3></div>') == "Title"


def test_api_json_and_snake_case(tmp_path):
    path = tmp_path / "metadata.json"
    path.write_text('[{"field_name": "age", "form_name": "baseline", "field_type": "text", "field_label": "Age",'
                    ' "text_validation_type_or_show_slider_number": "integer", "required_field": "y",'
                    ' "branching_logic": "[consent] = \'1\'", "field_annotation": "@HIDDEN", "custom": "x"}]',
                    encoding="utf-8")
    item = only(path)
    variable = item.result.record["tables"][0]["variables"][0]
    assert variable["data_type"] == "integer" and variable["requirement"] == "mandatory"
    assert {"property": "redcap:field_annotation", "value": "@HIDDEN"} in variable["annotations"]
    assert item.result.account.balanced and item.result.account.source_values == 9
    assert item.result.record["extensions"][0]["source_pointer"] == "/0/custom"


def test_field_without_name_is_a_located_error(tmp_path):
    path = tmp_path / "dd.csv"
    path.write_text("Variable / Field Name,Form Name,Field Type,Field Label\nage,baseline,text,Age\n"
                    ",baseline,text,Orphan\n", encoding="utf-8")
    item = only(path)
    assert item.report.status == "failed"
    assert "row 3, column Variable / Field Name" in item.report.messages[0]


def test_xml_entities_refused_and_other_files_still_convert(tmp_path, corpus):
    bad = tmp_path / "bomb.xml"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE ODM [<!ENTITY a "aaaa">]>'
                   '<ODM xmlns:redcap="https://projectredcap.org"><Study OID="x">&a;</Study></ODM>', encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text('<ODM xmlns:redcap="https://projectredcap.org"><Study OID="x"></ODM>', encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_bytes((corpus / CSV).read_bytes())
    items = convert_file(tmp_path)
    by_file = {i.report.source.rsplit("/", 1)[-1]: i.report for i in items}
    assert by_file["bomb.xml"].status == "failed" and "entities" in by_file["bomb.xml"].messages[0]
    assert by_file["broken.xml"].status == "failed" and "malformed XML" in by_file["broken.xml"].messages[0]
    assert "line 1" in by_file["broken.xml"].messages[0]
    assert by_file["good.csv"].status == "warning" and by_file["good.csv"].id


@pytest.mark.skipif(importlib.util.find_spec("harmonise.overlay") is None, reason="overlays not implemented yet")
def test_overlay_supplies_dataset_values(tmp_path, corpus):
    from harmonise.engine import ConvertOptions, iter_converted

    overlay = tmp_path / "registry.overlay.yaml"
    overlay.write_text("description: Sites of the IeDEA network\npublisher:\n  name: IeDEA\n", encoding="utf-8")
    options = ConvertOptions()
    options.read.overlays = (overlay,)
    [item] = list(iter_converted([str(corpus / CSV)], options))
    assert item.dataset.description == "Sites of the IeDEA network"
    assert item.dataset.title == "IeDEA tblCENTER 2020-06-30"  # the reader's value is kept
    assert item.dataset.publisher.name == "IeDEA"


@pytest.mark.skipif(importlib.util.find_spec("harmonise.overlay") is None, reason="overlays not implemented yet")
def test_overlay_title_replaces_the_file_name(tmp_path, corpus):
    from harmonise.engine import ConvertOptions, iter_converted

    overlay = tmp_path / "iedea.overlay.yaml"
    overlay.write_text("title: IeDEA clinic sites\npublisher: {name: IeDEA}\ncontact_points: [{email: des@example.org}]\n",
                       encoding="utf-8")
    options = ConvertOptions()
    options.read.overlays = (overlay,)
    [item] = list(iter_converted([str(corpus / CSV)], options))
    assert item.dataset.title == "IeDEA clinic sites"
    assert not item.result.account.warnings  # nothing dataset-level left missing
    assert item.dataset.conversion.overlays == ["iedea.overlay.yaml"]


def test_corrupted_first_header_cell_and_snake_case_csv(tmp_path):
    corrupted = tmp_path / "rarelink.csv"
    corrupted.write_text('"ï»¿Variable / Field Name",Form Name,Field Type,Field Label,"Choices, Calculations, OR Slider Labels"\n'
                         'snomed_sex,demographics,radio,Sex,"1, Female | 2, Male"\n', encoding="utf-8")
    assert detect(Source(corrupted)).reader == "redcap"
    variable = only(corrupted).result.record["tables"][0]["variables"][0]
    assert variable["name"] == "snomed_sex" and len(variable["value_set"]) == 2
    snake = tmp_path / "api.csv"
    snake.write_text("field_name,form_name,field_type,field_label,select_choices_or_calculations\n"
                     "bmi,visit,calc,BMI,[weight]/([height]^2)\n", encoding="utf-8")
    bmi = only(snake).result.record["tables"][0]["variables"][0]
    assert bmi["data_type"] == "decimal"
    assert bmi["annotations"] == [{"property": "redcap:calculation", "value": "[weight]/([height]^2)"}]


def test_project_xml_example_descriptive_checkbox_calc():
    from tests.conftest import EXAMPLES

    item = only(EXAMPLES / "redcap" / "cf-registry-project.REDCap.xml")
    record = item.result.record
    [table] = record["tables"]
    found = {v["name"]: v for v in table["variables"]}
    assert list(found) == ["record_id", "nhs_number", "infections", "bmi"]
    assert {"property": "redcap:descriptive", "value": "intro_txt: Complete this form at enrolment."} in table["annotations"]
    assert found["nhs_number"]["sensitive"] is True and found["nhs_number"]["requirement"] == "mandatory"
    infections = found["infections"]
    assert infections["data_type"] == "string" and infections["source_identifier"] == "infections___1"
    assert [e["label"] for e in infections["value_set"]] == ["Pseudomonas aeruginosa", "Staphylococcus aureus"]
    assert {"property": "redcap:calculation", "value": "round([weight_kg]/(([height_cm]/100)^2),1)"} in found["bmi"]["annotations"]
    assert {"property": "redcap:branching_logic", "value": "[height_cm] <> ''"} in found["bmi"]["annotations"]
    assert item.result.account.balanced and item.result.account.source_values == 111


def test_csv_example_slider_and_checkbox():
    from tests.conftest import EXAMPLES

    record = only(EXAMPLES / "redcap" / "cf-registry-annual-review.csv").result.record
    found = {v["name"]: v for t in record["tables"] for v in t["variables"]}
    assert [t["name"] for t in record["tables"]] == ["enrolment", "annual_review"]
    slider = found["fev1_pct"]
    assert slider["data_type"] == "integer" and "format" not in slider
    assert {"property": "redcap:show_slider_number", "value": "number"} in slider["annotations"]
    assert found["infections"]["data_type"] == "string" and len(found["infections"]["value_set"]) == 4
    assert found["nhs_number"]["label"] == "NHS number" and found["nhs_number"]["description"] == "10 digits, no spaces"
    assert found["genotype_known"]["value_set"] == [{"code": "1", "label": "Yes"}, {"code": "0", "label": "No"}]


def test_participant_data_in_an_odm_export_is_never_copied(tmp_path):
    from tests.conftest import EXAMPLES

    text = (EXAMPLES / "redcap" / "cf-registry-project.REDCap.xml").read_text(encoding="utf-8")
    text = text.replace("</Study>\n</ODM>", '</Study>\n<ClinicalData StudyOID="Project.ExampleCFRegistry" '
                        'MetaDataVersionOID="Metadata.ExampleCFRegistry_2024-05-02"><SubjectData SubjectKey="1">'
                        '<FormData FormOID="Form.enrolment"><ItemGroupData ItemGroupOID="enrolment.record_id">'
                        '<ItemData ItemOID="nhs_number" Value="9434765919"/></ItemGroupData></FormData></SubjectData>'
                        '</ClinicalData>\n</ODM>')
    path = tmp_path / "with-data.xml"
    path.write_text(text, encoding="utf-8")
    item = only(path)
    assert item.result.account.balanced and item.result.account.source_values == 111
    assert "9434765919" not in str(item.result.record)
    assert any("ClinicalData" in w and "skipped" in w for w in item.result.account.warnings)
