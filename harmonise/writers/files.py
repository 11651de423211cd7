"""Naming output files: stable, safe and unique within a run."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(record_id: str, limit: int = 80) -> str:
    """A file name from a record id: the id itself when safe, else a slug plus a short hash."""
    slug = _UNSAFE.sub("_", record_id).strip("._") or "record"
    if slug == record_id and len(slug) <= limit:
        return slug
    digest = hashlib.sha256(record_id.encode()).hexdigest()[:8]
    return f"{slug[:limit]}-{digest}"


class Namer:
    """Gives each record its own file; a repeated id gets -2, -3 … in input order."""

    def __init__(self, out_dir: Path, suffix: str):
        self.out_dir = out_dir
        self.suffix = suffix
        self.used: dict[str, int] = {}

    def path_for(self, record_id: str) -> Path:
        stem = safe_stem(record_id)
        count = self.used.get(stem, 0) + 1
        self.used[stem] = count
        if count > 1:
            stem = f"{stem}-{count}"
        return self.out_dir / f"{stem}{self.suffix}"
