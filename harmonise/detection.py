"""Which reader a file belongs to, and why.

Every reader looks at the file's head for explicit hints first (a `@schema` URL, a version
field, a header row); the most confident claim wins. Nothing is decided by "validate
against every schema and take the first that passes".
"""
from __future__ import annotations

from harmonise.errors import HarmoniseError, InputError
from harmonise.mapping import Detection
from harmonise.registry import Registry, registry
from harmonise.sources import Source


def candidates(source: Source, reg: Registry | None = None) -> list[Detection]:
    reg = reg or registry()
    source.head()  # an unreadable file fails here, once, with a clear message
    found: list[Detection] = []
    refusal: HarmoniseError | None = None
    for reader in reg.readers.values():
        try:
            claim = reader.detect(source)
        except HarmoniseError as exc:
            # e.g. a whole-document JSON reader meeting JSON Lines: not its file. The error
            # stands only when no reader claims the file (then it says what is wrong).
            refusal = refusal or exc
            claim = None
        except Exception as exc:  # a reader's sniffing bug must not hide the others' claims
            claim = None
            _ = exc
        if claim is not None and claim.confidence > 0:
            found.append(claim)
    if not found and refusal is not None:
        raise refusal
    found.sort(key=lambda d: (-d.confidence, d.reader))
    return found


def detect(source: Source, reg: Registry | None = None) -> Detection:
    found = candidates(source, reg)
    if not found:
        raise InputError(
            "no reader recognises this file; name one with --from (see `harmonise formats`)", file=source.name
        )
    return found[0]
