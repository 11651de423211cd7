"""`harmonise validate --against hdruk-3.0|hdruk-4.0|gwdm-2.0 --schema FILE`: validate documents
against an official HDR UK JSON Schema the user points at (harmonise ships no copy of them).

Each file may hold one document or a bulk file of many (`{"dataModels": […]}`, a JSON array);
each problem is reported with the document's JSON Pointer location.
"""
from __future__ import annotations

from typing import Any, Iterable

from harmonise.errors import HarmoniseError, UsageError
from harmonise.validation import ValidateOptions, ValidationResult, Validator


class HdrukSchemaValidator(Validator):
    def __init__(self, name: str, title: str):
        self.name = name
        self.title = title

    def validate(self, paths: Iterable[str], options: ValidateOptions) -> list[ValidationResult]:
        import orjson
        from jsonschema import FormatChecker
        from jsonschema.validators import validator_for

        from harmonise.mappings.hdruk.json_records import Broken, iter_records
        from harmonise.sources import expand

        if options.schema is None:
            raise UsageError(f"--against {self.name} needs --schema FILE: the official JSON Schema "
                             "(HDR UK publishes them in HDRUK/schemata; harmonise ships no copy)")
        try:
            schema = orjson.loads(options.schema.read_bytes())
        except (OSError, orjson.JSONDecodeError) as exc:
            raise UsageError(f"cannot read the schema: {exc}", file=str(options.schema)) from None
        cls = with_bounded_patterns(validator_for(schema, default=_default_validator()))
        validator = cls(schema, format_checker=FormatChecker())
        results = []
        for source in expand(paths):
            problems: list[str] = []
            try:
                for pointer, doc in iter_records(source):
                    if isinstance(doc, Broken):
                        problems.append(f"{source.name}#{pointer}: {doc.message}")
                        break
                    for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
                        where = pointer + "".join(f"/{p}" for p in error.absolute_path)
                        problems.append(f"{source.name}#{where or '/'}: {_message(error)}")
            except HarmoniseError as exc:
                problems.append(exc.located())
            results.append(ValidationResult(source.name, not problems, problems))
        return results


#: Seconds one `pattern` check may take. HDR UK's own UrlV2 pattern backtracks exponentially
#: on some non-matching values under Python's re (6 s at 14 characters, hours at 30); the regex
#: module does not, and the timeout bounds any pattern that still would.
PATTERN_TIMEOUT = 1.0


def with_bounded_patterns(base: Any) -> Any:
    """The schema's validator class with `pattern` checked by the `regex` module under a
    timeout, so a pathological official pattern reports a problem instead of hanging."""
    import regex
    from jsonschema import ValidationError
    from jsonschema.validators import extend

    def pattern(validator: Any, expected: str, instance: Any, schema: Any):
        if not validator.is_type(instance, "string"):
            return
        try:
            found = regex.search(expected, instance, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            yield ValidationError(f"{instance!r}: the schema's pattern {expected!r} could not be checked within "
                                  f"{PATTERN_TIMEOUT:g} s (it backtracks catastrophically on this value)")
            return
        if not found:
            yield ValidationError(f"{instance!r} does not match {expected!r}")

    return extend(base, {"pattern": pattern})


def _default_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator


def _message(error: Any) -> str:
    text = error.message
    return text if len(text) <= 300 else text[:297] + "..."


VALIDATORS = [
    HdrukSchemaValidator("hdruk-3.0", "HDR UK Dataset Schema 3.0.0 (official JSON Schema given with --schema)"),
    HdrukSchemaValidator("hdruk-4.0", "HDR UK Dataset Schema 4.0.0 (official JSON Schema given with --schema)"),
    HdrukSchemaValidator("gwdm-2.0", "HDR UK Gateway Data Model 2.0 (official JSON Schema given with --schema)"),
]
