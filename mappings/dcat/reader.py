"""Reader `dcat`: DCAT / DCAT-AP / HealthDCAT-AP / Health-RI / FAIR Data Point records in
Turtle, RDF/XML and JSON-LD — one model record per dcat:Dataset (and dcat:DatasetSeries).

The mapping is the inverse of the writers' (profiles.py): each model slot is found by its
slot_uri, by the DCAT-AP / HealthDCAT-AP projection's property, or by a foreign-DCAT alias
(ALIASES below). Values a harmonise writer marked as `harmonise:defaulted` are dropped, so
model -> RDF -> model is lossless. Catalogue-level values (publisher, licence, language,
spatial, legislation, contact, rights) are inherited by datasets that lack them. Legacy
vocabulary hosts are rewritten to the production ones (rule legacy_vocabulary_host).

No network: RDF/XML is checked with defusedxml first (no entities, no DTD fetch), and
JSON-LD contexts are resolved from the contexts this package carries.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Iterator

import orjson

from harmonise.accounting import Account
from harmonise.errors import InputError
from harmonise.mapping import Detection, ReadOptions, Reader, RecordResult
from harmonise.mappings.dcat import terms as T
from harmonise.sources import Source

FORMATS = {".ttl": "turtle", ".rdf": "xml", ".owl": "xml", ".jsonld": "json-ld",
           ".nt": "nt", ".n3": "n3", ".trig": "trig", ".xml": "xml"}

#: Foreign-DCAT properties that reach a model slot the harmonise profiles write differently.
ALIASES: dict[str, dict[str, str]] = {
    "Dataset": {
        T.DCT + "alternative": "short_title",
        T.DCT + "rights": "access_rights",
        T.DCAT + "spatialResolutionInMeters": "",
        T.DCT + "type": "",
        T.DCT + "source": "",
    },
    "Agent": {T.FOAF + "mbox": "contact_points", T.DCT + "type": "agent_type"},
    "ContactPoint": {T.CV + "email": "email", T.CV + "contactPage": "url", T.CV + "telephone": "telephone",
                     T.FOAF + "name": "name", T.VCARD + "hasTelephone": "telephone"},
    "Distribution": {T.DCT + "rights": ""},
}
#: Catalogue values a dataset inherits when it has none of its own.
INHERITED = (T.DCT + "publisher", T.DCT + "license", T.DCT + "language", T.DCT + "spatial",
             T.DCATAP + "applicableLegislation", T.DCAT + "contactPoint", T.DCT + "rights",
             T.DCT + "accessRights", T.GEODCATAP + "custodian", T.HEALTH + "hdab")
SKIPPED = {T.RDF_TYPE, T.DEFAULTED}
_INDEX = re.compile(r"/(\d+)$")

#: JSON-LD contexts carried by the package (remote URL -> file in contexts/).
BUNDLED_CONTEXTS = {
    "https://semiceu.github.io/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld": "dcat-ap.jsonld",
    "https://semiceu.github.io/DCAT-AP/releases/3.0.1/context/dcat-ap.jsonld": "dcat-ap.jsonld",
    "https://healthdcat-ap.github.io/context/healthdcat-ap.jsonld": "dcat-ap.jsonld",
    "http://schema.org": "schemaorg-prefix.jsonld",
    "https://schema.org": "schemaorg-prefix.jsonld",
    "http://schema.org/": "schemaorg-prefix.jsonld",
    "https://schema.org/": "schemaorg-prefix.jsonld",
    "https://w3id.org/harmonise/context.jsonld": "dcat-ap.jsonld",
}


def _bundled(url: str, source: Source) -> Any:
    from pathlib import Path

    name = BUNDLED_CONTEXTS.get(url.rstrip("#"))
    if name is None:
        raise InputError(f"JSON-LD context {url!r} is not carried by harmonise and is never fetched; "
                         "inline it or use a known DCAT-AP context", file=source.name)
    return orjson.loads((Path(__file__).parent / "contexts" / name).read_bytes())["@context"]


def _resolve_contexts(doc: Any, source: Source) -> Any:
    if isinstance(doc, dict):
        out = {}
        for key, value in doc.items():
            if key == "@context":
                if isinstance(value, str):
                    value = _bundled(value, source)
                elif isinstance(value, list):
                    value = [(_bundled(v, source) if isinstance(v, str) else v) for v in value]
            else:
                value = _resolve_contexts(value, source)
            out[key] = value
        return out
    if isinstance(doc, list):
        return [_resolve_contexts(v, source) for v in doc]
    return doc


def parse_graph(source: Source) -> Any:
    """The file as an rdflib Graph, parsed offline."""
    from rdflib import Graph

    fmt = FORMATS.get(source.suffix)
    if fmt is None:
        fmt = "json-ld" if source.looks_like_json() else "turtle"
    import rdflib

    rdflib.NORMALIZE_LITERALS = False   # keep lexical forms exactly as written (dates round-trip)
    graph = Graph()
    # rdflib logs an ill-typed literal ("not a date"^^xsd:date) with a full traceback, and a
    # suspicious IRI with a warning, on stderr. Neither is a crash: the reader checks every
    # value itself and reports a bad one, located, on the record. So those logs stay quiet.
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.CRITICAL)
    try:
        if fmt == "xml":
            import defusedxml.ElementTree as DET

            DET.parse(str(source.path), forbid_dtd=False, forbid_entities=True, forbid_external=True)
            graph.parse(source.path, format="xml")
        elif fmt == "json-ld":
            doc = _resolve_contexts(orjson.loads(source.path.read_bytes()), source)
            graph.parse(data=orjson.dumps(doc).decode(), format="json-ld")
        else:
            graph.parse(source.path, format=fmt)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"malformed {fmt}: {type(exc).__name__}: {exc}", file=source.name) from None
    finally:
        term_log.setLevel(level)
    return graph



#: A file of SHACL shapes or ontology imports: it talks about DCAT classes without describing any dataset.
_SHAPES = re.compile(r"sh:NodeShape|sh:PropertyShape|sh:sparql|owl:imports|http://www\.w3\.org/ns/shacl#(?:NodeShape|PropertyShape)")
#: Something in the file is typed as a DCAT resource (Turtle, N-Triples, RDF/XML or JSON-LD).
_INSTANCE = re.compile(
    r"\ba\s+dcat:(?:Dataset|Catalog|Distribution|DatasetSeries)\b"
    r"|rdf:type\s+dcat:|22-rdf-syntax-ns#type>\s*<http://www\.w3\.org/ns/dcat#"
    r"|<dcat:(?:Dataset|Catalog)\b|\"@type\"\s*:\s*\[?\s*\"(?:dcat:)?(?:Dataset|Catalog)\"")

class _Inverse:
    """predicate -> (slot, how) per class: slot_uris, profile projections and aliases."""

    def __init__(self) -> None:
        from harmonise.mappings.dcat.profiles import DCATAP301Profile, HealthDCATAPR8Profile, ModelProfile
        from harmonise.mappings.dcat.schema_info import model_info

        info = model_info()
        self.info = info
        self.table: dict[str, dict[str, str]] = {}
        for cls in info.classes.values():
            table = self.table.setdefault(cls.name, {})
            for slot in cls.slots.values():
                table.setdefault(slot.uri, slot.name)
        for profile in (ModelProfile, DCATAP301Profile, HealthDCATAPR8Profile):
            for (cls, slot), uri in profile.renamed.items():
                self.table[cls][uri] = slot
        for (cls, slot), (iri_prop, text_prop) in DCATAP301Profile.iri_or_text.items():
            self.table[cls][iri_prop] = slot
            self.table[cls][text_prop] = slot
        H = T.HARMONISE
        extra = {
            "Dataset": {H + "languageText": "languages", H + "conformsToText": "conforms_to",
                        H + "codingSystemText": "coding_systems", H + "theme": "themes",
                        H + "healthTheme": "health_themes", H + "personalData": "personal_data",
                        H + "relatedResourceText": "related_resources", H + "landingPageText": "landing_page",
                        H + "spatialCoverage": "spatial_coverage", T.HEALTH + "hasVariables": "tables",
                        T.ADMS + "identifier": "alternate_identifiers"},
            "Distribution": {H + "formatText": "format", H + "mediaTypeText": "media_type",
                             H + "conformsToText": "conforms_to"},
            "Agent": {H + "homepageText": "homepage", T.CV + "contactPoint": "contact_points"},
            "ContactPoint": {H + "emailText": "email", H + "urlText": "url"},
            "Variable": {H + "propertyUrlText": "property_url"},
            "Table": {H + "urlText": "url"},
        }
        for cls, table in extra.items():
            self.table[cls].update(table)
        from harmonise.mappings.dcat.profiles import text_property_for
        from harmonise.mappings.dcat.schema_info import URI

        for cls in info.classes.values():
            for slot in cls.slots.values():
                if slot.kind == URI:
                    self.table[cls.name].setdefault(text_property_for(slot.name), slot.name)
        for cls, table in ALIASES.items():
            for uri, slot in table.items():
                self.table[cls].setdefault(uri, slot)
        self.legacy = sorted(T.vocabularies()["legacy_hosts"].items(), key=lambda kv: -len(kv[0]))


class _Walk:
    """One dataset's conversion: walks its nodes and accounts every value triple once."""

    def __init__(self, graph: Any, inv: _Inverse, account: Account, extensions: list):
        self.g = graph
        self.inv = inv
        self.info = inv.info
        self.account = account
        self.extensions = extensions
        self.count = 0

    # -- helpers -----------------------------------------------------------------------------
    def objects(self, node: Any) -> list[tuple[Any, Any]]:
        return sorted(self.g.predicate_objects(node), key=lambda po: (str(po[0]), _lang_rank(po[1]), self._order(po[1])))

    @staticmethod
    def _order(term: Any) -> tuple:
        text = str(term)
        match = _INDEX.search(text)
        return (text[: match.start()], int(match.group(1))) if match else (text, -1)

    def defaulted(self, node: Any) -> set[str]:
        from rdflib import URIRef

        return {str(o) for o in self.g.objects(node, URIRef(T.DEFAULTED))}

    def is_node(self, term: Any) -> bool:
        from rdflib import BNode, URIRef

        return isinstance(term, BNode) or (isinstance(term, URIRef) and (term, None, None) in self.g)

    def label_only(self, term: Any, strict: bool = False) -> bool:
        """An IRI whose only triples type or label it (as the writers describe value IRIs)."""
        allowed = {T.RDF_TYPE, T.SKOS + "inScheme", T.SKOS + "prefLabel"} | (set() if strict else {T.DCT + "title"})
        return all(str(p) in allowed for p in self.g.predicates(term, None))

    def legacy(self, value: str, pointer: str, target: str) -> str:
        for old, new in self.inv.legacy:
            if value.startswith(old):
                fixed = new + value[len(old):]
                self.account.normalise(pointer, target, value, fixed, "legacy_vocabulary_host")
                return fixed
        return value

    def unmapped(self, pointer: str, term: Any, why: str, note: str) -> None:
        value = self.scalar(term)
        self.account.unmap(pointer, value, why)
        self.extensions.append({"source_pointer": pointer, "value": orjson.dumps(value).decode(),
                                "reason": why, "note": note})

    def scalar(self, term: Any) -> Any:
        from rdflib import BNode, Literal

        if isinstance(term, BNode):   # parser-assigned ids change between runs: describe, not name
            labels = sorted(str(o) for p, o in self.g.predicate_objects(term) if isinstance(o, Literal))
            return "_:(" + "; ".join(labels) + ")"

        if isinstance(term, Literal):
            py = term.toPython()
            if isinstance(py, bool) or isinstance(py, int):
                return py
            return str(term)
        return str(term)

    def drop_unmapped_node(self, node: Any, pointer: str, seen: set, depth: int = 0) -> None:
        """An object node with no model slot: every value below it is accounted as unmapped."""
        if node in seen or depth > 4:
            return
        seen = seen | {node}
        for p, o in self.objects(node):
            if str(p) in SKIPPED:
                continue
            ptr = f"{pointer}/{T.curie(str(p))}"
            if self.is_node(o) and o not in seen and depth < 4 and not str(o).startswith(("http://publications.europa.eu/resource/authority/", "https://hdeu-dcat")):
                self.drop_unmapped_node(o, ptr, seen, depth + 1)
            else:
                self.count += 1
                self.unmapped(ptr, o, "no_target", f"{T.curie(str(p))} has no model slot")

    # -- the walk --------------------------------------------------------------------------------
    def node(self, cls: str, node: Any, pointer: str, extra: list[tuple[Any, Any, str]] = (),
             seen: frozenset = frozenset()) -> dict[str, Any]:
        out: dict[str, Any] = {}
        table = self.inv.table[cls]
        slots = self.info.classes[cls].slots
        defaulted = self.defaulted(node)
        pairs = [(p, o, pointer) for p, o in self.objects(node)] + list(extra)
        index_of: dict[str, int] = {}
        seen = seen | {node}
        for p, o, base in pairs:
            prop = str(p)
            if prop in SKIPPED:
                continue
            n = index_of.get(prop, 0)
            index_of[prop] = n + 1
            ptr = f"{base}/{T.curie(prop)}" + (f"/{n}" if n else "")
            slot_name = table.get(prop)
            if prop in defaulted:
                if self.is_node(o) and o not in seen and not str(o).startswith("http://publications.europa.eu/resource/authority/") and not str(o).startswith("https://hdeu-dcat") and not str(o).startswith("https://www.legislation.gov.uk"):
                    self.skip_node(o, ptr, seen)
                else:
                    self.count += 1
                    self.account.normalise(ptr, "", self.scalar(o), None, "writer_default",
                                           "a harmonise writer's default, not source data")
                continue
            if not slot_name or slot_name not in slots:
                if self.is_node(o) and o not in seen and not _vocab(o):
                    self.drop_unmapped_node(o, ptr, set(seen))
                else:
                    self.count += 1
                    self.unmapped(ptr, o, "no_target", f"{T.curie(prop)} has no model slot in {cls}")
                continue
            self.slot(cls, slots[slot_name], prop, o, ptr, out, seen)
        for key, items in out.items():   # child nodes back in their written order (…/tables/3)
            if isinstance(items, list) and items and isinstance(items[0], dict) and "__order" in items[0]:
                items.sort(key=lambda d: d.get("__order", ("", -1)))
            for item in items if isinstance(items, list) else [items]:
                if isinstance(item, dict):
                    item.pop("__order", None)
        return out

    def named(self, table: dict[str, Any], node: Any, target: str) -> dict[str, Any]:
        """Tables and variables need a name: csvw:name, else the title, else the node's local name."""
        if not table.get("name"):
            table["name"] = table.get("label") or re.split(r"[/#]", str(node).rstrip("/#"))[-1]
            self.account.default(f"{target}.name", table["name"], "no csvw:name; the title (or the node's local name) stands in")
        for variable in table.get("variables") or []:
            if not variable.get("name"):
                variable["name"] = variable.get("label") or "unnamed"
                self.account.default(f"{target}.variables.name", variable["name"], "no csvw:name")
        return table

    def skip_node(self, node: Any, pointer: str, seen: frozenset) -> None:
        """A node the writer invented (default HDAB, default distribution): dropped, accounted."""
        for p, o in self.objects(node):
            if str(p) in SKIPPED:
                continue
            ptr = f"{pointer}/{T.curie(str(p))}"
            if self.is_node(o) and o not in seen and not _vocab(o):
                self.skip_node(o, ptr, seen | {node})
            else:
                self.count += 1
                self.account.normalise(ptr, "", self.scalar(o), None, "writer_default",
                                       "part of a node a harmonise writer defaulted")

    def slot(self, cls: str, info: Any, prop: str, o: Any, ptr: str, out: dict, seen: frozenset) -> None:
        from rdflib import Literal

        from harmonise.mappings.dcat.schema_info import BOOLEAN, ENUM, INTEGER, OBJECT

        name = info.name
        target = name if cls == "Dataset" else f"{cls}.{name}"
        value: Any
        # special structures first
        if cls == "Dataset" and prop == T.HEALTH + "hasVariables":
            for p2, table in self.objects(o):
                if str(p2) == T.CSVW + "table":
                    tptr = f"{ptr}/csvw:table/{len(out.get('tables', []))}"
                    value = self.named(self.node("Table", table, tptr, seen=seen | {o}), table, "tables")
                    value["__order"] = self._order(table)
                    out.setdefault("tables", []).append(value)
                elif str(p2) not in SKIPPED:
                    self.count += 1
                    if str(p2) in self.defaulted(o):
                        pass
                    if str(p2) == T.DCT + "title" and T.DCT + "title" in self.defaulted(o):
                        self.account.normalise(f"{ptr}/dct:title", "", str(table), None, "writer_default",
                                               "a harmonise writer's default, not source data")
                    else:
                        self.unmapped(f"{ptr}/{T.curie(str(p2))}", table, "no_target", "TableGroup property")
            return
        if cls == "Dataset" and prop == T.ADMS + "identifier" and self.is_node(o):
            value = self.identifier(o, ptr, seen)
            if value is not None:
                self.put(out, info, value, ptr, o)
            return
        if info.kind == OBJECT and info.range != "Location" and (_vocab(o) or (self.is_node(o) and self.label_only(o, strict=True))):
            self.count += 1
            self.unmapped(ptr, o, "no_target", f"a vocabulary IRI where the model expects a {info.range}")
            return
        if info.kind == OBJECT:
            if not self.is_node(o):
                if info.range == "ContactPoint" and isinstance(o, Literal) is False and str(o).startswith("mailto:"):
                    self.count += 1
                    self.account.normalise(ptr, target, str(o), str(o)[7:], "email")
                    value = {"email": str(o)[7:]}
                elif info.range == "Location":
                    value = self.location(o, ptr, target)
                else:
                    self.count += 1
                    self.unmapped(ptr, o, "no_target", f"{info.range} expected, found a value")
                    return
            else:
                child_cls = info.range
                if cls == "Dataset" and prop == T.ADMS + "identifier":
                    value = self.identifier(o, ptr, seen)
                    if value is None:
                        return
                elif child_cls == "Location" and _vocab(o):
                    value = self.location(o, ptr, target)
                else:
                    value = self.node(child_cls, o, ptr, seen=seen)
                    if child_cls == "Table":
                        value = self.named(value, o, "tables")
                    value["__order"] = self._order(o)
        else:
            if self.is_node(o) and not _vocab(o) and not self.label_only(o):
                self.drop_unmapped_node(o, ptr, set(seen))
                return
            self.count += 1
            value = self.value(info, prop, o, ptr, target)
            if value is None:
                return
        if value == {} or (isinstance(value, dict) and set(value) == {"__order"}):
            return   # a node with nothing the model holds (its values are kept as extensions)
        self.put(out, info, value, ptr, o)

    def put(self, out: dict, info: Any, value: Any, ptr: str, term: Any) -> None:
        if info.multivalued:
            out.setdefault(info.name, [])
            if value not in out[info.name] or isinstance(value, dict):
                out[info.name].append(value)
        elif info.name in out:
            # a second value of a single-valued slot (another language, a repeated property)
            if isinstance(value, dict):
                return
            if self.account.mapped and self.account.mapped[-1][0] == ptr:
                self.account.mapped.pop()
            elif self.account.normalised and self.account.normalised[-1][0] == ptr:
                self.account.normalised.pop()
            self.extensions.append({"source_pointer": ptr, "value": orjson.dumps(value).decode(),
                                    "reason": "superseded", "note": f"{info.name} already has a value"})
            self.account.unmap(ptr, value, "superseded")
        else:
            out[info.name] = value

    def value(self, info: Any, prop: str, o: Any, ptr: str, target: str) -> Any:
        from rdflib import Literal

        from harmonise.mappings.dcat.schema_info import BOOLEAN, DATE, ENUM, INTEGER, URI

        text = str(o)
        if not isinstance(o, Literal):
            text = self.legacy(text, ptr, target)
            legacy_done = text != str(o)
        else:
            legacy_done = False
        if info.name == "email" or (info.range == "string" and text.startswith("mailto:") and prop in (T.VCARD + "hasEmail", T.FOAF + "mbox")):
            if text.startswith("mailto:"):
                if not legacy_done:
                    self.account.normalise(ptr, target, text, text[7:], "email", "mailto: IRI")
                return text[7:]
        if info.name == "languages" and not isinstance(o, Literal):
            code = self.language(text)
            if code:
                if not legacy_done:
                    self.account.normalise(ptr, target, text, code, "language", "EU language NAL -> ISO 639-1")
                return code
        if info.kind == ENUM:
            if not isinstance(o, Literal):
                text = T.vocabularies()["iri_aliases"].get(text, text)
                enum_value = self.info.enum_values.get(info.range, {}).get(text)
                if enum_value is None and info.range == "AccessLevel" and "/access-right/" in text:
                    enum_value = text.rsplit("/", 1)[-1]
                if enum_value is not None and enum_value in self.info.enum_names.get(info.range, ()):
                    if not legacy_done:
                        self.account.normalise(ptr, target, text, enum_value, f"enum:{info.range}")
                    return enum_value
                self.unmapped(ptr, o, "rejected", f"enum:{info.range}: IRI not in the vocabulary")
                return None
            if text in self.info.enum_names.get(info.range, ()):
                if not legacy_done:
                    self.account.map(ptr, target)
                return text
            from harmonise import normalise
            from harmonise.normalise.base import Rejected

            try:
                fixed = normalise.get(f"enum:{info.range}")(text)
            except (Rejected, KeyError, ValueError):
                fixed = None
            if isinstance(fixed, str) and fixed in self.info.enum_names.get(info.range, ()):
                self.account.normalise(ptr, target, text, fixed, f"enum:{info.range}")
                return fixed
            self.unmapped(ptr, o, "rejected", f"enum:{info.range}: not a permissible value")
            return None
        if info.kind == INTEGER:
            try:
                number = int(text)
            except ValueError:
                self.unmapped(ptr, o, "rejected", "integer: not an integer")
                return None
            if not legacy_done:
                self.account.map(ptr, target)
            return number
        if info.kind == BOOLEAN:
            if text.lower() not in ("true", "false", "1", "0"):
                self.unmapped(ptr, o, "rejected", "boolean: not a boolean")
                return None
            if not legacy_done:
                self.account.map(ptr, target)
            return text.lower() in ("true", "1")
        if info.kind == DATE:
            from harmonise.datamodel import Dataset  # noqa: F401 (pattern lives in the model)
            if not re.match(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$", text):
                self.unmapped(ptr, o, "rejected", "date: not an ISO 8601 date")
                return None
        if not legacy_done:
            self.account.map(ptr, target)
        return text

    def language(self, iri: str) -> str | None:
        import pycountry

        code = iri.rstrip("/").rsplit("/", 1)[-1].lower()
        lang = pycountry.languages.get(alpha_3=code)
        if lang is None:
            try:
                lang = pycountry.languages.get(bibliographic=code)
            except (KeyError, LookupError):
                lang = None
        return getattr(lang, "alpha_2", None)

    def location(self, o: Any, ptr: str, target: str) -> dict[str, Any]:
        import pycountry

        self.count += 1
        original = str(o)
        text = self.legacy(original, ptr, target)
        if "/authority/country/" in text:
            country = pycountry.countries.get(alpha_3=text.rsplit("/", 1)[-1])
            if country is not None:
                if text == original:
                    self.account.normalise(ptr, target, text, country.alpha_2, "country_code")
                return {"code": country.alpha_2, "iri": text}
        if text == original:
            self.account.map(ptr, target)
        return {"iri": text}

    def identifier(self, node: Any, ptr: str, seen: frozenset) -> str | None:
        from rdflib import URIRef

        notation = self.g.value(node, URIRef(T.SKOS + "notation"))
        rest = [(p, o) for p, o in self.objects(node) if str(p) not in SKIPPED and str(p) != T.SKOS + "notation"]
        for p, o in rest:
            self.count += 1
            self.unmapped(f"{ptr}/{T.curie(str(p))}", o, "no_target", "adms:Identifier property")
        if notation is None:
            return None
        self.count += 1
        self.account.map(f"{ptr}/skos:notation", "alternate_identifiers")
        return str(notation)


def _lang_rank(term: Any) -> int:
    """English and untagged literals first, so single-valued slots take them; others become extensions."""
    lang = getattr(term, "language", None)
    return 0 if lang in (None, "en") or (lang or "").startswith("en-") else 1


def _vocab(term: Any) -> bool:
    text = str(term)
    return text.startswith(("http://publications.europa.eu/resource/authority/", "https://hdeu-dcat.",
                            "http://hdeu-dcat.", "https://www.legislation.gov.uk/", "http://data.europa.eu/eli/"))


_INVERSE: list[_Inverse] = []


def inverse() -> _Inverse:
    if not _INVERSE:
        _INVERSE.append(_Inverse())
    return _INVERSE[0]


class DcatReader(Reader):
    name = "dcat"
    title = "DCAT / DCAT-AP 3 / HealthDCAT-AP / Health-RI / FAIR Data Point RDF (Turtle, RDF/XML, JSON-LD)"
    format_versions = ("DCAT-AP 3.0.1", "HealthDCAT-AP R8", "DCAT 3")
    suffixes = (".ttl", ".rdf", ".jsonld", ".nt", ".owl")
    version = "0.1.0"

    def detect(self, source: Source) -> Detection | None:
        """The DCAT namespace IRI in an RDF file; JSON / XML only when they are JSON-LD / RDF/XML."""
        suffix = source.suffix
        if suffix not in self.suffixes and suffix not in (".xml", ".json"):
            return None
        head = source.head_text()
        if _SHAPES.search(head) and not _INSTANCE.search(head):
            return None  # SHACL shapes about DCAT (for `validate --shapes`), not a dataset description
        declares = T.DCAT in head
        if suffix == ".json":
            if declares and '"@context"' in head:
                return Detection(self.name, 0.6, "JSON-LD declaring the DCAT namespace")
            return None
        if suffix == ".xml":
            if declares and "rdf:RDF" in head:
                return Detection(self.name, 0.8, "RDF/XML declaring the DCAT namespace")
            return None
        if declares or "dcat:" in head:
            return Detection(self.name, 0.9, "RDF declaring the DCAT namespace (http://www.w3.org/ns/dcat#)")
        if suffix in (".ttl", ".nt", ".rdf", ".jsonld") and ("csvw" in head or "harmonise/model/" in head):
            return Detection(self.name, 0.5, "RDF in the harmonise model's vocabulary")
        return None

    def read(self, source: Source, options: ReadOptions) -> Iterator[RecordResult]:
        from rdflib import URIRef
        from rdflib.namespace import DCAT, RDF

        graph = parse_graph(source)
        inv = inverse()
        subjects = list(graph.subjects(RDF.type, DCAT.Dataset)) + list(graph.subjects(RDF.type, URIRef(T.DCAT + "DatasetSeries")))
        kind = "dcat:Dataset"
        if not subjects:
            subjects = list(graph.subjects(RDF.type, DCAT.Catalog))
            kind = "dcat:Catalog"
        if not subjects:
            subjects = list(graph.subjects(RDF.type, DCAT.Distribution))
            kind = "dcat:Distribution"
        if not subjects:
            raise InputError("no dcat:Dataset, dcat:Catalog or dcat:Distribution in this file", file=source.name)
        unique = sorted(set(subjects), key=str)
        for subject in unique:
            pointer = f"<{subject}>"
            account = Account()
            extensions: list[dict[str, Any]] = []
            walk = _Walk(graph, inv, account, extensions)
            if kind == "dcat:Distribution":
                dist = walk.node("Distribution", subject, "")
                record = {"title": dist.get("title") or str(subject), "distributions": [dist]}
                if not dist.get("title"):
                    account.default("title", record["title"], "a lone distribution without a title")
            else:
                extra = self.inherited(graph, subject)
                record = walk.node("Dataset", subject, "", extra)
            account.source_values = walk.count
            if extensions:
                record.setdefault("extensions", []).extend(extensions)
            if not record.get("id"):
                record["id"] = str(subject) if not str(subject).startswith("N") or "://" in str(subject) else None
                if record["id"]:
                    account.default("id", record["id"], "no dct:identifier: the node's IRI stands in")
            if not record.get("title"):
                record["title"] = record.get("id") or str(subject)
                account.default("title", record["title"], "no dct:title")
            yield RecordResult(source.name, pointer, record=record, account=account, format_version=None)

    def inherited(self, graph: Any, subject: Any) -> list[tuple[Any, Any, str]]:
        from rdflib import URIRef
        from rdflib.namespace import DCAT

        extra = []
        own = {str(p) for p in graph.predicates(subject, None)}
        for catalog in sorted(graph.subjects(DCAT.dataset, subject), key=str):
            for prop in INHERITED:
                if prop in own:
                    continue
                for o in sorted(graph.objects(catalog, URIRef(prop)), key=str):
                    extra.append((URIRef(prop), o, "/catalog"))
        return extra



