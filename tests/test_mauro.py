"""mauro reader: the SCTS thoracic surgery audit standard (Mauro JSON export 3.2) and XML exports."""
from __future__ import annotations

import json

from harmonise.detection import detect
from harmonise.sources import Source
from tests.conftest import EXAMPLES
from tests.helpers import convert_file, only

JSON = "mauro_datamodel/export_cancer_audits.3.2.json"
XML_EXAMPLE = EXAMPLES / "mauro" / "falls-audit-standard.xml"


def tables_of(record):
    return {t["name"]: t for t in record["tables"]}


def test_detects_json_and_xml_exports(corpus):
    found = detect(Source(corpus / JSON))
    assert (found.reader, found.confidence, found.version) == ("mauro", 0.95, "3.2")
    found = detect(Source(XML_EXAMPLE))
    assert (found.reader, found.version) == ("mauro", "3.2")


def test_json_export_3_2(corpus):
    item = only(corpus / JSON)
    assert item.report.status == "ok"
    record = item.dataset.model_dump(mode="json", exclude_none=True)
    assert record["id"] == "16845197-1879-4120-b5de-56696420bea3"
    assert record["title"] == "National Minimum Data Set for Thoracic Surgery and Lung Cancer Surgery"
    assert record["version"] == "1.0.0"
    assert record["conversion"]["source_format_version"] == "3.2"
    assert record["publisher"] == {"name": "Test Authority", "homepage": "http://localhost"}
    assert {"property": "mauro:type", "value": "Data Standard"} in record["annotations"]
    assert {"property": "mauro:SCTSImport", "value": "0.1"} in record["annotations"]
    tables = tables_of(record)
    assert len(tables) == 14
    assert sum(len(t.get("variables", [])) for t in tables.values()) == 140
    assert len(tables["Core"]["variables"]) == 14 and "container" not in tables["Core"]
    nested = tables["Primary lung cancer histological diagnosis"]
    assert nested["container"] == "Core > Pre-Operative primary lung cancer diagnostic staging tests"
    assert {"property": "mauro:Number of Answers", "value": "ONE"} in nested["annotations"]
    core = {v["name"]: v for v in tables["Core"]["variables"]}
    birth = core["Date of Birth"]
    assert birth["source_data_type"] == "ddmmyyyy" and birth["data_type"] == "date"
    assert {"property": "mauro:Number", "value": "6"} in birth["annotations"]
    assert birth["source_identifier"] == "3250eab0-09ea-4843-b8f1-3f8a06f3432e"
    assert core["Sex"]["value_set"] == [{"code": "M", "label": "male"}, {"code": "F", "label": "female"}]
    enumerated = {v["name"]: v["value_set"] for t in tables.values() for v in t.get("variables", [])
                  if v.get("value_set")}
    assert len(enumerated) == 4
    asa = next(vs for name, vs in enumerated.items() if name.startswith("ASA"))
    assert [e["code"] for e in asa] == ["2", "4", "5", "1", "3"]  # Mauro's own index order
    assert asa[3] == {"code": "1", "label": "Healthy person"}


def test_json_export_accounts_every_value(corpus):
    item = only(corpus / JSON)
    account = item.result.account
    assert account.source_values == 3064 and account.balanced
    reasons = {e["note"] for e in item.result.record["extensions"]}
    assert reasons == {"Mauro catalogue bookkeeping (internal id, index, timestamp)",
                       "about the export file, not the dataset"}
    assert ("/dataModel/childDataClasses/0/dataElements/0/index", "tables[].variables[] (order)") in account.mapped


def test_xml_export_example():
    item = only(XML_EXAMPLE)
    assert item.report.status == "ok"
    record = item.dataset.model_dump(mode="json", exclude_none=True)
    assert record["title"] == "Inpatient Falls Audit Data Standard"
    # the exporter's line wrapping is undone
    assert record["description"].endswith("sustains a hip fracture or other serious injury while in hospital.")
    assert record["issued"] == "2024-03-01T09:00:00.000Z"
    tables = tables_of(record)
    assert list(tables) == ["The fall", "Injury"]
    assert tables["Injury"]["container"] == "The fall"
    fall = tables["The fall"]["variables"]
    assert [v["name"] for v in fall] == ["Date of fall", "Time of fall"]  # by Mauro index
    assert [v["requirement"] for v in fall] == ["mandatory", "optional"]  # minMultiplicity 1 / 0
    # an element whose enumeration type is defined once, at model level (2.0-style reference)
    injury = tables["Injury"]["variables"][0]
    assert injury["value_set"] == [{"code": "1", "label": "Hip fracture"}, {"code": "2", "label": "Other fracture"},
                                   {"code": "3", "label": "Head injury with intracranial bleeding"}]
    assert item.result.account.balanced and item.result.account.source_values == 81


def test_multi_model_json_2_0_bad_model_fails_alone(tmp_path):
    models = {
        "dataModels": [
            {"id": "m1", "label": "Audit A", "documentationVersion": "1.0.0", "finalised": False,
             "dataTypes": [{"id": "t1", "label": "Yes/No", "domainType": "EnumerationType",
                            "enumerationValues": [{"index": 0, "key": "Y", "value": "Yes"},
                                                  {"index": 1, "key": "N", "value": "No"}]},
                           {"id": "t2", "label": "unused", "domainType": "PrimitiveType"}],
             "childDataClasses": [{"label": "Patient", "dataElements": [
                 {"label": "Consented", "dataType": {"id": "t1", "label": "Yes/No", "domainType": "EnumerationType"}}]}]},
            {"id": "m2", "label": "Audit B", "childDataClasses": [{"label": "Episode", "dataElements": [
                {"description": "an element without a label", "dataType": {"label": "text"}}]}]},
        ],
        "exportMetadata": {"exporter": {"namespace": "uk.ac.ox.softeng.maurodatamapper.datamodel.provider.exporter",
                                        "name": "DataModelJsonExporterService", "version": "2.0"}},
    }
    path = tmp_path / "audits.json"
    path.write_text(json.dumps(models), encoding="utf-8")
    first, second = convert_file(path)
    assert first.report.status == "ok"
    consented = first.result.record["tables"][0]["variables"][0]
    assert consented["value_set"] == [{"code": "Y", "label": "Yes"}, {"code": "N", "label": "No"}]
    assert first.result.record["conversion"]["source_format_version"] == "2.0"
    unused = [e for e in first.result.record["extensions"] if e["note"] == "a data type no data element uses"]
    assert [e["source_pointer"] for e in unused] == ["/dataModels/0/dataTypes/1/id", "/dataModels/0/dataTypes/1/label",
                                                     "/dataModels/0/dataTypes/1/domainType"]
    assert second.report.status == "failed"
    assert "/dataModels/1/childDataClasses/0/dataElements/0/label" in second.report.messages[0]
    assert "without a label" in second.report.messages[0]


def test_bad_xml_is_located_and_entities_refused(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<exp:exportModel xmlns:exp="http://maurodatamapper.com/export/3.2" '
                      'xmlns:mdm="http://maurodatamapper.com/dataModel/3.2">\n<mdm:dataModel>\n'
                      '<mdm:label>x</mdm:dataModel></exp:exportModel>', encoding="utf-8")
    [item] = convert_file(broken, reader="mauro")
    assert item.report.status == "failed"
    assert "malformed XML" in item.report.messages[0] and "line 3" in item.report.messages[0]
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    '<exp:exportModel xmlns:exp="http://maurodatamapper.com/export/3.2"><l>&e;</l></exp:exportModel>',
                    encoding="utf-8")
    [item] = convert_file(bomb, reader="mauro")
    assert item.report.status == "failed" and "entities" in item.report.messages[0]


def test_overlay_supplies_dataset_values(tmp_path, corpus):
    import importlib.util

    import pytest

    if importlib.util.find_spec("harmonise.overlay") is None:
        pytest.skip("overlays not implemented yet")
    from harmonise.engine import ConvertOptions, iter_converted

    overlay = tmp_path / "scts.overlay.yaml"
    overlay.write_text("contact_points: [{name: Audit team, email: audit@example.org}]\n"
                       "publisher: {name: Ignored, homepage: 'https://example.org'}\n", encoding="utf-8")
    options = ConvertOptions()
    options.read.overlays = (overlay,)
    [item] = list(iter_converted([str(corpus / JSON)], options))
    assert item.dataset.contact_points[0].email == "audit@example.org"
    assert item.dataset.publisher.name == "Test Authority"  # the source's value wins
