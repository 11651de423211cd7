"""Errors that users see. Each carries where it happened, so the CLI prints one located
line instead of a traceback."""
from __future__ import annotations


class HarmoniseError(Exception):
    """Base of every error the CLI reports as a message rather than a crash."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, where: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.where = where

    def located(self) -> str:
        place = self.file or ""
        if self.where:
            place = f"{place}:{self.where}" if place else self.where
        return f"{place}: {self.message}" if place else self.message

    def __str__(self) -> str:
        return self.located()


class UsageError(HarmoniseError):
    """A mistake in how the command was called (unknown format name, bad option)."""


class InputError(HarmoniseError):
    """A whole input file cannot be read (unreadable, malformed, wrong format)."""


class RecordError(HarmoniseError):
    """One record cannot be converted; the rest of its file still can.

    `where` is a JSON Pointer for JSON sources, or `row N, column C` for tables.
    """

    exit_code = 1


def pointer(*parts: object) -> str:
    """Build a JSON Pointer (RFC 6901) from path parts."""
    out = []
    for part in parts:
        text = str(part).replace("~", "~0").replace("/", "~1")
        out.append(text)
    return "/" + "/".join(out) if out else ""
