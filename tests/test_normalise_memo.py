"""Memoised normalisation rules (`normalise.base.memoised`, `fold`, `is_placeholder`) against
the plain functions they wrap: the same result (type, value, and the argument itself when the
rule gives it back), the same rejection message, and never one mutable object for two calls."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmonise import normalise
from harmonise.accounting import leaves
from harmonise.normalise.base import ABSENT, Rejected, memoised
from harmonise.normalise.text import fold, fold_reference, is_placeholder, is_placeholder_reference

from conftest import CORPUS

#: the rules wrapped by `memoised` (each must stay so: a rule dropped from here is a slower path)
MEMOISED = ["date", "email", "url", "doi", "language", "country_code", "periodicity", "coding_system",
            "standard_data_model", "text", "enum:DatasetType", "enum:Periodicity", "enum:MaterialType",
            "enum:DataUseLimitation", "enum:SourceType", "enum:CodingSystem", "enum:DeliveryLeadTime"]

EXTRA = ["", " ", "N/A", "n/a", "Not Available", "TBC", "CONTINUOUS", "2020-01-01", " 2020-01-01 ", "01/02/2020",
         "3/31/2013", "4/1/89", "March 2020", "1st March 2020", "mailto:x@example.org", "x@example.org ",
         "www.example.org/x", "https://example.org", "doi:10.1234/abc", "https://doi.org/10.1000/x", "ENGLISH",
         "en-GB", "UK", "GB-ENG", "Scotland", "ANNUAL", "1 Month Cycle", "every 3 months", "ICD10 codes",
         "Local Standard", "HEALTH AND DISEASE", "ONE WEEK", "Blood", "x" * 300, "ß", "İstanbul", "\u00a0"]


def corpus_strings() -> list[str]:
    found: dict[str, None] = dict.fromkeys(EXTRA)
    for folder in ("hdruk", "hdruk_dataset_v2", "hdruk_dataset_v3_v4", "hdruk_mdc_datamodel", "schemaorg",
                   "datacite", "ckan"):
        for path in sorted((CORPUS / folder).rglob("*.json")):
            try:
                doc = orjson.loads(path.read_bytes())
            except orjson.JSONDecodeError:
                continue
            for _pointer, value in leaves(doc):
                if isinstance(value, str):
                    found[value] = None
    return list(found)


def outcome(func: Any, value: Any) -> tuple[str, Any, bool]:
    try:
        result = func(value)
    except Rejected as exc:
        return ("rejected", str(exc), False)
    return ("value", (type(result).__name__, result if result is not ABSENT else "ABSENT"), result is value)


def test_the_rules_are_memoised():
    for spec in MEMOISED:
        assert hasattr(normalise.get(spec).func, "__wrapped__"), spec


@pytest.mark.parametrize("spec", MEMOISED)
def test_memoised_rules_equal_their_plain_functions_on_the_corpus(spec, corpus):
    func = normalise.get(spec).func
    plain = func.__wrapped__
    values = corpus_strings()
    assert len(values) > 500
    for value in values:
        first = outcome(func, value)
        again = outcome(func, str(value + "!")[:-1])  # an equal string, another object: from the memo
        assert first == outcome(plain, value), (spec, value)
        copy = str(value + "!")[:-1]
        assert again == outcome(plain, copy), (spec, value)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(MEMOISED), st.one_of(st.text(max_size=20), st.sampled_from(EXTRA), st.integers(),
                                            st.none(), st.booleans(), st.floats(allow_nan=False)))
def test_memoised_rules_equal_their_plain_functions_on_any_value(spec, value):
    func = normalise.get(spec).func
    assert outcome(func, value) == outcome(func.__wrapped__, value)
    assert outcome(func, value) == outcome(func.__wrapped__, value)  # the second call, from the memo


def test_a_mutable_result_is_never_shared():
    split = memoised(normalise.get("split_list").func)
    location = memoised(normalise.get("location").func)
    first, second = split("a, b"), split("a, b")
    assert first == second == ["a", "b"] and first is not second
    first, second = location("Wales"), location("Wales")
    assert first == second and first is not second
    first.append("c") if isinstance(first, list) else first.update(code="x")
    assert location("Wales") == second


def test_rejections_are_new_exceptions_with_the_same_message():
    email = normalise.get("email").func
    errors = []
    for _ in range(2):
        with pytest.raises(Rejected) as info:
            email("not an address")
        errors.append(info.value)
    assert str(errors[0]) == str(errors[1]) == "not an e-mail address: 'not an address'"
    assert errors[0] is not errors[1]


def test_the_argument_itself_comes_back_when_unchanged():
    date = normalise.get("date").func
    value = "".join(["2020-", "01-01"])
    assert date(value) is value
    other = "".join(["2020-0", "1-01"])
    assert date(other) is other  # a memo hit hands back this call's argument, not the first one


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=80), st.sampled_from(EXTRA)))
def test_fold_and_is_placeholder_equal_their_references(text):
    assert fold(text) == fold_reference(text)
    assert is_placeholder(text) is is_placeholder_reference(text)


def test_fold_and_is_placeholder_on_the_corpus(corpus):
    for value in corpus_strings():
        assert fold(value) == fold_reference(value)
        assert is_placeholder(value) is is_placeholder_reference(value)
    assert is_placeholder(None) is is_placeholder_reference(None) is False


def test_memoised_module_rules_pickle_by_reference():
    import pickle

    from harmonise.normalise import dates, identifiers

    for func in (dates.date, identifiers.email, identifiers.url):
        assert pickle.loads(pickle.dumps(func)) is func
        assert func.__name__ == func.__wrapped__.__name__
