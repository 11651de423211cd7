"""ukbiobank-showcase: the UK Biobank Showcase dictionary + codings from the shared corpus."""
from __future__ import annotations

import csv
import shutil
from collections import Counter

import pytest

from helpers import convert_file, only

DICT = "ukbiobank/Data_Dictionary_Showcase.csv"
CODINGS = "ukbiobank/Codings_Showcase.csv"


def _variables(dataset):
    return {v.source_identifier: (t, v) for t in dataset.tables for v in t.variables}


@pytest.fixture(scope="module")
def ukb(corpus):
    return only(corpus / DICT)


def test_one_dataset_with_a_variable_per_dictionary_row(ukb, corpus):
    rows = list(csv.DictReader(open(corpus / DICT, encoding="utf-8", newline=""), escapechar="\\"))
    dataset = ukb.dataset
    assert dataset.title == "UK Biobank"
    assert sum(len(t.variables) for t in dataset.tables) == len(rows) == 423
    assert len(dataset.tables) == len({r["Path"] for r in rows}) == 128
    assert ukb.report.status == "warning" and ukb.result.account.balanced
    assert ukb.result.account.summary()["unmapped"] == 0
    assert dataset.population_size == 502414


def test_field_values_reach_the_variable(ukb):
    table, variable = _variables(ukb.dataset)["3"]
    assert table.name == "Process durations" and table.container == "Assessment Centre > Procedural metrics"
    assert table.source_identifier == "152"
    assert variable.name == "Verbal interview duration"
    assert variable.data_type == "integer" and variable.source_data_type == "Integer"
    assert variable.unit == "seconds"
    assert (variable.instances, variable.array_size) == (4, 1)
    assert (variable.participants, variable.item_count) == (501564, 572559)
    assert str(variable.property_url) == "http://biobank.ndph.ox.ac.uk/ukb/field.cgi?id=3"
    notes = {a.property: a.value for a in variable.annotations}
    assert notes == {"ukbiobank:stability": "Complete", "ukbiobank:item_type": "Data",
                     "ukbiobank:strata": "Auxiliary", "ukbiobank:sexed": "Unisex"}
    _t, compound = _variables(ukb.dataset)["3066"]
    assert compound.source_data_type == "Compound" and compound.array_size == 3


def test_backslash_escaped_quotes_stay_inside_notes(ukb):
    _t, variable = _variables(ukb.dataset)["670"]
    assert variable.description.startswith('ACE touchscreen question "What type of accommodation do you live in?"')
    assert {a.value for a in variable.annotations if a.property == "ukbiobank:coding"} == {"100286"}


def test_value_sets_have_one_entry_per_coding_row(ukb, corpus):
    sizes = Counter(r["Coding"] for r in csv.DictReader(open(corpus / CODINGS, encoding="utf-8", newline="")))
    checked = 0
    for _table, variable in _variables(ukb.dataset).values():
        coding = next((a.value for a in variable.annotations or [] if a.property == "ukbiobank:coding"), None)
        if coding in sizes:
            assert len(variable.value_set) == sizes[coding], (variable.source_identifier, coding)
            checked += 1
    assert checked == 155
    _t, accommodation = _variables(ukb.dataset)["670"]
    codes = {e.code: e for e in accommodation.value_set}
    assert len(codes) == 7 and codes["1"].label == "A house or bungalow"
    assert codes["-3"].is_missing is True and codes["-7"].is_missing is None


def test_hierarchical_coding_keeps_parent_codes(ukb):
    _t, job = _variables(ukb.dataset)["132"]
    codes = {e.code: e for e in job.value_set}
    assert len(codes) == 50
    assert codes["1111001"].parent_code == "1111"
    assert codes["111"].parent_code == "11" and codes["11"].parent_code == "1"
    assert codes["1"].parent_code is None and codes["0"].parent_code is None


def test_missing_codings_and_dataset_values_are_reported_not_invented(ukb):
    messages = " ".join(ukb.report.messages)
    assert "6 coding(s) not in Codings_Showcase.csv" in messages
    assert "missing dataset-level value(s) publisher, contact_points" in messages
    assert ukb.dataset.publisher is None and ukb.dataset.observations is None


def test_split_per_top_level_category(corpus):
    items = convert_file(corpus / DICT, split="category")
    titles = {i.dataset.title: sum(len(t.variables) for t in i.dataset.tables) for i in items}
    assert len(items) == 7
    assert titles["UK Biobank: Assessment Centre"] == 265
    assert titles["UK Biobank: Genomics"] == 3
    assert sum(titles.values()) == 423
    assert all(i.result.account.balanced for i in items)


def test_codings_file_is_consumed_by_the_dictionary_beside_it(corpus, tmp_path):
    assert convert_file(corpus / CODINGS) == []
    alone = tmp_path / "Codings_Showcase.csv"
    shutil.copy(corpus / CODINGS, alone)
    [item] = convert_file(alone)
    assert item.report.status == "failed" and "alone describes no dataset" in item.report.messages[0]


def test_dictionary_without_codings_reports_the_missing_value_sets(corpus, tmp_path):
    shutil.copy(corpus / DICT, tmp_path / "Data_Dictionary_Showcase.csv")
    item = only(tmp_path / "Data_Dictionary_Showcase.csv")
    assert "no codings file beside the dictionary" in " ".join(item.report.messages)
    assert all(v.value_set is None for t in item.dataset.tables for v in t.variables)


def test_older_export_with_doubled_quotes_and_path_prefix(examples_dir=None):
    from conftest import EXAMPLES

    item = only(EXAMPLES / "ukbiobank-showcase" / "Data_Dictionary_Showcase.csv")
    tables = {t.name: t for t in item.dataset.tables}
    assert tables["Body size"].container == "Assessment Centre > Physical measures"
    height = tables["Body size"].variables[0]
    assert height.description == 'Height measured barefoot; see also "Seated height".'
    assert item.dataset.observations[0].observation_date == "2024-06-01"
    assert item.dataset.observations[0].measured_value == 1210


def test_truncated_file_fails_with_row_and_column(corpus, tmp_path):
    data = (corpus / DICT).read_bytes()
    cut = data[: data.index(b"\n", 20000) + 60]  # a row cut after a few cells
    path = tmp_path / "Data_Dictionary_Showcase.csv"
    path.write_bytes(cut)
    [item] = convert_file(path)
    assert item.report.status == "failed"
    message = item.report.messages[0]
    assert "Data_Dictionary_Showcase.csv:row " in message and ", column " in message and "truncated" in message


def test_header_that_does_not_match_is_a_located_error(tmp_path):
    path = tmp_path / "dictionary.csv"
    path.write_text("Path;Category;FieldNo;Title\nA;1;2;x\n", encoding="utf-8")
    [item] = convert_file(path, reader="ukbiobank-showcase")
    assert item.report.status == "failed"
    assert "row 1" in item.report.messages[0] and "FieldID" in item.report.messages[0]


def test_utf16_export_reads_like_utf8(corpus, tmp_path):
    text = (corpus / DICT).read_text(encoding="utf-8")
    path = tmp_path / "Data_Dictionary_Showcase.csv"
    path.write_text(text, encoding="utf-16")
    item = only(path)
    assert sum(len(t.variables) for t in item.dataset.tables) == 423


# -- the RAP (DNAnexus) flavour ---------------------------------------------------------------
def test_rap_dictionary_collapses_instances_and_keeps_coded_parents():
    from conftest import EXAMPLES

    folder = EXAMPLES / "ukbiobank-rap"
    assert convert_file(folder / "app_example.codings.csv") == []
    item = only(folder / "app_example.data_dictionary.csv")
    variables = {v.source_identifier: v for t in item.dataset.tables for v in t.variables}
    assert list(variables) == ["eid", "p31", "p50", "p41270"]  # 7 rows, 4 fields
    height = variables["p50"]
    assert (height.name, height.instances, height.unit, height.data_type) == ("Standing height", 2, "cm", "double")
    diagnoses = variables["p41270"]
    assert (diagnoses.instances, diagnoses.array_size) == (1, 3)
    parents = {e.code: e.parent_code for e in diagnoses.value_set}
    assert parents == {"Chapter I": None, "Block A00-A09": "Chapter I", "A01": "Block A00-A09", "A011": "A01"}
    assert item.result.account.balanced and item.result.account.summary()["unmapped"] == 0
