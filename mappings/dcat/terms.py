"""Namespaces, prefixes and small term helpers shared by the DCAT writers and reader."""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
DCATAP = "http://data.europa.eu/r5r/"
HEALTH = "http://healthdataportal.eu/ns/health#"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
CSVW = "http://www.w3.org/ns/csvw#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ADMS = "http://www.w3.org/ns/adms#"
CV = "http://data.europa.eu/m8g/"
ELI = "http://data.europa.eu/eli/ontology#"
DPV = "https://w3id.org/dpv#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "http://schema.org/"
GEODCATAP = "http://data.europa.eu/930/"
DQV = "http://www.w3.org/ns/dqv#"
HARMONISE = "https://w3id.org/harmonise/model/"

RDF_TYPE = RDF + "type"
#: Marks, on a node, a property whose values the writer defaulted (not source data);
#: the `dcat` reader drops those values so model -> RDF -> model stays lossless.
DEFAULTED = HARMONISE + "defaulted"

PREFIXES = {
    "dcat": DCAT, "dct": DCT, "dcatap": DCATAP, "healthdcatap": HEALTH, "foaf": FOAF,
    "vcard": VCARD, "csvw": CSVW, "skos": SKOS, "adms": ADMS, "cv": CV, "eli": ELI, "dpv": DPV,
    "prov": PROV, "schema": SCHEMA, "geodcatap": GEODCATAP, "dqv": DQV, "rdfs": RDFS, "xsd": XSD,
    "rdf": RDF, "harmonise": HARMONISE,
}

_DATE_TYPES = [
    (re.compile(r"^\d{4}$"), "gYear"),
    (re.compile(r"^\d{4}-\d{2}$"), "gYearMonth"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "date"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"), "dateTime"),
]


_DATE_TIME = _DATE_TYPES[3][0]
_XSD_DATE_TIME = XSD + "dateTime"


def date_datatype(value: str) -> str:
    """The XSD datatype of an ISO date lexical form; xsd:string when it is none of them."""
    # the four forms exclude each other, so the one a long value can be is tried alone first
    if len(value) >= 19 and _DATE_TIME.match(value):
        return _XSD_DATE_TIME
    for pattern, name in _DATE_TYPES:
        if pattern.match(value):
            return XSD + name
    return XSD + "string"


_IRI_OK = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")


def iri_text(value: str) -> bool:
    """is_iri of a str, worked out (the plain check is_iri remembers)."""
    return bool(_IRI_OK.match(value)) and value.startswith(("http://", "https://", "urn:", "mailto:", "ftp://",
                                                             "tel:", "doi:"))


#: str -> is_iri, for the values the RDF writers ask about again and again (e-mails, vocabulary
#: IRIs, access routes); bounded
_IRI_SEEN: dict[str, bool] = {}


def is_iri(value: Any) -> bool:
    """An absolute IRI that RDF can carry as a node (scheme, no spaces or forbidden characters)."""
    if value.__class__ is str:
        found = _IRI_SEEN.get(value)
        if found is None:
            found = iri_text(value)
            if len(_IRI_SEEN) >= 10_000:
                _IRI_SEEN.clear()
            _IRI_SEEN[value] = found
        return found
    return isinstance(value, str) and iri_text(value)


def curie(iri: str) -> str:
    best = None
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and (best is None or len(base) > len(PREFIXES[best])):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def norm_key(text: str) -> str:
    return re.sub(r"[\s._\-/()]+", "", text).upper()


@functools.lru_cache(maxsize=1)
def vocabularies() -> dict[str, Any]:
    from harmonise.yamlfile import package_data

    return package_data(Path(__file__).parent / "vocabularies.yaml")


def scheme(name: str) -> str:
    return vocabularies()["schemes"][name]


def concept(scheme_name: str, code: str) -> str:
    return f"{scheme(scheme_name)}/{code}"


def scheme_of(iri: str) -> str | None:
    """The NAL a concept IRI belongs to (by its base), or None."""
    for name, base in vocabularies()["schemes"].items():
        if iri.startswith(base + "/"):
            return name
    return None
