"""Rules added for real HDR UK records: update-frequency phrases, vocabulary names written
loosely, dates as the old Gateway wrote them, placeholders, and splits that cut brackets."""
from __future__ import annotations

import pytest

from harmonise import normalise
from harmonise.normalise import ABSENT, Rejected
from harmonise.normalise.lists import rejoin_unbalanced
from harmonise.normalise.text import is_placeholder

periodicity = normalise.get("periodicity")
date = normalise.get("date")


@pytest.mark.parametrize("text, expected", [
    ("ANNUAL", "Annual"), ("Monthly", "Monthly"), ("SEMIWEEKLY", "Twice a week"),
    ("Annually", "Annual"),               # v1 Cystic Fibrosis record
    ("1 Month Cycle", "Monthly"),         # v1 HES APC record
    ("every 3 months", "Quarterly"), ("6 monthly", "Biannual"), ("ad hoc", "Irregular"),
])
def test_periodicity(text, expected):
    assert periodicity(text) == expected


def test_periodicity_placeholder_and_junk():
    assert periodicity("IN PROGRESS") is ABSENT
    with pytest.raises(Rejected):
        periodicity("when the registry committee meets")


def test_coding_system_and_standard_data_model_loose_names():
    assert normalise.get("coding_system")("Local Standard") == "LOCAL"
    assert normalise.get("coding_system")("ICD10 codes") == "ICD10"
    assert normalise.get("coding_system")("SNOMED CT") == "SNOMED CT"
    assert normalise.get("standard_data_model")("Local Standard") == "LOCAL"
    assert normalise.get("standard_data_model")("OMOP data model") == "OMOP"
    with pytest.raises(Rejected):
        normalise.get("coding_system")("https://example.org/codes")


@pytest.mark.parametrize("text, expected", [
    ("4/1/89", "1989-01-04"),            # v1 HES APC datasetStartDate (2.0 record says 1989-01-04)
    ("01/02/2020", "2020-02-01"),         # UK day first
    ("3/31/13", "2013-03-31"),            # only valid month first: the CSV export's US dates
    ("12/25/2020", "2020-12-25"),
    ("1/1/20", "2020-01-01"),
    ("1990-01-01T00:00:00.000Z", "1990-01-01T00:00:00.000Z"),
])
def test_dates(text, expected):
    assert date(text) == expected


def test_impossible_date_rejected():
    with pytest.raises(Rejected):
        date("31/31/2013")


@pytest.mark.parametrize("text", ["TBA", "Awaiting", "not currently available", "N/A", "Not Known", "IN PROGRESS"])
def test_more_placeholders(text):
    assert is_placeholder(text)


def test_rejoin_unbalanced_citation():
    # the 2020 Gateway export split this v1 citation on ";" inside the brackets
    items = ["'Data Resource Profile: The UK CF Registry' published in the International Journal of "
             "Epidemiology (2018 Feb 1", "47(1)9-10e)", "Another paper"]
    assert rejoin_unbalanced(items) == [
        ([0, 1], "'Data Resource Profile: The UK CF Registry' published in the International Journal of "
                 "Epidemiology (2018 Feb 1;47(1)9-10e)"),
        ([2], "Another paper"),
    ]
    assert rejoin_unbalanced(["a (b)", "c"]) == [([0], "a (b)"), ([1], "c")]
    assert rejoin_unbalanced(["open (never closed"]) == [([0], "open (never closed")]


@pytest.mark.parametrize("text, code", [
    ("GB", "GB"), ("United Kingdom", "GB"), ("826", "GB"), ("GBR", "GB"), ("UK", "GB"),
    ("GB-ENG", "GB-ENG"), ("England", "GB-ENG"), ("GB-GBN", "GB-GBN"), ("England and Wales", "GB-EAW"),
])
def test_jurisdictions_as_the_2020_export_writes_them(text, code):
    assert normalise.get("country_code")(text) == code


def test_jurisdiction_junk_is_rejected_and_placeholder_absent():
    with pytest.raises(Rejected):
        normalise.get("country_code")("GB-GB")  # the Alleviate 2.1 record
    assert normalise.get("country_code")("not applicable") is ABSENT
