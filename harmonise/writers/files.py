"""Naming output files: stable, safe and unique within a run; writing one file per record cheaply."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: an id that is its own file name (the common case: no slug, no hash)
_SAFE = re.compile(r"[A-Za-z0-9._-]{1,80}")
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def safe_stem(record_id: str, limit: int = 80) -> str:
    """A file name from a record id: the id itself when safe, else a slug plus a short hash."""
    if limit == 80 and _SAFE.fullmatch(record_id) and record_id.strip("._") == record_id:
        return record_id
    slug = _UNSAFE.sub("_", record_id).strip("._") or "record"
    if slug == record_id and len(slug) <= limit:
        return slug
    digest = hashlib.sha256(record_id.encode()).hexdigest()[:8]
    return f"{slug[:limit]}-{digest}"


class StagedFile(str):
    """A record's file already written, under a temporary name in the output folder, by a
    `--jobs N` worker: the sink only moves it to the name it gives (one rename, where creating
    a file can cost far more on a busy file system, and in the one process that writes)."""

    __slots__ = ()


def put(path: str | os.PathLike, content: "bytes | StagedFile") -> None:
    """Give a record's file its place: write the bytes, or move a staged file there."""
    if isinstance(content, StagedFile):
        os.replace(content, path)
    else:
        write_file(path, content)


def write_file(path: str | os.PathLike, data: bytes) -> None:
    """`Path(path).write_bytes(data)` in three system calls (open, write, close): no buffered
    file object, no fstat or isatty probe. Same file (created or truncated, mode 0o666 less the
    umask), same OSError on failure."""
    fd = os.open(path, _CREATE, 0o666)
    try:
        written = os.write(fd, data)
        if written < len(data):   # a short write (rare on regular files): write the rest
            view = memoryview(data)
            while written < len(data):
                written += os.write(fd, view[written:])
    finally:
        os.close(fd)


class Namer:
    """Gives each record its own file; a repeated id gets -2, -3 … in input order."""

    def __init__(self, out_dir: Path, suffix: str):
        self.out_dir = out_dir
        self.suffix = suffix
        self.used: dict[str, int] = {}
        self._prefix = os.path.join(os.fspath(out_dir), "")

    def name_for(self, record_id: str) -> str:
        """The next file name (no folder) for a record id."""
        stem = safe_stem(record_id)
        count = self.used.get(stem, 0) + 1
        self.used[stem] = count
        if count > 1:
            stem = f"{stem}-{count}"
        return stem + self.suffix

    def path_for(self, record_id: str) -> Path:
        return self.out_dir / self.name_for(record_id)

    def str_path_for(self, record_id: str) -> str:
        """path_for as a string (what os.open takes, without making a Path per file)."""
        return self._prefix + self.name_for(record_id)
