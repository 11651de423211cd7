"""E-mail addresses, URLs and DOIs: checked, tidied, placeholders rejected."""
from __future__ import annotations

import re

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected, memoised
from harmonise.normalise.text import is_placeholder

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_BARE_HOST = re.compile(r"^(www\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


@rule("email")
@memoised
def email(value):
    """An e-mail address; "mailto:" is dropped, placeholders become absent, junk is rejected."""
    if not isinstance(value, str):
        raise Rejected(f"expected an e-mail address, got {type(value).__name__}")
    text = value.strip()
    if is_placeholder(text):
        return ABSENT
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    if _EMAIL.match(text):
        return text
    raise Rejected(f"not an e-mail address: {value!r}")


@rule("url")
@memoised
def url(value):
    """An http(s) URL; a bare host ("www.example.org/x") gains "https://"."""
    if not isinstance(value, str):
        raise Rejected(f"expected a URL, got {type(value).__name__}")
    text = value.strip()
    if is_placeholder(text):
        return ABSENT
    if _URL.match(text):
        return text
    if _BARE_HOST.match(text):
        return "https://" + text
    raise Rejected(f"not a URL: {value!r}")


@rule("doi")
@memoised
def doi(value):
    """A DOI name ("10.1234/abc"); resolver prefixes and "doi:" are removed."""
    if not isinstance(value, str):
        raise Rejected(f"expected a DOI, got {type(value).__name__}")
    text = value.strip()
    if is_placeholder(text):
        return ABSENT
    text = _DOI_PREFIX.sub("", text)
    if _DOI.match(text):
        return text
    raise Rejected(f"not a DOI: {value!r}")


@rule("email_or_url")
def email_or_url(value):
    """Contact details that may be either (an address, or a contact form's URL)."""
    try:
        return email(value)
    except Rejected:
        return url(value)
