"""Which HDR UK shape a record is, from explicit hints first, then structural clues.

Never "validate against every schema and take the first that passes" (TRASER's
GAT-8077): real records rarely validate against any version. Each answer says which clue
decided and how sure it is, so `harmonise detect` can show it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

_VERSION_IN_URL = re.compile(r"(?:HDRUK|hdruk|GWDM|gwdm)?[/_-]?v?(\d+)[._](\d+)(?:[._](\d+))?(?=[/_-]|\.json|$)")


@dataclass(frozen=True)
class Hint:
    family: str  # "hdruk", "gwdm", "hdruk-v1"
    version: str  # "3.0", "2.1" …
    confidence: float
    clue: str

    @property
    def reader(self) -> str:
        if self.family in ("hdruk-v1", "hdruk-gmi"):
            return self.family
        if self.family == "gwdm":
            return "gwdm-1.x" if self.version.startswith("1") else "gwdm-2.0"
        return f"{self.family}-{self.version}"


def _minor(version: str) -> str:
    parts = version.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else version


_VERSION_TEXT = re.compile(r"^\d+\.\d+(\.\d+)?$")


def from_schema_marker(marker: Any) -> Hint | None:
    """`@schema` as a URL or version string, or `{"version": …}` as in the 2020 Gateway export.

    Memoised on the marker's strings (every record of a bulk export carries the same one;
    a Hint is immutable): `from_schema_marker_reference` is the plain version it equals.
    """
    if isinstance(marker, str):
        return _string_marker(marker)
    if isinstance(marker, dict):
        version, url, id_, id2 = marker.get("version"), marker.get("url"), marker.get("$id"), marker.get("id")
        if (version is None or version.__class__ is str) and (url is None or url.__class__ is str) \
                and (id_ is None or id_.__class__ is str) and (id2 is None or id2.__class__ is str):
            return _dict_marker(version, url, id_, id2)
    return from_schema_marker_reference(marker)


@functools.lru_cache(maxsize=256)
def _string_marker(marker: str) -> Hint | None:
    return from_schema_marker_reference(marker)


@functools.lru_cache(maxsize=256)
def _dict_marker(version: str | None, url: str | None, id_: str | None, id2: str | None) -> Hint | None:
    marker = {key: value for key, value in (("version", version), ("url", url), ("$id", id_), ("id", id2))
              if value is not None}
    return from_schema_marker_reference(marker)


def from_schema_marker_reference(marker: Any) -> Hint | None:
    """`from_schema_marker` without the memo."""
    if isinstance(marker, dict):
        version = marker.get("version")
        url = marker.get("url") or marker.get("$id") or marker.get("id")
        if isinstance(url, str) and "gwdm" in url.lower():
            return from_schema_marker_reference(url)
        if isinstance(version, str) and _VERSION_TEXT.match(version):
            return Hint("hdruk", _minor(version), 0.99, f'@schema.version is "{version}"')
        marker = marker.get("url") or marker.get("$id") or marker.get("id")
    if isinstance(marker, str):
        family = "gwdm" if "gwdm" in marker.lower() else "hdruk"
        match = _VERSION_IN_URL.search(marker)
        if match:
            version = f"{match[1]}.{match[2]}"
            return Hint(family, version, 0.99, f'@schema names version {".".join(g for g in match.groups() if g)}')
        if _VERSION_TEXT.match(marker.strip()):
            return Hint(family, _minor(marker.strip()), 0.99, f'@schema is "{marker.strip()}"')
        if marker.strip().lower() == "latest":
            return Hint("hdruk", "2.1", 0.6, '@schema is "latest" (the FMA default, HDR UK 2.1.x at the time)')
    return None


def listing_hint(doc: Any) -> Hint | None:
    """A GMI (formerly FMA) `/datasets` listing: `{query?, total?, items: [{persistentId, self, …}]}`."""
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return None
    first = next((i for i in doc["items"] if isinstance(i, dict)), None)
    if first is not None and ("persistentId" in first or "self" in first):
        return Hint("hdruk-gmi", "1", 0.95, "items[] of {persistentId, self, …} (GMI/FMA /datasets listing)")
    if not doc["items"] and ("query" in doc or "total" in doc):
        return Hint("hdruk-gmi", "1", 0.8, "empty items[] with query/total (GMI/FMA /datasets listing)")
    return None


def hint(doc: Any) -> Hint | None:
    """The most telling clue in one record, or None when it is not an HDR UK shape."""
    if not isinstance(doc, dict):
        return None
    marker = from_schema_marker(doc.get("@schema")) if "@schema" in doc else None
    if marker is not None:
        return marker
    if doc.get("domainType") == "DataModel" and ("dataClasses" in doc or "label" in doc):
        return Hint("hdruk-v1", "1", 0.95, 'domainType is "DataModel" (legacy MVP record)')
    required = doc.get("required")
    if isinstance(required, dict) and "gatewayId" in required:
        summary = doc.get("summary") if isinstance(doc.get("summary"), dict) else {}
        publisher = summary.get("publisher") if isinstance(summary.get("publisher"), dict) else {}
        coverage = doc.get("coverage") if isinstance(doc.get("coverage"), dict) else {}
        if "publisherName" in publisher or "publisherGatewayId" in publisher or "followup" in coverage \
                or "physicalSampleAvailability" in coverage:
            return Hint("gwdm", "1.0", 0.9, "required.gatewayId with 1.x publisherName/followup (GWDM 1.x)")
        return Hint("gwdm", "2.0", 0.9, "required.gatewayId is present (Gateway Data Model 2.x)")
    summary = doc.get("summary")
    if not isinstance(summary, dict):
        return None
    origin = (doc.get("provenance") or {}).get("origin") if isinstance(doc.get("provenance"), dict) else None
    dataset_type = origin.get("datasetType") if isinstance(origin, dict) else None
    if "datasetAliases" in summary:
        return Hint("hdruk", "4.0", 0.9, "summary.datasetAliases is present (HDR UK 4.0)")
    if isinstance(dataset_type, list) and dataset_type and isinstance(dataset_type[0], dict):
        return Hint("hdruk", "4.0", 0.9, "provenance.origin.datasetType holds {name, subTypes} objects (HDR UK 4.0)")
    if "dataCustodian" in summary:
        if "alternateIdentifiers" in summary or (isinstance(origin, dict) and "datasetSubType" in origin):
            return Hint("hdruk", "3.0", 0.9, "summary.dataCustodian with alternateIdentifiers/datasetSubType (HDR UK 3.0)")
        return Hint("hdruk", "3.0", 0.7, "summary.dataCustodian is present (HDR UK 3.0 or later)")
    coverage = doc.get("coverage") if isinstance(doc.get("coverage"), dict) else {}
    if "dataProvider" in summary or "typicalAgeRangeMin" in coverage:
        return Hint("hdruk", "3.0", 0.7, "summary.dataProvider / coverage.typicalAgeRangeMin (early HDR UK 3.0 draft)")
    if "publisher" in summary:
        temporal = (doc.get("provenance") or {}).get("temporal") if isinstance(doc.get("provenance"), dict) else None
        temporal = temporal if isinstance(temporal, dict) else {}
        if "populationSize" in summary or "datasetType" in summary:
            return Hint("hdruk", "2.2", 0.8, "summary.publisher with populationSize/datasetType (HDR UK 2.2)")
        if "structuralMetadata" in doc:
            return Hint("hdruk", "2.1", 0.75, "summary.publisher with structuralMetadata (HDR UK 2.1)")
        if "publishingFrequency" in temporal:
            return Hint("hdruk", "2.1", 0.7, "provenance.temporal.publishingFrequency (HDR UK 2.1.3+)")
        return Hint("hdruk", "2.0", 0.7, "summary.publisher without 2.1 additions (HDR UK 2.0)")
    return None
