"""`harmonise detect` names the right reader for every file of the shared corpus.

EXPECTED lists every corpus folder (or single file, where a folder mixes formats) with the
reader that should claim it, read from each folder's SOURCES.md. A row whose reader is not
registered (yet) is skipped, so the table can run while readers land. Files that are not
dataset descriptions at all (SHACL shapes, vocabulary imports) are marked NOT_A_DATASET:
detect must either say no reader recognises them, or the reader that claims them must
refuse them on conversion with a clear, located message.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from harmonise.cli import main
from harmonise.registry import registry
from harmonise.sources import expand

from conftest import CORPUS

NOT_A_DATASET = "<not a dataset description>"

#: corpus path (folder or file, relative to the corpus root) -> expected reader.
#: The longest matching prefix wins, so a file row overrides its folder's row.
EXPECTED: dict[str, str] = {
    "ckan": "ckan",
    "csvw": "csvw",
    "datacite": "datacite",
    "datapackage": "datapackage",
    "dcat/examples": "dcat",
    # ckanext-dcat's example record as a CKAN dataset dict (JSON, not RDF)
    "dcat/examples/ckanext-dcat/health_dcat_ap.json": "ckan",
    "dcat/shacl": NOT_A_DATASET,
    "ddi": "ddi-codebook",
    "hdruk/1460e2b4-a985-4890-8e60-a21e78ce01f3.json": "hdruk-2.2",
    "hdruk/242c84be-a866-ac0c-0000-000000001bbe.json": "hdruk-2.1",
    "hdruk/77dc7118-443c-4c85-a18c-e7bbe01e9e7a.json": "hdruk-2.1",
    "hdruk/datasets.v1__": "hdruk-v1",
    "hdruk/datasets.v2__": "hdruk-2.0",
    "hdruk/example-hdruk300.json": "hdruk-3.0",
    "hdruk/hdruk300.json": "hdruk-3.0",
    "hdruk/gwdm20.json": "gwdm-2.0",
    "hdruk/mdw-list.json": "hdruk-gmi",
    "hdruk/schemaorg.json": "schemaorg",
    "hdruk_dataset_v2": "hdruk-2.0",
    "hdruk_dataset_v3_v4/gwdm_1.0.example.json": "gwdm-1.x",
    "hdruk_dataset_v3_v4/hdruk_3.0.0.example.json": "hdruk-3.0",
    "hdruk_datasets_csv": "hdruk-csv",
    "hdruk_mdc_datamodel/gateway_v1_datamodels.json": "hdruk-v1",
    # flattened Mauro DataElements (label, dataClass, dataTypeLabel …): a generic dictionary
    "hdruk_mdc_datamodel/dataelements.csv": "dictionary",
    "maelstrom": "maelstrom",
    "mauro_datamodel": "mauro",
    "nhs_data_dictionary": "nhs-data-dictionary",
    "nhs_hes_tos": "nhs-hes-tos",
    "nhs_ncdr": "nhs-ncdr",
    "omop": "omop-cdm",
    "redcap": "redcap",
    "schemaorg": "schemaorg",
    "ukbiobank": "ukbiobank-showcase",
    "ukgov_cddo": "cddo",
}


def corpus_files() -> list[Path]:
    return [Path(s.path) for s in expand([CORPUS])] if CORPUS.is_dir() else []


def expected_reader(path: Path) -> str | None:
    rel = path.relative_to(CORPUS).as_posix()
    best = None
    for prefix, reader in EXPECTED.items():
        # a folder matches the files under it; "name__" matches files whose name starts so
        if rel == prefix or rel.startswith(prefix if prefix.endswith("__") else prefix + "/"):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, reader)
    return best[1] if best else None


def detect_json(*paths: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["detect", "--json", *paths], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


FILES = corpus_files()


def test_the_table_covers_every_corpus_file(corpus):
    missing = [f.relative_to(corpus).as_posix() for f in FILES if expected_reader(f) is None]
    assert not missing, f"corpus files with no expected reader in EXPECTED: {missing}"
    # every folder of the corpus is named in the table
    folders = {p.name for p in corpus.iterdir() if p.is_dir()}
    assert folders <= {key.split("/")[0] for key in EXPECTED}
    assert len(FILES) >= 90  # 99 files when this table was written


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(CORPUS).as_posix())
def test_detect_names_the_expected_reader(path):
    expected = expected_reader(path)
    if expected == NOT_A_DATASET:
        pytest.skip("not a dataset description (checked by test_non_datasets_are_refused_clearly)")
    if expected not in registry().readers:
        pytest.skip(f"reader {expected!r} is not registered yet")
    code, rows = detect_json(str(path))
    assert code == 0, rows
    assert rows[0]["reader"] == expected, rows[0]
    assert rows[0]["confidence"] > 0 and rows[0]["clue"]


def test_non_datasets_are_refused_clearly(tmp_path):
    """SHACL shapes and vocabulary imports: no reader, or a reader that refuses them by name."""
    shapes = [f for f in FILES if expected_reader(f) == NOT_A_DATASET]
    assert len(shapes) >= 20
    code, rows = detect_json(*map(str, shapes))
    claimed = [row for row in rows if row.get("reader")]
    unclaimed = [row for row in rows if not row.get("reader")]
    for row in unclaimed:
        assert "no reader recognises this file" in (row.get("clue") or row.get("error") or "")
    if unclaimed:
        assert code == 1
    for row in claimed[:3]:  # a claimed shapes file must fail conversion with a located message, not a crash
        result = CliRunner().invoke(main, ["convert", row["file"], "--to", "json", "--out", str(tmp_path / "out")],
                                    catch_exceptions=False)
        assert result.exit_code in (1, 2)
        assert row["file"] in result.output
        assert "Traceback" not in result.output


def test_detect_says_clearly_when_no_reader_matches(tmp_path):
    unknown_json = tmp_path / "inventory.json"
    unknown_json.write_text('{"sku": "A-1", "quantity": 3}', encoding="utf-8")
    unknown_text = tmp_path / "minutes.dat"
    unknown_text.write_bytes(b"\x00\x01binary\x02 not a dataset description")
    result = CliRunner().invoke(main, ["detect", str(unknown_json), str(unknown_text)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{unknown_json}: no reader recognises this file" in result.output
    assert f"{unknown_text}: no reader recognises this file" in result.output
    code, rows = detect_json(str(unknown_json))
    assert code == 1 and rows == [{"file": str(unknown_json), "reader": None, "confidence": 0.0,
                                   "clue": "no reader recognises this file"}]


def test_detect_reports_a_broken_file_with_its_location(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x",\n "resources": [}', encoding="utf-8")
    result = CliRunner().invoke(main, ["detect", str(broken)], catch_exceptions=False)
    assert result.exit_code == 1
    assert str(broken) in result.output and "line 2" in result.output
    assert "Traceback" not in result.output


def test_detect_walks_the_whole_corpus_in_one_call(corpus):
    code, rows = detect_json(str(corpus))
    by_file = {Path(r["file"]): r for r in rows}
    assert len(by_file) == len(FILES)
    wrong = []
    for path in FILES:
        expected = expected_reader(path)
        if expected == NOT_A_DATASET or expected not in registry().readers:
            continue
        if by_file[path].get("reader") != expected:
            wrong.append((path.relative_to(corpus).as_posix(), by_file[path].get("reader"), expected))
    assert not wrong
