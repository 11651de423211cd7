"""Writer `schemaorg`: one JSON-LD schema.org Dataset per record.

Follows Google's dataset guidelines (name, description 50–5000 characters, identifier, url,
keywords, license, creator, temporalCoverage, spatialCoverage, distribution, variableMeasured,
isAccessibleForFree) and the Bioschemas Dataset profile (0.5-RELEASE: conformsTo the
profile, includedInDataCatalog, measurementTechnique). Field-to-field table as data in FIELDS.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from harmonise.mapping import RecordResult, Sink, WriteOptions, Writer
from harmonise.writers.files import Namer

BIOSCHEMAS_PROFILE = "https://bioschemas.org/profiles/Dataset/1.0-RELEASE"
#: model slot -> schema.org property (plain copies; structured ones are built in `to_schemaorg`)
FIELDS = {
    "title": "name",
    "short_title": "alternateName",
    "version": "version",
    "issued": "datePublished",
    "modified": "dateModified",
    "landing_page": "url",
    "license": "license",
    "access_rights": "conditionsOfAccess",
    "documentation": "subjectOf",
    "publications_about": "citation",
    "related_resources": "isBasedOn",
}
GOOGLE_MIN_DESCRIPTION = 50
GOOGLE_MAX_DESCRIPTION = 5000


def _agent(agent: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Organization", "name": agent.get("name")}
    if agent.get("identifier"):
        ident = agent["identifier"]
        if str(ident).startswith("http"):
            out["@id"] = ident
        out["identifier"] = ident
    if agent.get("homepage"):
        out["url"] = agent["homepage"]
    if agent.get("logo"):
        out["logo"] = agent["logo"]
    emails = [cp["email"] for cp in agent.get("contact_points") or [] if cp.get("email")]
    if emails:
        out["contactPoint"] = [{"@type": "ContactPoint", "email": e} for e in emails]
    return {k: v for k, v in out.items() if v is not None}


def to_schemaorg(record: dict[str, Any], base_iri: str, account: Any = None) -> dict[str, Any]:
    from harmonise.mappings.dcat.profiles import dataset_iri

    doc: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": dataset_iri(base_iri, record["id"]),
        "dct:conformsTo": {"@id": BIOSCHEMAS_PROFILE},
    }
    doc["@context"] = ["https://schema.org/", {"dct": "http://purl.org/dc/terms/"}]
    if not record.get("landing_page"):
        doc["url"] = next((u for u in (record.get("access_rights"), doc["@id"]) if str(u).startswith("http")), doc["@id"])
    for slot, prop in FIELDS.items():
        if record.get(slot) not in (None, [], ""):
            doc[prop] = record[slot]
    description = record.get("description") or record.get("abstract") or record["title"]
    if len(description) < GOOGLE_MIN_DESCRIPTION:
        padded = f"{record['title']}: {description}" if description != record["title"] else description
        if len(padded) < GOOGLE_MIN_DESCRIPTION and account is not None:
            account.warn(f"schemaorg: description shorter than Google's {GOOGLE_MIN_DESCRIPTION} characters")
        description = padded
    doc["description"] = description[:GOOGLE_MAX_DESCRIPTION]
    identifiers = [record["id"]]
    if record.get("doi"):
        identifiers.append(f"https://doi.org/{record['doi']}")
    identifiers += record.get("alternate_identifiers") or []
    doc["identifier"] = identifiers if len(identifiers) > 1 else identifiers[0]
    if record.get("keywords"):
        doc["keywords"] = list(record["keywords"])
    creators = record.get("creators") or ([record["data_custodian"]] if record.get("data_custodian") else [])
    if creators:
        doc["creator"] = [_agent(a) for a in creators]
    if record.get("publisher") or record.get("data_custodian"):
        doc["publisher"] = _agent(record.get("publisher") or record["data_custodian"])
    if record.get("data_custodian"):
        doc["provider"] = _agent(record["data_custodian"])
    temporal = record.get("temporal_coverage") or {}
    if temporal.get("start_date"):
        end = ".." if temporal.get("ongoing") or not temporal.get("end_date") else temporal["end_date"]
        doc["temporalCoverage"] = f"{temporal['start_date']}/{end}"
    places = []
    for place in record.get("spatial_coverage") or []:
        item: dict[str, Any] = {"@type": "Place", "name": place.get("label") or place.get("code")}
        if place.get("code"):
            item["identifier"] = place["code"]
        if place.get("iri"):
            item["sameAs"] = place["iri"]
        places.append(item)
    if places:
        doc["spatialCoverage"] = places
    if record.get("languages"):
        doc["inLanguage"] = list(record["languages"])
    level = record.get("access_level")
    if level:
        doc["isAccessibleForFree"] = level == "PUBLIC"
    dists = []
    for dist in record.get("distributions") or []:
        item = {"@type": "DataDownload"}
        if dist.get("download_url") or dist.get("access_url"):
            item["contentUrl"] = dist.get("download_url") or dist.get("access_url")
        if dist.get("media_type") or dist.get("format"):
            item["encodingFormat"] = dist.get("media_type") or dist.get("format")
        if dist.get("title"):
            item["name"] = dist["title"]
        if dist.get("byte_size") is not None:
            item["contentSize"] = f"{dist['byte_size']} B"
        dists.append(item)
    if dists:
        doc["distribution"] = dists
    variables = []
    for table in record.get("tables") or []:
        for variable in table.get("variables") or []:
            item = {"@type": "PropertyValue", "name": variable["name"]}
            if variable.get("description") or variable.get("label"):
                item["description"] = variable.get("description") or variable.get("label")
            if variable.get("property_url"):
                item["propertyID"] = variable["property_url"]
            if variable.get("unit"):
                item["unitText"] = variable["unit"]
            if variable.get("value_set"):
                item["valueReference"] = [
                    {"@type": "DefinedTerm", "termCode": v["code"], **({"name": v["label"]} if v.get("label") else {})}
                    for v in variable["value_set"]]
            variables.append(item)
    if variables:
        doc["variableMeasured"] = variables
    if record.get("population_size") is not None:
        doc["size"] = {"@type": "QuantitativeValue", "value": record["population_size"], "unitText": "individuals"}
    if record.get("conforms_to"):
        doc["measurementTechnique"] = list(record["conforms_to"])
    if record.get("contact_points"):
        doc["contactPoint"] = [
            {"@type": "ContactPoint", **{k: v for k, v in (("email", cp.get("email")), ("url", cp.get("url")),
                                                            ("name", cp.get("name")), ("telephone", cp.get("telephone"))) if v}}
            for cp in record["contact_points"]]
    return doc


class SchemaOrgWriter(Writer):
    name = "schemaorg"
    title = "schema.org Dataset JSON-LD (Google dataset guidelines, Bioschemas Dataset profile)"
    suffix = ".schemaorg.jsonld"

    def open(self, out_dir: Path, options: WriteOptions) -> Sink:
        return _Sink(Namer(out_dir, self.suffix), options)


class _Sink(Sink):
    def __init__(self, namer: Namer, options: WriteOptions):
        self.namer = namer
        self.options = options
        self.written: list[Path] = []

    def write(self, record: Any, result: RecordResult) -> None:
        from harmonise.writers.json import record_dict

        data = record if isinstance(record, dict) else record_dict(record)
        doc = to_schemaorg(data, self.options.base_iri, result.account)
        path = self.namer.path_for(data["id"])
        path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
        self.written.append(path)

    def close(self) -> list[Path]:
        return self.written
