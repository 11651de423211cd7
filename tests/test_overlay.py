"""Overlays: dataset-level values from YAML, validated against the model and merged into records."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from harmonise.cli import main
from harmonise.engine import ConvertOptions, iter_converted
from harmonise.errors import UsageError
from harmonise import overlay as overlays

UKB_OVERLAY = EXAMPLES / "overlays" / "ukbiobank.overlay.yaml"
HES_OVERLAY = EXAMPLES / "overlays" / "nhs-england-hes.overlay.yaml"


def _convert(path, *overlay_files):
    options = ConvertOptions()
    options.read.overlays = tuple(overlay_files)
    return list(iter_converted([str(path)], options))


def test_overlay_fills_dataset_level_values_and_is_reported(corpus):
    [item] = _convert(corpus / "ukbiobank" / "Data_Dictionary_Showcase.csv", UKB_OVERLAY)
    dataset = item.dataset
    assert dataset.publisher.name == "UK Biobank"
    assert dataset.contact_points[0].name == "UK Biobank Access Management"
    assert dataset.spatial_coverage[0].code == "GB" and dataset.jurisdictions == ["GB"]
    assert dataset.legal_basis == ["Participant consent under the UK Biobank Ethics and Governance Framework"]
    assert dataset.conversion.overlays == ["ukbiobank.overlay.yaml"]
    assert dataset.title == "UK Biobank"  # the reader's value, not the overlay's
    why = {t: w for t, _v, w in item.result.account.defaulted}
    assert why["publisher"] == why["access_rights"] == "overlay ukbiobank.overlay.yaml"
    assert not any("missing dataset-level" in m for m in item.report.messages)
    assert item.result.account.balanced


def test_source_values_win_and_lists_are_merged(corpus, tmp_path):
    extra = tmp_path / "extra.overlay.yaml"
    extra.write_text("title: Not this title\naccess_rights: not used\nalternate_identifiers: [NCDR-111]\n"
                     "publisher: {name: NHS England}\n", encoding="utf-8")
    items = _convert(corpus / "nhs_ncdr" / "vw_Export_Standard_DB_Structure.csv", extra)
    nhs111 = next(i for i in items if i.dataset.title == "NHS 111 data")
    assert nhs111.dataset.access_rights.startswith("Users should follow")
    assert nhs111.dataset.alternate_identifiers == ["NHSE_111", "NCDR-111"]
    assert nhs111.dataset.publisher.name == "NHS England"
    assert ("alternate_identifiers[1]", "NCDR-111", "overlay extra.overlay.yaml") in nhs111.result.account.defaulted


def test_every_member_overlay_is_valid():
    for path in sorted((EXAMPLES / "overlays").glob("*.overlay.yaml")):
        loaded = overlays.load(path)
        assert loaded.values["publisher"]["name"] in ("UK Biobank", "NHS England")


@pytest.mark.parametrize("text, expected", [
    ("publsher: {name: X}\n", "unknown overlay key 'publsher'"),
    ("publisher: {name: X}\ntables: []\n", "'tables' cannot be set"),
    ("spatial_coverage: [{code: England}]\n", "overlay value spatial_coverage[0].code"),
    ("population_size: lots\n", "overlay value population_size"),
    ("- publisher\n", "must be a mapping"),
    ("publisher: [unclosed\n", "not valid YAML"),
])
def test_bad_overlays_are_named(tmp_path, text, expected):
    path = tmp_path / "bad.overlay.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        overlays.load(path)
    assert expected in str(caught.value) and "bad.overlay.yaml" in str(caught.value)


def test_cli_bad_overlay_exits_2_with_one_line(tmp_path):
    path = tmp_path / "bad.overlay.yaml"
    path.write_text("contact_point: {name: X}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(EXAMPLES / "nhs-hes-tos"), "--overlay", str(path),
                                       "--to", "json", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "unknown overlay key 'contact_point'" in result.output and "did you mean 'contact_points'" in result.output
    assert "Traceback" not in result.output


def test_cli_convert_with_member_overlay(tmp_path):
    result = CliRunner().invoke(main, ["convert", str(EXAMPLES / "nhs-hes-tos"), "--overlay", str(HES_OVERLAY),
                                       "--to", "json", "--out", str(tmp_path / "out"),
                                       "--report", str(tmp_path / "report.json")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.json"))) == 2
    report = json.loads((tmp_path / "report.json").read_text())
    messages = [m for r in report["records"] for m in r["messages"]]
    assert any(m.startswith("publisher: defaulted to") and m.endswith("(overlay nhs-england-hes.overlay.yaml)")
               for m in messages)
