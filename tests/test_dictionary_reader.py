"""Reader `dictionary`: any spreadsheet data dictionary, column roles inferred or configured.

The corpus dictionaries that also have a dedicated reader are read here with the generic
one and no config, and must give the right variables with their labels, types and code lists.
"""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from harmonise.detection import candidates
from harmonise.errors import InputError
from harmonise.sources import Source
from tests.helpers import convert_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "dictionary"


def read(path, **extra):
    items = convert_file(path, "dictionary", **extra)
    assert len(items) == 1, [i.report.to_dict() for i in items]
    item = items[0]
    assert item.dataset is not None, item.report.to_dict()
    account = item.result.account
    assert account.balanced, account.summary()
    return item


def variables(dataset):
    return {(t.name, v.name): v for t in dataset.tables for v in t.variables or []}


def test_maelstrom_variables_with_codes_joined_from_the_categories_file(corpus):
    item = read(corpus / "maelstrom" / "dataschema_ProPASS.Variables.csv")
    found = variables(item.dataset)
    assert len(found) == 121
    sex = found[("propass_bl_2_0", "sdc_sex")]
    assert sex.label == "Sex" or sex.label  # the label column
    assert sex.data_type == "integer" and sex.source_data_type == "integer"
    assert [(e.code, e.label, e.is_missing) for e in sex.value_set] == [("1", "Female", False), ("2", "Male", False)]
    # every one of the 236 category rows reaches a variable's value set
    assert sum(len(v.value_set or []) for v in found.values()) == 236
    assert sum(1 for v in found.values() if v.value_set) == 79
    assert found[("propass_bl_2_0", "adm_participant_id")].label == "Participant identifier"
    assert found[("propass_bl_2_0", "adm_participant_id")].description == "Unique participant identifier"
    summary = item.result.account.summary()
    account = item.result.account
    # all 6 cells of each of the 236 category rows are accounted, located in the categories file
    from_categories = [e for e in account.events() if str(e.get("source", "")).startswith("dataschema_ProPASS.Categories.csv row")]
    assert len(from_categories) == 236 * 6
    assert summary["source_values"] == 2848
    # the report says which column got which role, and why
    assert any("name='name' (header is 'name')" in m and "valueType" in m for m in item.report.messages)


def test_redcap_dictionary_with_inferred_roles(corpus):
    item = read(corpus / "redcap" / "IeDEA_tblCENTER_2020-06-30.csv")
    found = variables(item.dataset)
    assert len(found) == 24  # every named row, descriptive fields included when nothing says otherwise
    region = found[("tblcenter", "region")]
    assert region.data_type == "string" and region.source_data_type == "dropdown"
    assert len(region.value_set) == 7 and (region.value_set[0].code, region.value_set[0].label) == ("AP", "Asia-Pacific")
    rural = found[("tblcenter", "rural")]
    assert [(e.code, e.label) for e in rural.value_set][-1] == ("9", "Unknown")
    # text + date_ymd validation -> a date
    assert found[("tblcenter", "last_reviewed_d")].data_type == "date"
    assert found[("tblcenter", "last_reviewed_d")].format == "date_ymd"
    assert found[("tblcenter", "last_reviewed_d")].label.startswith("Last Reviewed Date Date when this center")
    assert "<div" not in found[("tblcenter", "last_reviewed_d")].label


def test_redcap_config_makes_it_exact(corpus, tmp_path):
    config = tmp_path / "redcap.dictionary.yaml"
    config.write_text(
        "columns:\n  name: Variable / Field Name\n  table: Form Name\n  label: Field Label\n"
        "  data_type: Field Type\n  code_list: 'Choices, Calculations, OR Slider Labels'\n"
        "skip:\n  Field Type: [descriptive]\n")
    item = read(corpus / "redcap" / "IeDEA_tblCENTER_2020-06-30.csv", dictionary_config=str(config))
    found = variables(item.dataset)
    assert len(found) == 22
    assert ("tblcenter", "tblcenter_txt") not in found
    assert sum(len(v.value_set or []) for v in found.values()) == 278
    # the two descriptive rows are kept as extensions, not lost
    notes = [e.note for e in item.dataset.extensions]
    assert sum(1 for n in notes if n and n.startswith("row skipped by the config")) >= 2
    # the report tells roles named in the config from those still inferred
    assert "name='Variable / Field Name' (named in the config)" in item.report.messages[0]
    assert "notes='Field Note' (header is 'field note')" in item.report.messages[0]


def test_omop_field_level(corpus):
    item = read(corpus / "omop" / "OMOP_CDMv5.4_Field_Level.csv")
    found = variables(item.dataset)
    assert len(found) == 432
    assert len(item.dataset.tables) == 39
    person_id = found[("person", "person_id")]
    assert person_id.data_type == "integer" and person_id.requirement == "mandatory" and person_id.is_primary_key
    assert found[("person", "birth_datetime")].data_type == "datetime"
    assert person_id.description.startswith("It is assumed that every person")
    # a foreign key written in two columns (fkTableName, fkFieldName) -> references "table.field"
    assert found[("person", "gender_concept_id")].references == "CONCEPT.CONCEPT_ID"
    assert person_id.references is None
    assert sum(1 for v in found.values() if v.references) == 176


def test_ukbiobank_codings_joined_by_coding_id_with_a_config(corpus, tmp_path):
    """UK Biobank's `Coding` column names a code list in Codings_Showcase.csv: a config joins them."""
    config = tmp_path / "ukb.dictionary.yaml"
    config.write_text(
        "columns: {name: FieldID, label: Field, table: Category, data_type: ValueType, unit: Units,\n"
        "          code_list: Coding, property_url: Link, notes: Notes}\n"
        f"code_lists:\n  file: {corpus / 'ukbiobank' / 'Codings_Showcase.csv'}\n"
        "  columns: {key: Coding, code: Value, label: Meaning}\n")
    item = read(corpus / "ukbiobank" / "Data_Dictionary_Showcase.csv", dictionary_config=str(config))
    found = {v.name: v for t in item.dataset.tables for v in t.variables}
    assert len(found) == 423
    heel = found["19"]
    assert heel.label == "Heel ultrasound method" and heel.source_data_type == "Categorical single"
    assert [(e.code, e.label) for e in heel.value_set][:3] == [("1", "Direct entry"), ("2", "Manual entry"),
                                                           ("3", "Not performed")]
    assert sum(1 for v in found.values() if v.value_set) == 159
    assert found["3"].unit == "seconds" and found["3"].data_type == "integer"
    # codings the (trimmed) codings file lacks are reported, not lost
    missing = [e for e in item.dataset.extensions if e.note == "names a code list that Codings_Showcase.csv does not have"]
    assert len(missing) == 86


def test_tsv_dictionary(tmp_path):
    path = tmp_path / "clinic.tsv"
    path.write_text("Field name\tDescription\tData type\tCodes\n"
                    "smoker\tSmoking status\tcategorical\t1=Never; 2=Former; 3=Current\n"
                    "bmi\tBody mass index\tnumeric 3.1\t\n")
    item = read(path)
    [table] = item.dataset.tables
    assert table.name == "clinic"
    smoker, bmi = table.variables
    assert (smoker.name, smoker.description, smoker.data_type) == ("smoker", "Smoking status", "string")
    assert [e.label for e in smoker.value_set] == ["Never", "Former", "Current"]
    assert bmi.data_type == "decimal" and bmi.source_data_type == "numeric 3.1"


def test_overlay_completes_the_record():
    from harmonise.engine import ConvertOptions, iter_converted

    options = ConvertOptions(reader="dictionary")
    options.read.overlays = (EXAMPLES / "stroke-rehab-registry.overlay.yaml",)
    [item] = list(iter_converted([str(EXAMPLES / "stroke-rehab-registry.csv")], options))
    dataset = item.dataset
    assert dataset.title == "Stroke Rehabilitation Outcomes Registry"  # the overlay's, not the file name
    assert dataset.publisher.name == "Example Stroke Charity"
    assert dataset.contact_points[0].email == "registry@example.org"
    assert sum(len(t.variables) for t in dataset.tables) == 10
    assert not any("missing dataset-level" in m for m in item.report.messages)
    # without the overlay the record still converts, titled after the file, and the report asks for one
    [item] = convert_file(EXAMPLES / "stroke-rehab-registry.csv", "dictionary")
    assert item.dataset.title == "stroke-rehab-registry"
    assert any("missing dataset-level value(s) publisher, contact_points" in m for m in item.report.messages)


def test_mauro_data_elements_names_from_the_label_column(corpus):
    item = read(corpus / "hdruk_mdc_datamodel" / "dataelements.csv")
    found = {v.name: v for t in item.dataset.tables for v in t.variables}
    assert sum(len(t.variables) for t in item.dataset.tables) == 160
    assert len(item.dataset.tables) == 28
    death = found["S03DeathDate"]
    assert death.data_type == "datetime"
    assert death.source_identifier == "35568893-8fc8-4e75-bfca-d40875ca3aab"
    # dataTypeLabel (readable types) wins over dataType ("PrimitiveType") by its values
    assert "dataTypeLabel" in item.report.messages[0]
    assert found["S03DeathCause"].source_data_type == "varchar(10)"


def test_ncdr_definitions(corpus):
    item = read(corpus / "nhs_ncdr" / "vw_Export_Standard_Definitions.csv")
    found = {v.name: v for t in item.dataset.tables for v in t.variables}
    assert len(found) == 300
    census = found["Census_Area_2001_SUS"]
    assert census.label == "2001 Census area"
    assert census.data_type == "string" and census.source_data_type == "varchar(10), varchar(4)"
    assert census.property_url.startswith("https://digital.nhs.uk/")


def test_config_makes_inference_exact(corpus, tmp_path):
    """Inference files 'Data_Element' as the label; a config can make the element the name instead."""
    config = tmp_path / "ncdr.dictionary.yaml"
    config.write_text("columns:\n  name: Data_Element\n  source_identifier: Item_Name\n  data_type: Data_Type\n"
                      "table: ncdr_definitions\n")
    item = read(corpus / "nhs_ncdr" / "vw_Export_Standard_Definitions.csv", dictionary_config=str(config))
    assert [t.name for t in item.dataset.tables] == ["ncdr_definitions"]
    census = item.dataset.tables[0].variables[0]
    assert (census.name, census.source_identifier, census.label) == ("2001 Census area", "Census_Area_2001_SUS", None)


def _write_maelstrom_workbook(corpus, path, title_rows=0, sheets=("Variables", "Categories")):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet_name, file in zip(sheets, ("dataschema_ProPASS.Variables.csv", "dataschema_ProPASS.Categories.csv")):
        sheet = workbook.create_sheet(sheet_name)
        if sheet_name == sheets[0]:
            for n in range(title_rows):
                sheet.append([f"ProPASS DataSchema, title line {n + 1}"])
        with (corpus / "maelstrom" / file).open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                sheet.append([int(c) if c.isdigit() and len(c) < 6 else (c or None) for c in row])
    workbook.save(path)


def test_xlsx_workbook_with_a_categories_sheet(corpus, tmp_path):
    path = tmp_path / "propass.xlsx"
    _write_maelstrom_workbook(corpus, path, title_rows=2)
    item = read(path)
    found = variables(item.dataset)
    assert len(found) == 121
    assert sum(len(v.value_set or []) for v in found.values()) == 236
    assert [e.code for e in found[("propass_bl_2_0", "sdc_sex")].value_set] == ["1", "2"]
    # the two title rows are kept, not lost
    assert sum(1 for e in item.dataset.extensions if e.note == "title or note row above the header") == 2
    assert "sheet 'Variables', header on row 3" in item.report.messages[0]


def test_xlsx_sheet_chosen_by_config(corpus, tmp_path):
    path = tmp_path / "propass.xlsx"
    # the variables sit on a sheet named "Codes", the codes on one named "Dictionary": names mislead
    _write_maelstrom_workbook(corpus, path, sheets=("Codes", "Dictionary"))
    config = tmp_path / "c.yaml"
    config.write_text("sheet: 0\ncode_lists:\n  sheet: Dictionary\n  columns: {key: variable, code: name}\n")
    item = read(path, dictionary_config=str(config))
    found = variables(item.dataset)
    assert len(found) == 121
    assert sum(len(v.value_set or []) for v in found.values()) == 236
    assert "code lists from sheet 'Dictionary'" in item.report.messages[0]


def test_dedicated_readers_win_detection(corpus):
    for path in (corpus / "redcap" / "IeDEA_tblCENTER_2020-06-30.csv",
                 corpus / "omop" / "OMOP_CDMv5.4_Field_Level.csv"):
        found = candidates(Source(path))
        dictionary = [d for d in found if d.reader == "dictionary"]
        assert dictionary and dictionary[0].confidence <= 0.2
        if len(found) > 1:
            assert found[0].reader != "dictionary"


def test_detect_says_which_column_has_which_role(corpus):
    [claim] = [d for d in candidates(Source(corpus / "nhs_ncdr" / "vw_Export_Standard_Definitions.csv"))
               if d.reader == "dictionary"]
    assert "name='Item_Name' (header is 'item name')" in claim.clue
    assert "label='Data_Element'" in claim.clue


# -- bad input -----------------------------------------------------------------------

def test_no_name_column_is_a_clear_error(tmp_path):
    path = tmp_path / "sums.csv"
    path.write_text("Region,Total,Rate\nNorth,12,0.5\n")
    with pytest.raises(InputError) as info:
        list(__import__("harmonise.mappings.dictionary", fromlist=["READERS"]).READERS[0]
             .read(Source(path), __import__("harmonise.mapping", fromlist=["ReadOptions"]).ReadOptions()))
    message = info.value.located()
    assert str(path) in message and "no recognisable variable-name column" in message and "Region, Total, Rate" in message


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "harmonise", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT)


def test_cli_errors_name_the_file_and_column_or_sheet(corpus, tmp_path):
    config = tmp_path / "bad.dictionary.yaml"
    config.write_text("columns:\n  name: Variable Name\n")
    done = _cli("convert", corpus / "maelstrom" / "dataschema_ProPASS.Variables.csv", "--from", "dictionary",
                "--dictionary-config", config, "--out", tmp_path / "out")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "dataschema_ProPASS.Variables.csv:row 1, column Variable Name:" in done.stderr
    assert "names column 'Variable Name' (role name), but the header has no such column" in done.stderr

    workbook = tmp_path / "propass.xlsx"
    _write_maelstrom_workbook(corpus, workbook)
    config.write_text("sheet: Dictionary\n")
    done = _cli("convert", workbook, "--from", "dictionary", "--dictionary-config", config, "--out", tmp_path / "out")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "propass.xlsx:sheet Dictionary: the workbook has no sheet named 'Dictionary' (sheets: Variables, Categories)" \
        in done.stderr

    config.write_text("columns: {nme: Variable}\n")
    done = _cli("convert", workbook, "--from", "dictionary", "--dictionary-config", config, "--out", tmp_path / "out")
    assert done.returncode == 2 and "unknown role 'nme'" in done.stderr and str(config) in done.stderr

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    done = _cli("convert", broken, "--from", "dictionary", "--out", tmp_path / "out")
    assert done.returncode == 2 and "broken.xlsx: not a readable XLSX workbook" in done.stderr


def test_cli_detect_with_config_shows_the_roles(tmp_path):
    done = _cli("detect", EXAMPLES / "trust-warehouse-extract.csv", "--dictionary-config",
                EXAMPLES / "trust-warehouse-extract.dictionary.yaml")
    assert done.returncode == 0, done.stderr
    assert "name='Fld' (named in the config)" in done.stdout and "header on row 3" in done.stdout


# -- examples ------------------------------------------------------------------------

def test_examples_convert(tmp_path):
    item = read(EXAMPLES / "stroke-rehab-registry.csv")
    found = variables(item.dataset)
    assert len(found) == 10 and [t.name for t in item.dataset.tables] == ["Enrolment", "Assessment"]
    assert [(e.code, e.label) for e in found[("Enrolment", "sex")].value_set] == [
        ("1", "Male"), ("2", "Female"), ("9", "Not stated")]
    assert found[("Enrolment", "enrol_date")].data_type == "date"
    assert found[("Assessment", "mrs_score")].data_type == "decimal" and len(found[("Assessment", "mrs_score")].value_set) == 7
    assert found[("Assessment", "walk_unaided")].data_type == "boolean"
    assert found[("Enrolment", "age_at_stroke")].unit == "years"
    assert found[("Enrolment", "patient_ref")].sensitive is True

    item = read(EXAMPLES / "trust-warehouse-extract.csv")  # its .dictionary.yaml beside it is used
    found = variables(item.dataset)
    assert len(found) == 8
    status = found[("op_attendance", "attend_status")]
    assert [e.code for e in status.value_set] == ["5", "6", "7", "2", "3"]  # joined by the list name
    assert found[("op_attendance", "attendance_id")].is_primary_key is True
    assert found[("op_attendance", "appt_date")].data_type == "datetime"
    # the companion codes file gives no record of its own
    assert convert_file(EXAMPLES / "trust-warehouse-extract.codes.csv", "dictionary") == []
