"""Vocabulary values written as IRIs or CURIEs."""
import pytest

from harmonise import normalise
from harmonise.normalise import ABSENT, Rejected


@pytest.mark.parametrize("value, expected", [
    ("http://publications.europa.eu/resource/authority/frequency/DAILY", "Daily"),
    ("http://publications.europa.eu/resource/authority/frequency/ANNUAL_2", "Biannual"),  # by its meaning
    ("freq:quarterly", "Quarterly"),
    ("Monthly", "Monthly"),
])
def test_enum_uri_matches_the_last_segment(value, expected):
    assert normalise.get("enum_uri:Periodicity")(value) == expected


def test_enum_uri_placeholder_and_rejection():
    assert normalise.get("enum_uri:Periodicity")("not available") is ABSENT
    with pytest.raises(Rejected):
        normalise.get("enum_uri:Periodicity")("http://example.org/frequency/FORTNIGHTLYISH")


@pytest.mark.parametrize("value, expected", [
    ("http://publications.europa.eu/resource/authority/language/ENG", "en"),
    ("cy", "cy"),
    ("Welsh", "cy"),
])
def test_language_uri(value, expected):
    assert normalise.get("language_uri")(value) == expected
