"""The `code_list` and `mojibake` normalisation rules (dictionary text)."""
from __future__ import annotations

import pytest

from harmonise import normalise
from harmonise.normalise import Rejected
from harmonise.normalise.codelists import parse_code_list


def test_code_list_reads_code_lines_and_keeps_notes_apart():
    text = ("Elective Admission:\r\n11 = Waiting list\r\n12 = Booked\r\n 13 = Planned\r\n"
            "2A = Emergency Care Department of another provider\n4an = A valid ICD-10 code\n"
            "YYYY-MM-DD = Date\n1 to 7 = order\nNull = Not applicable\n- = No operation\n& = Not known")
    entries, notes = parse_code_list(text)
    assert [e["code"] for e in entries] == ["11", "12", "13", "2A", "-", "&"]
    assert entries[1] == {"code": "12", "label": "Booked"}
    assert notes == ["Elective Admission:", "4an = A valid ICD-10 code", "YYYY-MM-DD = Date",
                     "1 to 7 = order", "Null = Not applicable"]


def test_code_list_rule_rejects_prose():
    rule = normalise.get("code_list")
    assert rule("1 = Yes\n2 = No") == [{"code": "1", "label": "Yes"}, {"code": "2", "label": "No"}]
    with pytest.raises(Rejected):
        rule("Values include: V, R, P, G though definitions of these values are not known.")


def test_mojibake_repairs_double_encoded_utf8_only():
    rule = normalise.get("mojibake")
    assert rule("donâ€™t") == "don\u2019t"
    assert rule("Â\u00a0Patients") == "\u00a0Patients"
    assert rule("café – ok") == "café – ok"
    assert rule(3) == 3
