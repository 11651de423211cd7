"""Validation targets for `harmonise validate --against NAME`.

Each target is a small class with a name and a `validate(paths, options)`; format
modules add theirs (HDR UK JSON Schemas, HealthDCAT-AP SHACL) by listing them in
their module's `VALIDATORS`.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from harmonise.errors import HarmoniseError


@dataclass
class ValidateOptions:
    schema: Path | None = None
    shapes: Path | None = None


@dataclass
class ValidationResult:
    file: str
    valid: bool
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "valid": self.valid, "problems": self.problems}


class Validator:
    name: str = ""
    title: str = ""

    def validate(self, paths: Iterable[str], options: ValidateOptions) -> list[ValidationResult]:
        raise NotImplementedError


class ModelValidator(Validator):
    """Model JSON / JSON Lines (json and jsonl writer output) against the model's classes."""

    name = "harmonise"
    title = "the harmonise model (pydantic classes generated from the LinkML schema)"

    def validate(self, paths: Iterable[str], options: ValidateOptions) -> list[ValidationResult]:
        from harmonise.engine import validation_message
        from harmonise.mappings.harmonise_json import HarmoniseJsonReader
        from harmonise.mapping import ReadOptions
        from harmonise.sources import expand
        from harmonise.datamodel import Dataset
        from pydantic import ValidationError

        reader = HarmoniseJsonReader()
        results = []
        given = {str(Path(p)) for p in paths}
        for source in expand(paths):
            problems: list[str] = []
            if str(source.path) not in given and not self._is_model_json(reader, source):
                continue  # a run report or other file beside the records in a folder
            try:
                for result in reader.read(source, ReadOptions()):
                    if result.error is not None:
                        problems.append(result.error.located())
                        continue
                    try:
                        Dataset.model_validate(result.record)
                    except ValidationError as exc:
                        for err in exc.errors():
                            loc = ".".join(str(p) for p in err["loc"])
                            problems.append(f"{result.location}: {loc}: {err['msg']}")
            except HarmoniseError as exc:
                problems.append(exc.located())
            results.append(ValidationResult(source.name, not problems, problems))
        return results

    @staticmethod
    def _is_model_json(reader: Any, source: Any) -> bool:
        try:
            return reader.detect(source) is not None
        except HarmoniseError:
            return True  # malformed: validate it, so the problem is reported


def validators() -> dict[str, Validator]:
    """Every validation target: the model's own, and those the mapping modules provide."""
    from harmonise.registry import registry

    found: dict[str, Validator] = {ModelValidator.name: ModelValidator()}
    reg = registry()
    for module_name in reg.modules:
        module = importlib.import_module(module_name)
        for validator in getattr(module, "VALIDATORS", ()):
            found[validator.name] = validator
    return found
