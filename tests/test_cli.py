"""The CLI contract: names, outputs, report shape, exit codes and located errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from harmonise.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version_names_package_and_model():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == "harmonise 0.1.0 (model 0.1.0)"


def test_python_dash_m_works_like_the_command():
    out = subprocess.run([sys.executable, "-m", "harmonise", "--version"], capture_output=True, text=True, check=True)
    assert "harmonise 0.1.0" in out.stdout


def test_formats_json_lists_the_names_of_this_issue():
    result = run("formats", "--json")
    data = json.loads(result.output)
    readers = {r["name"] for r in data["readers"]}
    writers = {w["name"] for w in data["writers"]}
    assert {"hdruk-3.0", "hdruk-4.0", "harmonise-json"} <= readers
    assert {"json", "jsonl"} <= writers


def test_detect_says_which_clue_decided(corpus):
    result = run("detect", "--json", str(corpus / "hdruk/hdruk300.json"), str(ROOT / "examples/hdruk-4.0"))
    rows = json.loads(result.output)
    assert rows[0]["reader"] == "hdruk-3.0" and "dataCustodian" in rows[0]["clue"]
    assert rows[1]["reader"] == "hdruk-4.0" and rows[1]["confidence"] >= 0.9


def test_convert_writes_outputs_and_report(tmp_path, corpus):
    out = tmp_path / "out"
    result = run("convert", str(corpus / "hdruk/hdruk300.json"), str(ROOT / "examples/hdruk-4.0"),
                 "--to", "json,jsonl", "--out", str(out), "--report", str(out / "report.json"))
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    assert report["summary"] == {"records": 2, "ok": report["summary"]["ok"], "warnings": report["summary"]["warnings"], "failed": 0}
    entry = report["records"][0]
    assert set(entry) >= {"source", "id", "status", "messages", "accounting"}
    assert entry["id"] == "912d6997-7609-46ba-9bd9-5a41ebb9e444"
    acc = entry["accounting"]
    assert acc["mapped"] + acc["normalised"] + acc["unmapped"] == acc["source_values"] == 238
    record = json.loads((out / "912d6997-7609-46ba-9bd9-5a41ebb9e444.json").read_text())
    assert record["title"] == "Large test dataset"
    lines = (out / "harmonised.jsonl").read_bytes().splitlines()
    assert [orjson.loads(line)["id"] for line in lines] == [
        "912d6997-7609-46ba-9bd9-5a41ebb9e444", "8f0c2d6e-1b7a-4f3e-9c55-6a2b1d0e4f21"]


def test_same_input_gives_identical_output(tmp_path, corpus):
    for name in ("a", "b"):
        assert run("convert", str(corpus / "hdruk/hdruk300.json"), "--to", "jsonl", "--out", str(tmp_path / name)).exit_code == 0
    assert (tmp_path / "a/harmonised.jsonl").read_bytes() == (tmp_path / "b/harmonised.jsonl").read_bytes()


@pytest.fixture()
def bad_inputs(tmp_path, corpus):
    good = json.loads((corpus / "hdruk/hdruk300.json").read_text())
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.json").write_text(json.dumps(good))
    (folder / "b_malformed.json").write_text('{"identifier": "x", "summary": {"title": "t",}')
    no_title = json.loads(json.dumps(good))
    del no_title["summary"]["title"]
    (folder / "c_no_title.json").write_text(json.dumps(no_title))
    wrong_type = json.loads(json.dumps(good))
    wrong_type["summary"]["keywords"] = {"not": "a list"}
    (folder / "d_wrong_type.json").write_text(json.dumps(wrong_type))
    return folder


def test_bad_records_fail_alone_with_located_errors(tmp_path, bad_inputs):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", str(bad_inputs), "--from", "hdruk-3.0", "--to", "json",
                                       "--out", str(out), "--report", str(out / "r.json")])
    # a malformed file is an input-level error: exit 2, yet the good record is still written
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert (out / "912d6997-7609-46ba-9bd9-5a41ebb9e444.json").exists()
    report = json.loads((out / "r.json").read_text())
    by_file = {Path(r["source"]).name: r for r in report["records"]}
    assert by_file["a_good.json"]["status"] != "failed"
    assert "malformed JSON" in by_file["b_malformed.json"]["messages"][0]
    assert "line 1, column" in by_file["b_malformed.json"]["messages"][0]
    assert by_file["c_no_title.json"]["messages"][0].endswith(
        "c_no_title.json:/summary/title: required value missing (hdruk-3.0 requires it; the model needs title)")
    assert "d_wrong_type.json:/summary/keywords: expected string, found object" in by_file["d_wrong_type.json"]["messages"][0]


def test_record_of_another_version_is_refused_clearly(tmp_path, corpus):
    result = CliRunner().invoke(main, ["convert", str(corpus / "hdruk/datasets.v2__cprd-aurum.json"),
                                       "--from", "hdruk-3.0", "--to", "json", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "not hdruk-3.0" in result.output and "--from hdruk-2.0" in result.output
    assert "Traceback" not in result.output


def test_unknown_reader_is_a_usage_error(tmp_path, corpus):
    result = CliRunner().invoke(main, ["convert", str(corpus / "hdruk/hdruk300.json"), "--from", "hdruk-9",
                                       "--to", "json", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown reader 'hdruk-9'" in result.output


def test_unreadable_and_missing_files_are_located(tmp_path):
    unreadable = tmp_path / "locked.json"
    unreadable.write_text("{}")
    unreadable.chmod(0)
    result = CliRunner().invoke(main, ["convert", str(unreadable), str(tmp_path / "missing.json"),
                                       "--from", "hdruk-3.0", "--to", "json", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "missing.json: no such file or folder" in result.output
    if not (unreadable.stat().st_mode & 0o444) and __import__("os").geteuid() != 0:
        assert "locked.json: cannot read file" in result.output


def test_explain_accounts_for_every_value(corpus):
    result = run("explain", "--json", str(corpus / "hdruk/example-hdruk300.json"))
    data = json.loads(result.output)
    kinds = {e["kind"] for e in data["events"]}
    assert {"mapped", "normalised", "unmapped"} <= kinds
    acc = data["accounting"]
    assert len([e for e in data["events"] if e["kind"] != "defaulted"]) == acc["source_values"] == 67


def test_validate_model_output(tmp_path, corpus):
    out = tmp_path / "out"
    run("convert", str(corpus / "hdruk/hdruk300.json"), "--to", "json,jsonl", "--out", str(out))
    result = run("validate", str(out))
    assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "x", "title": "t", "population_size": -5, "conversion": {"source_format": "x"}}))
    result = CliRunner().invoke(main, ["validate", str(bad), "--json"])
    assert result.exit_code == 1
    assert "population_size" in json.loads(result.output)[0]["problems"][0]


def test_validate_folder_skips_the_run_report(tmp_path, corpus):
    out = tmp_path / "out"
    run("convert", str(corpus / "hdruk/hdruk300.json"), "--to", "json", "--out", str(out), "--report", str(out / "report.json"))
    result = run("validate", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert [Path(r["file"]).name for r in json.loads(result.output)] == ["912d6997-7609-46ba-9bd9-5a41ebb9e444.json"]
    # named explicitly, a file that is no model record is reported, not skipped
    result = CliRunner().invoke(main, ["validate", str(out / "report.json")])
    assert result.exit_code == 1


def test_validate_help_lists_every_registered_target():
    from harmonise.validation import validators

    text = run("validate", "--help").output
    for name in validators():
        assert name in text
