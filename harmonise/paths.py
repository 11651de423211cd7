"""Where the installed package keeps its model files.

`model/` and `mappings/` install as `harmonise.model` and `harmonise.mappings`, so these
paths hold in a checkout and in a wheel alike.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MODEL_DIR = Path(__import__("harmonise.model", fromlist=["_"]).__file__).resolve().parent
SCHEMA_FILE = MODEL_DIR / "harmonise.yaml"
DATAMODEL_FILE = PACKAGE_DIR / "datamodel.py"
MAPPINGS_DIR = Path(__import__("harmonise.mappings", fromlist=["_"]).__file__).resolve().parent
