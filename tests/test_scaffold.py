"""`harmonise new-module NAME`: the scaffold installs as its own package and converts its example
through the installed entry point (in a fresh virtual environment, offline)."""
from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=None, check=True):
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.mark.slow
def test_scaffold_installs_and_converts_through_the_entry_point(tmp_path):
    package = tmp_path / "harmonise-registry-x"
    done = run(sys.executable, "-m", "harmonise", "new-module", "registry-x", "--out", package)
    written = {Path(line).relative_to(package).as_posix() for line in done.stdout.split()}
    assert written == {
        "pyproject.toml", "README.md", "harmonise_registry_x/__init__.py", "harmonise_registry_x/reader.py",
        "harmonise_registry_x/crosswalk.yaml", "examples/registry-x/example.json", "tests/test_harmonise_registry_x.py",
    }
    assert '[project.entry-points."harmonise.mappings"]\nregistry-x = "harmonise_registry_x"' in \
        (package / "pyproject.toml").read_text()

    # a fresh venv that sees this environment's packages (harmonise and its dependencies) but
    # not the new module until it is installed
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (purelib / "zz_harmonise_base.pth").write_text(
        f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    before = json.loads(run(python, "-m", "harmonise", "formats", "--json").stdout)
    assert "registry-x" not in {r["name"] for r in before["readers"]}

    run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index", package)
    after = json.loads(run(python, "-m", "harmonise", "formats", "--json").stdout)
    [reader] = [r for r in after["readers"] if r["name"] == "registry-x"]
    assert reader["module"] == "harmonise_registry_x.reader"
    assert not after["problems"]

    out = tmp_path / "out"
    run(python, "-m", "harmonise", "convert", package / "examples", "--from", "registry-x", "--to", "json",
        "--out", out, "--report", out / "report.json", cwd=tmp_path)
    report = json.loads((out / "report.json").read_text())
    assert report["summary"] == {"records": 1, "ok": 1, "warnings": 0, "failed": 0}
    assert report["records"][0]["accounting"] == {"source_values": 23, "mapped": 15, "normalised": 6,
                                                  "unmapped": 2, "defaulted": 0}
    [output] = [Path(p) for p in report["outputs"] if p.endswith(".json")]
    record = json.loads(output.read_text())
    assert record["id"] == "registry-x-example-0001"
    assert record["title"] == "Registry X example cohort"
    assert record["accrual_periodicity"] == "Monthly"
    assert record["conversion"]["source_format"] == "registry-x"
    assert record["tables"][0]["variables"][1]["value_set"][2] == {"code": "9", "label": "Not stated"}

    # without --from, detection finds the installed reader too; and the scaffold's own test passes
    done = run(python, "-m", "harmonise", "detect", package / "examples" / "registry-x" / "example.json")
    assert ": registry-x (0.95;" in done.stdout
    run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", package / "tests", cwd=package)


def test_new_module_refuses_bad_names_and_non_empty_folders(tmp_path):
    done = run(sys.executable, "-m", "harmonise", "new-module", "Registry X!", "--out", tmp_path / "a", check=False)
    assert done.returncode == 2 and "must be lower-case letters and digits" in done.stderr
    assert "Traceback" not in done.stderr
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "keep.txt").write_text("mine")
    done = run(sys.executable, "-m", "harmonise", "new-module", "registry-y", "--out", tmp_path / "b", check=False)
    assert done.returncode == 2 and "already exists and is not empty" in done.stderr
