"""omop-cdm reader: the OHDSI OMOP CDM v5.4 specification CSVs from the corpus."""
from __future__ import annotations

import importlib.util
import shutil

import pytest

from harmonise.detection import detect
from harmonise.sources import Source
from tests.helpers import convert_file, only

FIELDS = "omop/OMOP_CDMv5.4_Field_Level.csv"
TABLES = "omop/OMOP_CDMv5.4_Table_Level.csv"


def test_detects_both_files(corpus):
    for name in (FIELDS, TABLES):
        found = detect(Source(corpus / name))
        assert (found.reader, found.version) == ("omop-cdm", "5.4")


def test_folder_gives_one_dataset_of_the_cdm(corpus):
    items = convert_file(corpus / "omop")
    assert len(items) == 1  # the Table_Level file is read with its Field_Level sibling
    item = items[0]
    # without an overlay the report names the dataset-level values a specification lacks
    assert item.report.status == "warning"
    assert item.report.messages[0].startswith("missing dataset-level value(s) publisher, contact_points")
    record = item.dataset.model_dump(mode="json", exclude_none=True)
    assert record["title"] == "OMOP Common Data Model v5.4"
    assert record["version"] == "5.4"
    assert record["conforms_to"] == ["OMOP", "https://ohdsi.github.io/CommonDataModel/cdm54.html"]
    tables = {t["name"]: t for t in record["tables"]}
    assert len(tables) == 39
    assert sum(len(t.get("variables", [])) for t in tables.values()) == 432
    person = tables["person"]
    assert person["container"] == "CDM"
    assert person["description"].startswith("This table serves as the central identity management")
    assert len(person["variables"]) == 18
    assert tables["concept"]["container"] == "VOCAB"
    fields = {v["name"]: v for v in person["variables"]}
    assert fields["person_id"]["is_primary_key"] is True and fields["person_id"]["requirement"] == "mandatory"
    gender = fields["gender_concept_id"]
    assert gender["references"] == "concept.concept_id"
    assert {"property": "omop:fk_domain", "value": "Gender"} in gender["annotations"]
    assert fields["location_id"]["references"] == "location.location_id"
    assert fields["birth_datetime"]["data_type"] == "datetime"
    assert fields["person_source_value"]["source_data_type"] == "varchar(50)"
    assert fields["person_source_value"]["data_type"] == "string"
    assert fields["person_source_value"]["requirement"] == "optional"
    references = [v for t in tables.values() for v in t.get("variables", []) if v.get("references")]
    assert len(references) == 176


def test_every_cell_accounted_and_na_is_no_value(corpus):
    item = only(corpus / FIELDS)
    account = item.result.account
    assert account.balanced and not account.unmapped
    # 432 field rows x 13 columns, all non-empty (NA included), plus 39 table rows x 10 columns
    assert account.source_values == 432 * 13 + 39 * 10
    na = [e for e in account.normalised if e[2] == "NA"]
    assert na and all(e[3] is None and e[4] == "placeholder" for e in na)
    assert any(p.startswith("OMOP_CDMv5.4_Table_Level.csv: row ") for p, _t in account.mapped)


def test_table_level_alone(tmp_path, corpus):
    shutil.copy(corpus / TABLES, tmp_path / TABLES.split("/")[1])
    item = only(tmp_path / "OMOP_CDMv5.4_Table_Level.csv")
    record = item.result.record
    assert len(record["tables"]) == 39 and not any(t.get("variables") for t in record["tables"])
    assert item.result.account.balanced and item.result.account.source_values == 39 * 10


def test_bad_rows_are_located(tmp_path):
    path = tmp_path / "OMOP_CDMv5.4_Field_Level.csv"
    path.write_text("cdmTableName,cdmFieldName,isRequired\nperson,person_id,Yes\nperson,,No\n", encoding="utf-8")
    item = only(path)
    assert item.report.status == "failed"
    assert "row 3, column cdmFieldName" in item.report.messages[0]
    other = tmp_path / "x_Table_Level.csv"
    other.write_text("cdmTableName,schema\nperson,CDM\n", encoding="utf-8")
    [failed] = convert_file(other, reader="omop-cdm")
    assert failed.report.status == "failed" and "row 1" in failed.report.messages[0]


@pytest.mark.skipif(importlib.util.find_spec("harmonise.overlay") is None, reason="overlays not implemented yet")
def test_overlay_supplies_dataset_values(tmp_path, corpus):
    from harmonise.engine import ConvertOptions, iter_converted

    overlay = tmp_path / "trust.overlay.yaml"
    overlay.write_text("publisher:\n  name: Barts Health NHS Trust\nkeywords: [OMOP, EHR]\n", encoding="utf-8")
    options = ConvertOptions()
    options.read.overlays = (overlay,)
    [item] = list(iter_converted([str(corpus / FIELDS)], options))
    assert item.dataset.publisher.name == "Barts Health NHS Trust"
    assert item.dataset.keywords == ["OMOP", "EHR"]
    assert item.dataset.version == "5.4"
