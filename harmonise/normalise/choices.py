"""Code lists written in one cell: "1=Yes; 2=No", "1, Yes | 0, No", "1: Yes, 2: No", "Y - Yes\\nN - No".

Spreadsheet data dictionaries and REDCap choices write a variable's permitted values in
many ways. `choices` turns such a cell into value-set entries `[{"code": "1", "label": "Yes"}, …]`;
a cell that is not a code list (a REDCap calculation, prose, bare labels with no codes) is
rejected, so the caller keeps it verbatim. (`code_list`, in `codelists.py`, is the stricter
one-`code = label`-per-line reading of NHS specification text that keeps notes apart.)
"""
from __future__ import annotations

import re

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.normalise.text import is_placeholder

#: A code: a short token with no spaces or formula characters ("1", "-99", "AFG", "N/A", "1.5").
_CODE = r"[^\s=:|;,()\[\]{}<>*+]{1,32}"
# code/label separators, tried in this order on every item
_PAIR_PATTERNS = [
    re.compile(rf"^\s*(?P<code>{_CODE}|\"[^\"]+\"|'[^']+')\s*=\s*(?P<label>.*?)\s*$", re.S),
    re.compile(rf"^\s*(?P<code>{_CODE})\s*:\s*(?P<label>.*?)\s*$", re.S),
    re.compile(rf"^\s*(?P<code>{_CODE})\s*,\s*(?P<label>.*?)\s*$", re.S),
    re.compile(rf"^\s*(?P<code>{_CODE})\s+[-–—]\s+(?P<label>.*?)\s*$", re.S),
    re.compile(rf"^\s*(?P<code>{_CODE})\t+(?P<label>.*?)\s*$", re.S),
    re.compile(r"^\s*(?P<code>-?\d{1,6})[.)]?\s+(?P<label>\S.*?)\s*$", re.S),
]
# where a comma or semicolon separates items rather than code from label: before "<code> =" / "<code>:"
_COMMA_ITEMS = re.compile(rf",\s*(?=(?:{_CODE})\s*[=:])")
_SEMI_ITEMS = re.compile(rf";\s*(?=(?:{_CODE})\s*[=:,\-–—\s])")


def split_items(text: str) -> list[str]:
    """The items of a code-list cell, by the separator it uses: `|`, new lines, `;` or `,`."""
    if "|" in text:
        return text.split("|")
    if "\n" in text.strip():
        return text.splitlines()
    if ";" in text:
        parts = _SEMI_ITEMS.split(text)
        return parts if len(parts) > 1 else text.split(";")
    if "," in text and ("=" in text or ":" in text):
        return _COMMA_ITEMS.split(text)
    return [text]


def parse_choices(text: str) -> list[dict[str, str]]:
    """The entries of a code-list cell; raises Rejected when the cell is not a code list."""
    items = [item for item in split_items(text) if item.strip()]
    if not items:
        raise Rejected("empty code list")
    entries: list[dict[str, str]] = []
    for item in items:
        for pattern in _PAIR_PATTERNS:
            match = pattern.match(item)
            if match:
                code = match.group("code").strip().strip("\"'")
                label = re.sub(r"\s+", " ", match.group("label")).strip()
                entry = {"code": code}
                if label:
                    entry["label"] = label
                entries.append(entry)
                break
        else:
            raise Rejected(f"not a code list: cannot read a code and label in {item.strip()[:60]!r}")
    if len(entries) == 1 and "label" not in entries[0]:
        raise Rejected(f"not a code list: {text.strip()[:60]!r}")
    return entries


@rule("choices")
def choices(value):
    """A code list written in one cell -> value-set entries [{"code", "label"}]."""
    if isinstance(value, list):
        return value
    if not isinstance(value, str):
        raise Rejected(f"expected a code list as text, got {type(value).__name__}")
    text = value.strip()
    if not text or is_placeholder(text):
        return ABSENT
    return parse_choices(text)
