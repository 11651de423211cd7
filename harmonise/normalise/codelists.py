"""Code lists written inside free text, and text damaged by double encoding.

`code_list`: the HES TOS `Values` cell and similar dictionary text list permitted values
one per line as `code = label` ("01 = Ward in same hospital"). Lines that are not a code
(`YYYY-MM-DD = Date of admission`, `4an = A valid ICD-10 code`, `n = Number of ...`,
section headings, notes) are kept apart as notes.

`mojibake`: UTF-8 text that was decoded once as Windows-1252/Latin-1 and encoded again
("Â\u00a0", "â€™") is repaired piece by piece; text that is already right is unchanged.
"""
from __future__ import annotations

import re

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected

# one `code = label` line; codes are short tokens (digits, letters, `-`, `&`, dates)
_LINE = re.compile(r"^\s*(?P<code>[^\s=][^=]{0,19}?)\s*=\s*(?P<label>.*?)\s*$")
_CODE = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9.\-/]*|-|&|\*|[+-]\d+)$")
# format placeholders, not codes: n, 2n, 4an, an10, max 4n, YYYY-MM-DD, HH:MM, Null, 1 to 7
_FORMAT = re.compile(
    r"^(?:(?:max|min)\s+)?\d*\s*(?:a?n|an\d*|n\d+)(?:\s+to\s+\d*\s*a?n)?$|^[YMDHS]{1,4}(?:[-:/.][YMDHS]{1,4})+$"
    r"|^(?:null|blank|none)$|^\S+\s+to\s+\S+$",
    re.IGNORECASE,
)


def parse_code_list(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """(entries [{code, label}], note lines) from a `code = label` text."""
    entries: list[dict[str, str]] = []
    notes: list[str] = []
    seen: set[str] = set()
    for raw in re.split(r"\r\n|\r|\n", text):
        line = raw.replace("\u00a0", " ").strip()
        if not line:
            continue
        match = _LINE.match(line)
        code = match.group("code").strip() if match else ""
        if match and " " not in code and _CODE.match(code) and not _FORMAT.match(code) and code not in seen:
            seen.add(code)
            entries.append({"code": code, **({"label": match.group("label")} if match.group("label") else {})})
        else:
            notes.append(line)
    return entries, notes


@rule("code_list")
def code_list(value):
    """A `code = label` text -> value-set entries [{code, label}]; note lines are dropped."""
    if not isinstance(value, str):
        raise Rejected(f"expected text, got {type(value).__name__}")
    if not value.strip():
        return ABSENT
    entries, _notes = parse_code_list(value)
    if not entries:
        raise Rejected("no `code = label` lines found")
    return entries


# a UTF-8 lead byte then 1-3 continuation bytes, each as Windows-1252 or Latin-1 would show it
_CONT = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xC0)} |
                       {chr(b) for b in range(0x80, 0xC0)}))
_MOJIBAKE = re.compile("[\u00c2-\u00f4][" + re.escape(_CONT) + "]{1,3}")


def _repair(match: re.Match[str]) -> str:
    piece = match.group(0)
    for encoding in ("cp1252", "latin-1"):
        try:
            return piece.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return piece


@rule("mojibake")
def mojibake(value):
    """Repair double-encoded UTF-8 ("Â\u00a0" -> no-break space, "â€™" -> "’"); other text unchanged."""
    if not isinstance(value, str):
        return value
    return _MOJIBAKE.sub(_repair, value)
