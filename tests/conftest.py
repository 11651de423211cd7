"""Shared test fixtures. Real-world inputs are read from ../shared/corpus (beside the checkout)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("HARMONISE_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()
STANDARDS = CORPUS.parent / "standards"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing: expected it at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def standards() -> Path:
    return STANDARDS


@pytest.fixture(autouse=True)
def _reproducible_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
