"""The `age_range` rule: age ranges as real HDR UK records write them."""
from __future__ import annotations

import pytest

from harmonise import normalise
from harmonise.normalise import ABSENT, Rejected
from harmonise.normalise.ages import AgeRange, format_age_range

age_range = normalise.get("age_range")


@pytest.mark.parametrize("text, expected", [
    ("40-69", AgeRange(40, 69)),          # UK Biobank 2.2
    ("0-150", AgeRange(0, 150)),          # GWDM 2.0 BHF record: kept as written
    ("31-59", AgeRange(31, 59)),
    ("40-90+", AgeRange(40, 90)),
    ("16 to 64 years", AgeRange(16, 64)),
    ("18+", AgeRange(18, None)),
    ("18 and over", AgeRange(18, None)),
    (">=18", AgeRange(18, None)),
    (">18", AgeRange(19, None)),           # strict: over 18 means 19 and older in whole years
    ("<16", AgeRange(None, 15)),
    ("<=16", AgeRange(None, 16)),
    ("under 5", AgeRange(None, 4)),
    ("65", AgeRange(65, 65)),
])
def test_ranges(text, expected):
    assert age_range(text) == expected


@pytest.mark.parametrize("text", ["Any Age", "All ages", "ALL", "any", "Not Known", "TBC", "not available"])
def test_any_age_and_placeholders_are_absent(text):
    assert age_range(text) is ABSENT


@pytest.mark.parametrize("text", ["69-40", "adults", "see documentation"])
def test_unrecognisable_is_rejected(text):
    with pytest.raises(Rejected):
        age_range(text)


def test_integer_and_boolean():
    assert age_range(18) == AgeRange(18, 18)
    with pytest.raises(Rejected):
        age_range(True)


def test_format_for_gwdm_and_2x():
    assert format_age_range(40, 69) == "40-69"
    assert format_age_range(18, None) == "18+"
    assert format_age_range(None, 15) == "0-15"
    assert format_age_range(None, None) is None
