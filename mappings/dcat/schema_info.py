"""The model's RDF mapping, read once from the LinkML YAML (no linkml import at runtime).

For every class: its class_uri and, for every slot, the property IRI, range and
cardinality; for every enum: value -> meaning IRI and back. The RDF writers and the
`dcat` reader both work from these tables, so RDF follows the model's own slot_uris.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: Kinds of slot value, decided from the slot's range.
OBJECT, ENUM, URI, INTEGER, BOOLEAN, DATE, STRING = "object", "enum", "uri", "integer", "boolean", "date", "string"


@dataclass(frozen=True)
class SlotInfo:
    name: str
    uri: str
    range: str
    kind: str
    multivalued: bool
    non_negative: bool = False


@dataclass
class ClassInfo:
    name: str
    uri: str
    slots: dict[str, SlotInfo] = field(default_factory=dict)


@dataclass
class ModelInfo:
    prefixes: dict[str, str]
    classes: dict[str, ClassInfo]
    enum_meanings: dict[str, dict[str, str]]      # enum -> value -> IRI
    enum_values: dict[str, dict[str, str]]        # enum -> IRI -> value
    enum_names: dict[str, set[str]]               # enum -> permissible values

    def expand(self, curie: str) -> str:
        if "://" in curie or curie.startswith("urn:"):
            return curie
        prefix, _, local = curie.partition(":")
        base = self.prefixes.get(prefix)
        if base is None:
            return curie
        return base + local


def _load_yaml(path) -> dict[str, Any]:
    from harmonise.yamlfile import package_data

    return package_data(path)


@functools.lru_cache(maxsize=1)
def model_info() -> ModelInfo:
    from harmonise.paths import MODEL_DIR, SCHEMA_FILE

    schema = _load_yaml(SCHEMA_FILE)
    prefixes = dict(schema.get("prefixes") or {})
    enums: dict[str, dict[str, Any]] = {}
    for imported in schema.get("imports") or []:
        if imported.startswith("linkml:"):
            continue
        doc = _load_yaml(MODEL_DIR / f"{imported}.yaml")
        for key, value in (doc.get("prefixes") or {}).items():
            prefixes.setdefault(key, value)
        enums.update(doc.get("enums") or {})
    enums.update(schema.get("enums") or {})
    info = ModelInfo(prefixes, {}, {}, {}, {})
    for enum_name, enum in enums.items():
        values = enum.get("permissible_values") or {}
        info.enum_names[enum_name] = set(values)
        meanings = {}
        for value, spec in values.items():
            meaning = (spec or {}).get("meaning")
            if meaning:
                meanings[str(value)] = info.expand(meaning)
        info.enum_meanings[enum_name] = meanings
        info.enum_values[enum_name] = {iri: value for value, iri in meanings.items()}
    class_names = set((schema.get("classes") or {}).keys())
    types = schema.get("types") or {}
    for class_name, spec in (schema.get("classes") or {}).items():
        cls = ClassInfo(class_name, info.expand(spec.get("class_uri") or f"harmonise:{class_name}"))
        for slot_name, slot in (spec.get("attributes") or {}).items():
            slot = slot or {}
            rng = slot.get("range") or schema.get("default_range") or "string"
            if rng in class_names:
                kind = OBJECT
            elif rng in enums:
                kind = ENUM
            elif rng == "uri":
                kind = URI
            elif rng == "integer":
                kind = INTEGER
            elif rng == "boolean":
                kind = BOOLEAN
            elif rng in types and rng == "DateOrDateTime":
                kind = DATE
            else:
                kind = STRING
            uri = info.expand(slot.get("slot_uri") or f"harmonise:{slot_name}")
            cls.slots[slot_name] = SlotInfo(slot_name, uri, rng, kind, bool(slot.get("multivalued")),
                                            slot.get("minimum_value") == 0)
        info.classes[class_name] = cls
    return info
