"""maelstrom reader: the ProPASS Opal DataSchema (Variables + Categories) from the corpus, as CSV and XLSX."""
from __future__ import annotations

import csv
import importlib.util
import shutil

import pytest

from harmonise.detection import detect
from harmonise.sources import Source
from tests.helpers import convert_file, only

VARIABLES = "maelstrom/dataschema_ProPASS.Variables.csv"
CATEGORIES = "maelstrom/dataschema_ProPASS.Categories.csv"


def by_name(record):
    return {v["name"]: v for t in record["tables"] for v in t["variables"]}


def check_propass(record):
    assert record["title"] == "ProPASS"
    assert [(t["name"], len(t["variables"])) for t in record["tables"]] == [("propass_bl_2_0", 121)]
    found = by_name(record)
    sex = found["sdc_sex"]
    assert sex["label"] == "Sex" and sex["description"] == "Sex of the participant"
    assert sex["data_type"] == "integer"
    assert sex["value_set"] == [{"code": "1", "label": "Female", "is_missing": False},
                                {"code": "2", "label": "Male", "is_missing": False}]
    assert {"property": "maelstrom:individual_entity", "value": "participant"} in sex["annotations"]
    assert {"property": "maelstrom:time_period", "value": "at data collection"} in sex["annotations"]
    assert {"property": "maelstrom:source", "value": "questionnaire"} in sex["annotations"]
    education = found["sdc_education_highest"]["value_set"]
    assert education[3]["label"] == "Bachelor's, master's, doctorate, or equivalent (ISCED 2011 levels 6, 7, 8)"
    assert sum(len(v.get("value_set", [])) for v in found.values()) == 236
    assert sum(1 for v in found.values() if v.get("value_set")) == 79
    units = {v["unit"] for v in found.values() if v.get("unit")}
    assert "mmol/L" in units
    assert [v["format"] for v in found.values() if v.get("format")] == ["yyyy-mm-dd"]
    assert sorted({v["data_type"] for v in found.values()}) == ["date", "decimal", "integer", "string"]


def test_detects_both_tables(corpus):
    assert detect(Source(corpus / VARIABLES)).reader == "maelstrom"
    assert detect(Source(corpus / CATEGORIES)).reader == "maelstrom"


def test_csv_pair_gives_one_dataset(corpus):
    items = convert_file(corpus / "maelstrom")
    assert len(items) == 1  # the Categories file is read with its Variables sibling
    item = items[0]
    # without an overlay the report names the dataset-level values a dictionary lacks
    assert item.report.status == "warning"
    assert item.report.messages[0].startswith("missing dataset-level value(s) publisher, contact_points")
    check_propass(item.dataset.model_dump(mode="json", exclude_none=True))
    account = item.result.account
    assert account.balanced and not account.unmapped
    with open(corpus / VARIABLES, encoding="utf-8") as fh:
        cells = sum(1 for row in csv.DictReader(fh) for v in row.values() if v.strip())
    with open(corpus / CATEGORIES, encoding="utf-8") as fh:
        cells += sum(1 for row in csv.DictReader(fh) for v in row.values() if v.strip())
    assert account.source_values == cells == 2848
    assert any(p.startswith("dataschema_ProPASS.Categories.csv: row 2, column") for p, _ in account.mapped)


@pytest.mark.skipif(importlib.util.find_spec("openpyxl") is None, reason="openpyxl not installed")
def test_xlsx_workbook(tmp_path, corpus):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet_name, name in (("Variables", VARIABLES), ("Categories", CATEGORIES)):
        sheet = book.create_sheet(sheet_name)
        with open(corpus / name, encoding="utf-8") as fh:
            for row in csv.reader(fh):
                sheet.append([int(c) if c.isdigit() and len(c) < 6 else c for c in row])
    path = tmp_path / "dataschema_ProPASS.xlsx"
    book.save(path)
    assert detect(Source(path)).reader == "maelstrom"
    item = only(path)
    assert item.report.status == "warning" and len(item.report.messages) == 1, item.report.messages
    check_propass(item.dataset.model_dump(mode="json", exclude_none=True))
    assert item.result.account.balanced and item.result.account.source_values == 2848
    assert any(p.startswith("sheet Categories: row 2, column") for p, _ in item.result.account.mapped)


def test_categories_alone_and_unknown_variables(tmp_path, corpus):
    shutil.copy(corpus / CATEGORIES, tmp_path / "cats.Categories.csv")
    item = only(tmp_path / "cats.Categories.csv")
    record = item.result.record
    assert sum(len(v["value_set"]) for v in by_name(record).values()) == 236
    (tmp_path / "s.Variables.csv").write_text("table,name,valueType,label:en,label:fr,Mlstr_area::1\n"
                                              "t,sex,integer,Sex,Sexe,Sociodemographic\n", encoding="utf-8")
    (tmp_path / "s.Categories.csv").write_text("table,variable,name,label:en,missing\nt,sex,1,Female,0\n"
                                               "t,gender,9,Unknown,1\n", encoding="utf-8")
    item = only(tmp_path / "s.Variables.csv")
    sex = item.result.record["tables"][0]["variables"][0]
    assert sex["label"] == "Sex"
    assert {"property": "maelstrom:label:fr", "value": "Sexe"} in sex["annotations"]
    assert {"property": "maelstrom:Mlstr_area::1", "value": "Sociodemographic"} in sex["annotations"]
    assert sex["value_set"] == [{"code": "1", "label": "Female", "is_missing": False}]
    assert any("gender" in w for w in item.result.account.warnings)
    assert len(item.result.record["extensions"]) == 5 and item.result.account.balanced


def test_variable_without_name_is_located(tmp_path):
    path = tmp_path / "x.Variables.csv"
    path.write_text("table,name,valueType\nt,age,integer\nt,,text\n", encoding="utf-8")
    item = only(path)
    assert item.report.status == "failed" and "row 3, column name" in item.report.messages[0]


@pytest.mark.skipif(importlib.util.find_spec("harmonise.overlay") is None, reason="overlays not implemented yet")
def test_overlay_supplies_dataset_values(tmp_path, corpus):
    from harmonise.engine import ConvertOptions, iter_converted

    overlay = tmp_path / "propass.overlay.yaml"
    overlay.write_text("description: Prospective Physical Activity, Sitting, and Sleep consortium\n"
                       "publisher:\n  name: Maelstrom Research\n", encoding="utf-8")
    options = ConvertOptions()
    options.read.overlays = (overlay,)
    [item] = list(iter_converted([str(corpus / VARIABLES)], options))
    assert item.dataset.publisher.name == "Maelstrom Research"
    assert item.dataset.description.startswith("Prospective Physical Activity")
    assert item.dataset.title == "ProPASS"
