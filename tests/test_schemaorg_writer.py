"""schemaorg writer: Google dataset guidelines and Bioschemas Dataset, read back by the schemaorg reader."""
from __future__ import annotations

import orjson
import pytest

from harmonise.engine import convert
from harmonise.mappings.schemaorg.writer import BIOSCHEMAS_PROFILE, to_schemaorg
from harmonise.writers.json import record_dict
from tests.helpers import convert_file, only

BASE = "https://w3id.org/harmonise/dataset/"


def test_google_and_bioschemas_properties(corpus):
    record = record_dict(only(corpus / "hdruk" / "hdruk300.json").dataset)
    doc = to_schemaorg(record, BASE)
    assert doc["@type"] == "Dataset"
    assert doc["name"] == "Large test dataset"
    assert 50 <= len(doc["description"]) <= 5000
    identifiers = doc["identifier"] if isinstance(doc["identifier"], list) else [doc["identifier"]]
    assert identifiers[0] == "912d6997-7609-46ba-9bd9-5a41ebb9e444"
    assert len(doc["keywords"]) == len(record["keywords"]) > 100
    assert doc["url"] == "https://bhfdatasciencecentre.org/areas/cvd-covid-uk-covid-impact/"
    assert doc["creator"][0]["@type"] == "Organization" and doc["creator"][0]["name"]
    assert doc["temporalCoverage"].startswith(record["temporal_coverage"]["start_date"])
    assert doc["dct:conformsTo"] == {"@id": BIOSCHEMAS_PROFILE}
    assert doc["@id"] == BASE + "912d6997-7609-46ba-9bd9-5a41ebb9e444"


def test_variables_become_variable_measured(corpus):
    record = record_dict(only(corpus / "ukbiobank" / "Data_Dictionary_Showcase.csv").dataset)
    doc = to_schemaorg(record, BASE)
    assert len(doc["variableMeasured"]) == 423
    first = doc["variableMeasured"][0]
    assert first["@type"] == "PropertyValue" and first["name"]
    coded = [v for v in doc["variableMeasured"] if "valueReference" in v]
    assert coded and coded[0]["valueReference"][0]["@type"] == "DefinedTerm"


def test_written_files_read_back_with_the_schemaorg_reader(corpus, tmp_path):
    convert([str(corpus / "hdruk" / "hdruk300.json"), str(corpus / "ukbiobank" / "Data_Dictionary_Showcase.csv")],
            ["schemaorg"], tmp_path)
    files = sorted(tmp_path.glob("*.schemaorg.jsonld"))
    assert len(files) == 2
    titles = {}
    for path in files:
        doc = orjson.loads(path.read_bytes())
        assert doc["@context"][0] == "https://schema.org/"
        item = only(path, reader="schemaorg")
        assert item.dataset is not None, item.report.messages
        titles[item.dataset.title] = item.dataset
    assert set(titles) == {"Large test dataset", "UK Biobank"}
    assert len(titles["Large test dataset"].keywords) > 100
    assert sum(len(t.variables) for t in titles["UK Biobank"].tables) == 423


def test_output_is_stable(corpus, tmp_path):
    outs = []
    for run in ("a", "b"):
        convert([str(corpus / "hdruk" / "example-hdruk300.json")], ["schemaorg"], tmp_path / run)
        outs.append(sorted((p.name, p.read_bytes()) for p in (tmp_path / run).iterdir()))
    assert outs[0] == outs[1]
