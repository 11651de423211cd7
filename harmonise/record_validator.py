"""Validating a record against the model as plain JSON data, without building model objects.

The generated pydantic classes (`harmonise.datamodel`, from the LinkML schema) are the
contract. Validating a record into them builds some thirty model objects, and every writer
then dumps them straight back to JSON data: together that cost more than reading and
mapping the record. So the conversion path validates with a pydantic-core validator
*derived from the classes' own core schema* — the same fields, types, required slots,
enum values, pattern checks and `extra="forbid"` — in which each model is a typed dict
and each enum a literal of its values. It returns exactly what
`Dataset.model_validate(record).model_dump(mode="json", exclude_none=True)` returns, keys in
model field order, at about half the cost of the validation alone.

The derived schema is, if anything, narrower than the model's: an optional slot holding
None (which the model accepts and `exclude_none` drops) does not pass. Whatever it refuses
goes the model's way (`validate_record` falls back to the classes), so a record is
accepted, and written, exactly when the model accepts it, and an error is always in the
model's own words. `tests/test_record_validator.py` checks the equivalence over the corpus.
"""
from __future__ import annotations

import operator
from functools import lru_cache
from typing import Any

from pydantic_core import SchemaValidator

_NO_DEFAULT = object()
_ENUM_VALUE = repr(operator.attrgetter("value"))  # attrgetters compare by identity, not by attribute


def validate_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record as the model's JSON data; raises pydantic's ValidationError as the model would."""
    try:
        return _fast_validator().validate_python(record)
    except Exception:  # noqa: BLE001 - refused here: the model's own validation decides, in its words
        from harmonise.datamodel import Dataset

        return Dataset.model_validate(record).model_dump(mode="json", exclude_none=True)


@lru_cache(maxsize=None)
def _fast_validator() -> SchemaValidator:
    from harmonise.datamodel import Dataset

    return SchemaValidator(plain_schema(Dataset.__pydantic_core_schema__))


def plain_schema(schema: Any) -> Any:
    """A model's core schema rewritten to validate into plain JSON data (see the module docstring)."""
    if isinstance(schema, list):
        return [plain_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind == "model":
        return _typed_dict(schema)
    if kind == "function-after" and _is_enum_value(schema):
        return {"type": "literal", "expected": [member.value for member in schema["schema"]["members"]]}
    return {key: plain_schema(value) for key, value in schema.items() if key not in ("metadata", "serialization")}


def _typed_dict(model: dict[str, Any]) -> dict[str, Any]:
    fields_schema = model["schema"]
    if fields_schema.get("type") != "model-fields" or fields_schema.get("computed_fields"):
        raise ValueError(f"cannot derive a plain schema from {model.get('cls')!r}")
    config = model.get("config", {})
    fields = {}
    for name, field in fields_schema["fields"].items():
        if field.get("validation_alias") or field.get("serialization_alias"):
            raise ValueError(f"{model.get('cls')!r}.{name}: aliased fields are not supported")
        inner = field["schema"]
        required = inner.get("type") != "default"
        if not required and inner.get("default", _NO_DEFAULT) is None:
            inner = inner["schema"]  # absent stays absent (exclude_none) …
            if inner.get("type") == "nullable":
                inner = inner["schema"]  # … and None goes the model's way
        fields[name] = {"type": "typed-dict-field", "schema": plain_schema(inner), "required": required}
    out: dict[str, Any] = {"type": "typed-dict", "fields": fields,
                           "extra_behavior": config.get("extra_fields_behavior", "ignore")}
    if "ref" in model:
        out["ref"] = model["ref"]
    return out


def _is_enum_value(schema: dict[str, Any]) -> bool:
    """The models' `use_enum_values`: an enum validator followed by `.value`."""
    function = schema.get("function", {}).get("function")
    return (isinstance(function, operator.attrgetter) and repr(function) == _ENUM_VALUE
            and schema.get("schema", {}).get("type") == "enum")
