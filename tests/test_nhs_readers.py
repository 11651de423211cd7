"""NHS readers: nhs-hes-tos, nhs-data-dictionary and nhs-ncdr on the shared corpus and the examples."""
from __future__ import annotations

import csv
import json

import pytest

from conftest import EXAMPLES
from helpers import convert_file, only

HES_CSV = "nhs_hes_tos/hes_tos_v1.15_apc.csv"
HES_JSON = "nhs_hes_tos/hes_apc_metadata.json"
COSD = "nhs_data_dictionary/Cancer_Outcomes_and_Services_Data_Set_-_Central_Nervous_System.xml"
VTE = "nhs_data_dictionary/Venous_Thromboembolism_Risk_Assessment_Data_Set.xml"
NCDR = "nhs_ncdr"


def _by_name(dataset):
    return {v.name: v for t in dataset.tables for v in t.variables}


# -- HES TOS -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def hes(corpus):
    return only(corpus / HES_CSV)


def test_hes_csv_one_variable_per_field_row(hes, corpus):
    rows = list(csv.reader(open(corpus / HES_CSV, encoding="utf-8", newline="")))[2:]
    dataset = hes.dataset
    assert dataset.title == "Admitted Patient Care (APC)"
    assert dataset.description.startswith("The APC data set includes details of episodes of care")
    assert len(dataset.tables) == 1
    assert len(dataset.tables[0].variables) == len(rows) == 250
    assert hes.result.account.balanced and hes.result.account.summary()["unmapped"] == 0


def test_hes_values_become_value_sets_and_notes(hes):
    variables = _by_name(hes.dataset)
    admimeth = variables["ADMIMETH"]
    codes = [e.code for e in admimeth.value_set]
    assert codes[:6] == ["11", "12", "13", "21", "22", "23"] and "2A" in codes
    assert admimeth.label == "Method of Admission" and admimeth.source_data_type == "String(2)"
    assert admimeth.data_type == "string"
    assert admimeth.notes.startswith("Elective Admission, when the decision to admit")
    destination = variables["ACPDISP_n"]
    assert [e.code for e in destination.value_set] == ["01", "02", "03", "04", "05", "06", "07", "08", "98", "99"]
    assert destination.value_set[6].label == "Died"
    admidate = variables["ADMIDATE"]
    assert admidate.data_type == "date" and [e.code for e in admidate.value_set] == ["1800-01-01", "1801-01-01"]
    assert admidate.notes == "YYYY-MM-DD = Date of admission"


def test_hes_repeating_fields_have_repeat_counts(hes):
    variables = _by_name(hes.dataset)
    assert variables["DIAG_nn"].repeat_count == 20      # "DIAG_01 to DIAG_20" in its description
    assert variables["OPERTN_nn"].repeat_count == 24
    assert variables["DIAG_4_nn"].repeat_count == 20
    assert variables["ACPDISP_n"].repeat_count == 9
    assert variables["ADMIMETH"].repeat_count is None
    assert sum(1 for v in variables.values() if v.repeat_count) == 30


def test_hes_restricted_fields_and_annotations(hes):
    variables = _by_name(hes.dataset)
    assert variables["HESID"].sensitive is True
    assert sum(1 for v in variables.values() if v.sensitive) == 24
    notes = {a.property: a.value for a in variables["ADMIDATE"].annotations}
    assert notes["hes:availability"] == "1989-90 onwards"
    assert notes["hes:table_name"] == "AHAS_FLAT.dbo.AHAS_HES_APC"


def test_hes_json_repairs_double_encoded_utf8(corpus):
    item = only(corpus / HES_JSON)
    variables = _by_name(item.dataset)
    assert len(variables) == len(json.loads((corpus / HES_JSON).read_text())) == 81
    text = json.dumps(item.dataset.model_dump(mode="json"), ensure_ascii=False)
    assert "Â" not in text and "â€™" not in text
    ccg = variables["CCG_RESIDENCE"]
    assert any("patient\u2019s residence" in (e.label or "") for e in ccg.value_set) or "patient\u2019s residence" in (ccg.notes or "")
    rules = {e[4] for e in item.result.account.normalised if e[0].endswith("/Values")}
    assert "mojibake+code_list" in rules
    assert item.result.account.balanced


def test_hes_numbered_copies_are_collapsed():
    item = only(EXAMPLES / "nhs-hes-tos" / "hes_tos_example_op.csv")
    variables = _by_name(item.dataset)
    assert list(variables) == ["APPTDATE", "ATTENDED", "DIAG_nn", "OPERTN_nn", "HESID"]
    assert variables["DIAG_nn"].repeat_count == 3 and variables["OPERTN_nn"].repeat_count == 24
    assert item.result.account.balanced


# -- NHS Data Dictionary -----------------------------------------------------------------
def test_data_dictionary_groups_and_elements(corpus):
    item = only(corpus / VTE)
    dataset = item.dataset
    assert dataset.title == "Venous Thromboembolism Risk Assessment Data Set"
    assert [t.name for t in dataset.tables] == ["SUBMISSION IDENTIFIER", "VENOUS THROMBOEMBOLISM RISK ASSESSMENTS"]
    first = dataset.tables[0]
    assert first.description == "To carry the submission identifier details. One occurrence of this group is required."
    element = first.variables[0]
    assert element.name == "ORGANISATION_IDENTIFIER_(CODE_OF_PROVIDER)"
    assert element.requirement == "mandatory"
    assert str(element.property_url) == \
        "https://datadictionary.nhs.uk/data_elements/organisation_identifier__code_of_provider_.html"
    assert sum(len(t.variables or []) for t in dataset.tables) == 5
    assert item.result.account.balanced and item.result.account.summary()["unmapped"] == 0


def test_data_dictionary_choices_become_tables_in_their_group(corpus):
    item = only(corpus / COSD)
    tables = {t.name: t for t in item.dataset.tables}
    assert len(tables) == 9
    links = (corpus / COSD).read_text().count("<a href=")
    assert sum(len(t.variables or []) for t in tables.values()) == links == 14
    choice = tables["CHOICE 1 - ALPHA FETOPROTEIN"]
    assert choice.container.startswith("LABORATORY RESULTS: GERM CELL CENTRAL NERVOUS SYSTEM (CNS) TUMOURS CHOICE")
    imaging = tables["IMAGING - CENTRAL NERVOUS SYSTEM (CNS)"]
    assert [v.requirement for v in imaging.variables] == ["required"] * 4
    assert {a.value for a in imaging.annotations} == {"M/R"}
    assert item.result.account.balanced


def test_data_dictionary_refuses_entities_and_locates_malformed_xml(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE definition [<!ENTITY a "datadictionary.nhs.uk duckblue">]>'
                    '<definition><table><tr><th class="duckblue">&a;</th></tr></table></definition>', encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text('<definition>\n<table><tr><th class="duckblue">G</th></tr>\n'
                      '<a href="https://datadictionary.nhs.uk/data_elements/x.html">X</a></definition>', encoding="utf-8")
    [b1] = convert_file(bomb, reader="nhs-data-dictionary")
    [b2] = convert_file(broken, reader="nhs-data-dictionary")
    assert b1.report.status == "failed" and "entities" in b1.report.messages[0]
    assert b2.report.status == "failed" and "malformed XML" in b2.report.messages[0] and ":line " in b2.report.messages[0]


# -- NCDR ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ncdr(corpus):
    return {i.report.source.rsplit("#", 1)[-1] if "#" in i.report.source else i.report.source.rsplit("/", 1)[-1]: i
            for i in convert_file(corpus / NCDR)}


def test_ncdr_structure_gives_a_dataset_per_database(ncdr):
    databases = {k: v for k, v in ncdr.items() if k.startswith("database=")}
    assert len(databases) == 7
    nhs111 = databases["database=NHSE_111"].dataset
    assert nhs111.title == "NHS 111 data"
    assert nhs111.alternate_identifiers == ["NHSE_111"]
    assert nhs111.temporal_coverage.start_date == "2015-04"
    assert nhs111.access_rights.startswith("Users should follow the confidentiality guidance")
    assert len(nhs111.tables) == 22
    table = nhs111.tables[0]
    assert (table.name, table.container, table.source_identifier) == ("111_Provider_Data", "NHSE_111.dbo", "1")
    sus = databases["database=NHSE_SUSPlus_Live"].dataset
    assert sus.temporal_coverage.ongoing is True
    assert all(v.result.account.balanced for v in databases.values())


def test_ncdr_definitions_join_the_tables_they_are_present_in(ncdr, corpus):
    sus = ncdr["database=NHSE_SUSPlus_Live"].dataset
    apce = next(t for t in sus.tables if t.name == "tbl_Data_SEM_APCE")
    names = {v.name for v in apce.variables}
    assert "Census_Area_2001_SUS" in names
    census = next(v for v in apce.variables if v.name == "Census_Area_2001_SUS")
    assert census.label == "2001 Census area" and census.source_data_type == "varchar(10), varchar(4)"


def test_ncdr_definitions_and_groupings(ncdr):
    definitions = ncdr["vw_Export_Standard_Definitions.csv"]
    [table] = definitions.dataset.tables
    assert len(table.variables) == 300
    arrival = next(v for v in table.variables if v.name == "AEA_Arrival_Mode")
    assert arrival.data_type == "string" and arrival.label == "A&E arrival mode"
    assert str(arrival.property_url).startswith("http://www.datadictionary.nhs.uk/data_dictionary/attributes/a/acc/")
    groupings = ncdr["vw_Export_Standard_GroupingMapping.csv"].dataset
    assert len(groupings.tables) == 15 and sum(len(t.variables) for t in groupings.tables) == 200
    activity = next(t for t in groupings.tables if t.name == "Activity")
    assert len(activity.variables) == 51
    assert definitions.result.account.balanced


def test_ncdr_inner_quotes_and_latin1_survive():
    items = convert_file(EXAMPLES / "nhs-ncdr" / "vw_Export_Standard_DB_Structure.csv")
    [item] = items
    dataset = item.dataset
    assert 'a "quoted phrase" inside' in dataset.description
    assert "café £" in dataset.access_rights
    assert {t.name: len(t.variables) for t in dataset.tables} == {"Clinic_Attendances": 3, "Clinic_Referrals": 2}


def test_ncdr_wrong_field_count_is_located_and_other_files_still_convert(corpus, tmp_path):
    good = tmp_path / "vw_Export_Standard_GroupingMapping.csv"
    good.write_bytes((corpus / NCDR / "vw_Export_Standard_GroupingMapping.csv").read_bytes())
    bad = tmp_path / "vw_Export_Standard_Definitions_broken.csv"
    lines = (corpus / NCDR / "vw_Export_Standard_Definitions.csv").read_bytes().split(b"\r\n")
    lines[3] = lines[3].replace("\u00ac".encode("latin-1"), b",", 2)
    bad.write_bytes(b"\r\n".join(lines))
    items = {i.report.source.rsplit("/", 1)[-1]: i.report for i in convert_file(tmp_path)}
    assert items["vw_Export_Standard_GroupingMapping.csv"].status in ("ok", "warning")
    message = items["vw_Export_Standard_Definitions_broken.csv"].messages[0]
    assert items["vw_Export_Standard_Definitions_broken.csv"].status == "failed"
    assert ":row 4, column " in message and "fields" in message


def test_ncdr_truncated_export_names_row_and_column(corpus, tmp_path):
    path = tmp_path / "vw_Export_Standard_GroupingMapping.csv"
    path.write_bytes((corpus / NCDR / "vw_Export_Standard_GroupingMapping.csv").read_bytes()[:3000])
    [item] = convert_file(path)
    assert item.report.status == "failed"
    assert ":row 15, column Data Element Description: the file ends inside a field" in item.report.messages[0]


def test_hes_truncated_json_and_xml_fail_alone(corpus, tmp_path):
    (tmp_path / "hes_apc_metadata.json").write_bytes((corpus / HES_JSON).read_bytes()[:5000])
    (tmp_path / "vte.xml").write_bytes((corpus / VTE).read_bytes()[:2000])
    (tmp_path / "hes_tos.csv").write_bytes((corpus / HES_CSV).read_bytes())
    reports = {i.report.source.rsplit("/", 1)[-1]: i.report for i in convert_file(tmp_path)}
    assert reports["hes_apc_metadata.json"].status == "failed"
    assert "malformed JSON" in reports["hes_apc_metadata.json"].messages[0]
    assert "vte.xml:line " in reports["vte.xml"].messages[0]
    assert reports["hes_tos.csv"].status == "warning"
