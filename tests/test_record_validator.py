"""The conversion path validates records as plain data (harmonise.record_validator); it must
accept, refuse and output exactly what the generated model classes do."""
from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from harmonise.datamodel import Dataset
from harmonise.engine import ConvertOptions, iter_converted
from harmonise.record_validator import _fast_validator, validate_record

from conftest import EXAMPLES


def model_path(record: dict[str, Any]) -> bytes:
    return orjson.dumps(Dataset.model_validate(record).model_dump(mode="json", exclude_none=True))


@pytest.fixture(scope="module")
def mapped_records(corpus) -> list[dict[str, Any]]:
    """Every record the corpus and the examples convert, as readers hand them to validation."""
    out = []
    for item in iter_converted([str(corpus), str(EXAMPLES)], ConvertOptions()):
        if item.record is not None:
            out.append((item.result.record, item.record))
    return out


def test_corpus_records_validate_as_the_model_does(mapped_records):
    assert len(mapped_records) >= 140
    for raw, validated in mapped_records:
        assert orjson.dumps(validated) == model_path(raw), raw.get("id")


def test_corpus_records_take_the_fast_path(mapped_records):
    """No real record needs the fallback to the model classes (that would cost the speed)."""
    fast = _fast_validator()
    for raw, validated in mapped_records:
        assert fast.validate_python(raw) == validated


def test_output_keeps_model_field_order(mapped_records):
    raw, validated = max(mapped_records, key=lambda pair: len(pair[1]))
    order = list(Dataset.model_fields)
    assert list(validated) == sorted(validated, key=order.index)
    assert list(validated)[:2] == ["id", "title"]


def test_refusals_are_in_the_models_words():
    record = {"id": "x", "title": "T", "accrual_periodicity": "fortnightly-ish", "tables": [{"name": "t", "oops": 1}]}
    with pytest.raises(ValidationError) as ours:
        validate_record(record)
    with pytest.raises(ValidationError) as theirs:
        Dataset.model_validate(record)
    assert ours.value.errors() == theirs.value.errors()


def test_none_in_an_optional_slot_is_dropped_as_the_model_dump_drops_it():
    record = {"id": "x", "title": "T", "abstract": None, "keywords": ["a"], "tables": [{"name": "t", "description": None}]}
    assert validate_record(record) == {"id": "x", "title": "T", "keywords": ["a"], "tables": [{"name": "t"}]}


_BASE = {
    "id": "ds-1", "title": "Audit", "keywords": ["stroke"], "accrual_periodicity": "annual",
    "languages": ["en"], "jurisdictions": ["GB-ENG"], "doi": "10.1234/abc", "population_size": 12,
    "tables": [{"name": "t1", "variables": [{"name": "age", "data_type": "integer", "sensitive": False}]}],
    "temporal_coverage": {"start_date": "2020-01-01"},
    "extensions": [{"source_pointer": "/x", "value": "\"y\"", "reason": "not_in_crosswalk"}],
}
_PATHS = [("title",), ("keywords", 0), ("accrual_periodicity",), ("languages", 0), ("jurisdictions", 0), ("doi",),
          ("population_size",), ("tables", 0, "name"), ("tables", 0, "variables", 0, "data_type"),
          ("tables", 0, "variables", 0, "sensitive"), ("temporal_coverage", "start_date"),
          ("extensions", 0, "reason"), ("temporal_coverage",), ("tables", 0), ("unknown_slot",),
          ("tables", 0, "variables", 0, "unknown")]
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from(["", "annual", "ANNUAL", "en", "xx", "GB", "10.1/x", "integer", "2020-13-45",
                                     "not_in_crosswalk", "12"]),
                    st.text(max_size=8), st.lists(st.text(max_size=3), max_size=2), st.just({}), st.just({"name": "z"}))


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    """Put `value` at `path` when every step of it still exists (earlier changes may have removed it)."""
    for key in path[:-1]:
        if isinstance(node, dict) and isinstance(key, str) and key in node or \
                isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return
    last = path[-1]
    if isinstance(node, dict) and isinstance(last, str) or isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PATHS), _VALUES), min_size=1, max_size=4))
def test_fast_path_never_accepts_what_the_model_refuses(changes):
    record = copy.deepcopy(_BASE)
    for path, value in changes:
        _set(record, path, value)
    try:
        expected: bytes | None = model_path(record)
    except ValidationError as exc:
        expected = None
        refusal = exc.errors(include_context=False)
    try:
        fast = orjson.dumps(_fast_validator().validate_python(record))
    except ValidationError:
        fast = None
    if fast is not None:
        assert fast == expected
    try:
        ours = orjson.dumps(validate_record(record))
    except ValidationError as exc:
        assert expected is None and exc.errors(include_context=False) == refusal
    else:
        assert ours == expected


def test_enums_are_checked_in_rust_as_literals():
    """`use_enum_values` is a Python call per value in the classes; the plain schema has none."""
    from harmonise.record_validator import plain_schema

    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "enum":
                found.append("enum")
            if node.get("type") == "literal" and "Annual" in node.get("expected", ()):
                found.append("periodicity literal")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(plain_schema(Dataset.__pydantic_core_schema__))
    assert "enum" not in found and "periodicity literal" in found
