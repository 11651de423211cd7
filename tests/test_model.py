"""The LinkML model is the contract: generated code matches it, every slot has a URI."""
from __future__ import annotations

from pathlib import Path

import yaml

from harmonise import MODEL_VERSION
from harmonise.paths import SCHEMA_FILE

ROOT = Path(__file__).resolve().parent.parent


def test_committed_generated_files_match_the_schema():
    from harmonise.modeltools import generate

    problems = generate.drift()
    assert not problems, "run `harmonise model generate`:\n" + "\n".join(problems[:5])


def test_model_version_is_semver_and_matches_package_constant():
    schema = yaml.safe_load(SCHEMA_FILE.read_text())
    assert schema["version"] == MODEL_VERSION
    from harmonise import datamodel

    assert datamodel.version == MODEL_VERSION
    changelog = (ROOT / "model/CHANGELOG.md").read_text()
    assert f"## {MODEL_VERSION}" in changelog


def test_every_slot_has_a_slot_uri_in_a_known_vocabulary():
    from linkml_runtime.utils.schemaview import SchemaView

    view = SchemaView(str(SCHEMA_FILE))
    allowed = {"dcat", "dct", "foaf", "vcard", "csvw", "dpv", "prov", "healthdcatap", "schema", "harmonise",
               "dcatap", "adms", "dqv", "geodcatap", "skos", "rdf", "rdfs"}
    missing = []
    for cls in view.all_classes().values():
        for slot in view.class_induced_slots(cls.name):
            uri = slot.slot_uri
            if not uri or uri.split(":")[0] not in allowed:
                missing.append(f"{cls.name}.{slot.name}: {uri}")
    assert not missing, missing


def test_enums_carry_vocabulary_meanings_and_2x_aliases():
    from harmonise.normalise.enums import enum_definitions, meaning

    enums = enum_definitions()
    assert meaning("Periodicity", "Annual") == "euFrequency:ANNUAL"
    assert meaning("AccessLevel", "NON_PUBLIC") == "euAccess:NON_PUBLIC"
    assert meaning("DataUseLimitation", "General research use") == "DUO:0000042"
    assert meaning("Language", "en") == "iso639_1:en"
    assert meaning("Country", "GB") == "euCountry:GBR"
    assert meaning("HealthCategory", "EHRS").startswith("healthCategory:")
    assert "LESS 1 WEEK" in enums["TimeLag"]["Less than 1 week"]["aliases"]
    assert "STATIC" in enums["Periodicity"]["Static"]["aliases"]


def test_structural_metadata_is_first_class():
    from harmonise.datamodel import Dataset, Table, ValueSetEntry, Variable

    var = Variable(name="sex", label="Sex", data_type="integer", unit=None, sensitive=True, source_identifier="31",
                   instances=1, array_size=1, value_set=[ValueSetEntry(code="0", label="Female", frequency=10, parent_code=None)])
    ds = Dataset(id="x", title="t", tables=[Table(name="baseline", variables=[var])])
    assert ds.tables[0].variables[0].value_set[0].label == "Female"


def test_cli_start_up_does_not_import_heavy_packages():
    import subprocess
    import sys

    code = ("import sys, harmonise.cli; "
            "print(sorted(m for m in ('linkml', 'rdflib', 'dask', 'pyshacl', 'pydantic', 'harmonise.datamodel') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
