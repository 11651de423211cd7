"""The shared rules the generic dictionary reader (and REDCap) use: code lists in a cell, local data types."""
from __future__ import annotations

import pytest

from harmonise import normalise
from harmonise.normalise import ABSENT, Rejected

choices = normalise.get("choices")
data_type = normalise.get("data_type")


@pytest.mark.parametrize("text, expected", [
    ("1=Yes; 2=No", [("1", "Yes"), ("2", "No")]),
    ("1, Yes | 0, No", [("1", "Yes"), ("0", "No")]),
    ("1: Yes, 2: No", [("1", "Yes"), ("2", "No")]),
    ("0 = No, 1 = Yes, 9 = Not known", [("0", "No"), ("1", "Yes"), ("9", "Not known")]),
    ("Y - Yes\nN - No", [("Y", "Yes"), ("N", "No")]),
    ("1 Male\n2 Female", [("1", "Male"), ("2", "Female")]),
    ("1=Yes;2=No;-99=Missing", [("1", "Yes"), ("2", "No"), ("-99", "Missing")]),
    # a comma inside a REDCap label stays in the label
    ("1, Health centre | 3, Regional, provincial or university",
     [("1", "Health centre"), ("3", "Regional, provincial or university")]),
    ("AP, Asia-Pacific | NA, NA-ACCORD (North America)", [("AP", "Asia-Pacific"), ("NA", "NA-ACCORD (North America)")]),
])
def test_choices_in_a_cell(text, expected):
    assert [(e["code"], e.get("label")) for e in choices(text)] == expected


@pytest.mark.parametrize("text", ["if([a]>1, 1, 0)", "sum([a],[b])", "Low | Medium | High", "See the codes sheet"])
def test_what_is_not_a_code_list_is_rejected(text):
    with pytest.raises(Rejected):
        choices(text)


def test_choices_placeholder_is_absent():
    assert choices("N/A") is ABSENT
    assert choices("") is ABSENT


@pytest.mark.parametrize("text, expected", [
    ("String(12)", "string"), ("char", "string"), ("Integer", "integer"), ("DATE (CCYY-MM-DD)", "date"),
    ("numeric 3.1", "decimal"), ("categorical", "string"), ("varchar(MAX)", "string"),
    ("nvarchar(30), varchar(4)", "string"), ("bit", "boolean"), ("datetime", "datetime"), ("float", "double"),
    # REDCap field types and validations
    ("dropdown", "string"), ("radio", "string"), ("checkbox", "string"), ("notes", "string"),
    ("yesno", "boolean"), ("truefalse", "boolean"), ("calc", "decimal"), ("slider", "integer"),
    ("date_ymd", "date"), ("datetime_seconds_ymd", "datetime"), ("time_hh_mm", "time"), ("number_1dp", "decimal"),
])
def test_local_data_types(text, expected):
    assert data_type(text) == expected


def test_unspecified_type_is_no_value_and_unknown_names_are_rejected():
    assert data_type("Unspecified Type") is ABSENT
    with pytest.raises(Rejected):
        data_type("PrimitiveType")
    with pytest.raises(Rejected):
        data_type("descriptive")


from hypothesis import given, strategies as st  # noqa: E402

_codes = st.from_regex(r"-?[0-9]{1,3}|[A-Z]{1,3}", fullmatch=True)
_labels = st.from_regex(r"[A-Za-z][A-Za-z ()'/-]{0,30}[A-Za-z)]", fullmatch=True)
_FORMS = [("; ", "="), (" | ", ", "), ("\n", " = "), (", ", ": ")]


@given(st.lists(st.tuples(_codes, _labels), min_size=1, max_size=8, unique_by=lambda p: p[0]),
       st.sampled_from(_FORMS))
def test_choices_round_trip(pairs, form):
    between, pair = form
    text = between.join(f"{code}{pair}{label}" for code, label in pairs)
    parsed = choices(text)
    assert [(e["code"], e["label"]) for e in parsed] == [(c, " ".join(l.split())) for c, l in pairs]
