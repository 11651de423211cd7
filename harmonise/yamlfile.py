"""YAML that users write (overlays, dictionary configs) or that sources come as (CDDO):
loaded safely, with located errors, as JSON-shaped data; and the project's own YAML (the
model, crosswalks, vocabulary tables), loaded with libyaml's C loader where it is built
(the pure-Python loader took half a second for the model schema files alone)."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import yaml

from harmonise.errors import HarmoniseError, InputError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def plain(value: Any) -> Any:
    """YAML values as JSON-like data: dates and times become ISO text, keys become strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value


def load(path: Path, what: str = "file", error: type[HarmoniseError] = InputError) -> Any:
    """Parse a YAML file; an unreadable or malformed one raises `error` naming line and column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror or exc}", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise error(f"{what} is not UTF-8 text: {exc.reason}", file=str(path)) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(f"{what} is not valid YAML: {problem}", file=str(path), where=where) from None


def package_data(path: str | Path) -> Any:
    """One of the project's own YAML files (model, crosswalk, table), loaded safely and fast."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)
