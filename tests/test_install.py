"""The installed package works outside the checkout: every mapping module and model file
it needs is inside the wheel."""
from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_converts_from_another_folder(tmp_path, corpus):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(ROOT)], check=True, cwd=tmp_path)
    wheel = next(wheels.glob("harmonise-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True)
    # dependencies come from the test environment (offline), after the venv's own packages
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())
    (site / "zz_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.check_output([str(python), "-c", "import harmonise.mappings, harmonise.model; "
                                     "print(harmonise.mappings.__file__)"], cwd=elsewhere, text=True)
    assert str(env_dir) in where, where
    result = subprocess.run([str(env_dir / "bin" / "harmonise"), "convert", str(corpus / "hdruk/hdruk300.json"),
                             "--to", "json", "--out", "out", "--report", "out/report.json"],
                            cwd=elsewhere, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    report = json.loads((elsewhere / "out/report.json").read_text())
    assert report["summary"]["records"] == 1 and report["summary"]["failed"] == 0
    formats = subprocess.check_output([str(env_dir / "bin" / "harmonise"), "formats", "--json"], cwd=elsewhere, text=True)
    assert "hdruk-4.0" in formats
