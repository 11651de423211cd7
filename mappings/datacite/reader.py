"""Reader `datacite`: DataCite Metadata Schema 4.x, as DataCite JSON and as DataCite XML.

DataCite JSON is the REST API's `attributes` layout (bare, or inside `{"data": {"attributes": …}}`).
DataCite XML (`<resource xmlns="http://datacite.org/schema/kernel-4">`) is parsed safely (no
entities, no DTD, no network) into that same layout: one key per element or attribute, a list
for each plural wrapper (`creators`, `titles`, …), so one crosswalk serves both and every
XML text and attribute value is one source value.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

from harmonise.crosswalk import Context
from harmonise.errors import InputError
from harmonise.mapping import Detection
from harmonise.mappings._exchange import CrosswalkReader, convert_value, escape, items_at, unmap_tree
from harmonise.mappings._values import text_value
from harmonise.xml import attr_name, iterparse, local
from harmonise.xml import root_tag as xml_root_tag
from harmonise.normalise import get as rule
from harmonise.normalise.base import Rejected
from harmonise.sources import Source

HERE = Path(__file__).resolve().parent
KERNEL = re.compile(r"datacite\.org/schema/kernel-(\d+)")

#: plural wrapper elements whose children form a list
LIST_WRAPPERS = {"creators", "titles", "subjects", "contributors", "dates", "alternateIdentifiers",
                 "relatedIdentifiers", "sizes", "formats", "rightsList", "descriptions", "geoLocations",
                 "fundingReferences", "relatedItems", "geoLocationPolygon"}
#: repeatable children that are always lists (JSON name)
ALWAYS_LIST = {"nameIdentifier": "nameIdentifiers", "affiliation": "affiliation", "polygonPoint": "polygonPoints"}
#: the key an element's text takes when the element also has attributes
TEXT_KEY = {"creatorName": "name", "contributorName": "name", "publisher": "name", "rights": "rights"}
#: elements whose content merges into their parent (creatorName -> creator.name, creator.nameType)
FLATTEN = {"creatorName", "contributorName"}


def element_value(elem: Any) -> Any:
    name = local(elem.tag)
    attrs = {attr_name(k): v for k, v in elem.attrib.items()}
    text = (elem.text or "").strip()
    children = [c for c in elem if isinstance(c.tag, str)]
    if name in LIST_WRAPPERS:
        items = [element_value(c) for c in children]
        return items if not attrs else {**attrs, "items": items}
    if not children:
        if not attrs:
            return text
        out = dict(attrs)
        if text:
            out[TEXT_KEY.get(name, name)] = text
        return out
    out = dict(attrs)
    if text:
        out["#text"] = text
    for child in children:
        key = local(child.tag)
        value = element_value(child)
        if key in FLATTEN:
            if isinstance(value, dict):
                out.update(value)
            else:
                out["name"] = value
        elif key in ALWAYS_LIST:
            out.setdefault(ALWAYS_LIST[key], []).append(value)
        elif key in out:
            if not isinstance(out[key], list) or key not in _made_lists(out):
                out[key] = [out[key]]
                _made_lists(out).add(key)
            out[key].append(value)
        else:
            out[key] = value
    out.pop("\0lists", None)
    return out


def _made_lists(out: dict[str, Any]) -> set:
    return out.setdefault("\0lists", set())  # removed before returning


def read_xml(source: Source) -> dict[str, Any]:
    root = None
    for event, elem in iterparse(source, events=("end",)):
        root = elem
    if root is None or local(root.tag) != "resource":
        raise InputError("not a DataCite XML document (root element is not <resource>)", file=source.name)
    doc = element_value(root)
    return doc if isinstance(doc, dict) else {}


# -- hooks ----------------------------------------------------------------------------------
def record_id(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    new = convert_value(ctx, pointer, "id", value, ("string",))
    if new:
        ctx.set("id", new)


def xml_identifier(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """`<identifier identifierType="DOI">` is the record id and its DOI."""
    try:
        doi = rule("doi")(value)
    except Rejected:
        doi = None
    ctx.set("id", f"https://doi.org/{doi}" if doi else value)
    if doi:
        ctx.set("doi", doi)
        ctx.account.normalise(pointer, "doi", value, doi, "doi") if doi != value else ctx.account.map(pointer, "doi")
    else:
        ctx.account.map(pointer, "id")


def identifiers(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """DataCite JSON `identifiers`: the DOI again (checked) and other identifiers."""
    for item_pointer, item in items_at(value, pointer):
        if not isinstance(item, dict):
            unmap_tree(ctx, item, item_pointer, "identifier of an unexpected kind")
            continue
        kind = str(item.get("identifierType") or "")
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            if key == "identifier":
                if kind.upper() == "DOI":
                    new = convert_value(ctx, sub_pointer, "doi", sub, ("doi",))
                    if new and not ctx.get("doi"):
                        ctx.set("doi", new)
                else:
                    new = convert_value(ctx, sub_pointer, "alternate_identifiers[]", sub, ("string",))
                    if new:
                        ctx.set("alternate_identifiers[]", new)
            elif key == "identifierType":
                ctx.account.map(sub_pointer, "doi" if kind.upper() == "DOI" else "alternate_identifiers[]")
            else:
                unmap_tree(ctx, sub, sub_pointer, "identifier detail with no model slot")


def titles(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """The first untyped title is the title; an AlternativeTitle is the short title; the rest stay."""
    for item_pointer, item in items_at(value, pointer):
        if isinstance(item, str):
            item = {"title": item}
            item_pointer_text = item_pointer
        elif isinstance(item, dict):
            item_pointer_text = f"{item_pointer}/title"
        else:  # a number, a nested list, null: not a title DataCite allows; kept, rejected
            unmap_tree(ctx, item, item_pointer, "rejected: a title of an unexpected kind (neither text nor an object)",
                       "rejected")
            continue
        kind = item.get("titleType")
        target = None
        if not kind and not ctx.get("title"):
            target = "title"
        elif kind == "AlternativeTitle" and not ctx.get("short_title"):
            target = "short_title"
        for key, sub in item.items():
            sub_pointer = item_pointer_text if key == "title" else f"{item_pointer}/{escape(key)}"
            if key == "title" and target:
                new = text_value(ctx, sub_pointer, target, sub)
                if new:
                    ctx.set(target, new)
            elif key in {"titleType", "lang"} and target:
                ctx.account.map(sub_pointer, target)
            else:
                unmap_tree(ctx, sub, sub_pointer, f"{kind or 'second'} title (the model keeps one title and a short title)")


def name_identifiers(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """The first name identifier (an ORCID, a ROR) identifies the creator."""
    for item_pointer, item in items_at(value, pointer):
        ident = item.get("nameIdentifier") if isinstance(item, dict) else item
        taken = ctx.get("creators[].identifier", indices)
        for key, sub in (item.items() if isinstance(item, dict) else [("nameIdentifier", item)]):
            sub_pointer = f"{item_pointer}/{escape(key)}" if isinstance(item, dict) else item_pointer
            if key == "nameIdentifier" and not taken:
                new = convert_value(ctx, sub_pointer, "creators[].identifier", sub, ("string",))
                if new:
                    ctx.set("creators[].identifier", new, indices)
            elif key in {"nameIdentifierScheme", "schemeUri", "schemeURI"} and not taken and ident:
                ctx.account.map(sub_pointer, "creators[].identifier")
            else:
                unmap_tree(ctx, sub, sub_pointer, "a further identifier of the creator", "superseded")


def name_type(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """Personal / Organizational -> the agent's FOAF type."""
    kinds = {"personal": "http://xmlns.com/foaf/0.1/Person", "person": "http://xmlns.com/foaf/0.1/Person",
             "organizational": "http://xmlns.com/foaf/0.1/Organization",
             "organization": "http://xmlns.com/foaf/0.1/Organization"}
    found = kinds.get(str(value).casefold())
    if not found:
        unmap_tree(ctx, value, pointer, "unknown name type", "rejected")
        return
    ctx.set("creators[].agent_type", found, indices)
    ctx.account.normalise(pointer, "creators[].agent_type", value, found, "datacite_name_type")


def publisher(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    if isinstance(value, str):
        new = text_value(ctx, pointer, "publisher.name", value)
        if new:
            ctx.set("publisher", {"name": new})
        return
    if not isinstance(value, dict):
        unmap_tree(ctx, value, pointer, "rejected: a publisher of an unexpected kind (neither text nor an object)",
                   "rejected")
        return
    out: dict[str, Any] = {}
    for key, sub in value.items():
        sub_pointer = f"{pointer}/{escape(key)}"
        if key == "name":
            new = text_value(ctx, sub_pointer, "publisher.name", sub)
            if new:
                out["name"] = new
        elif key == "publisherIdentifier":
            new = convert_value(ctx, sub_pointer, "publisher.identifier", sub, ("string",))
            if new:
                out["identifier"] = new
        else:
            unmap_tree(ctx, sub, sub_pointer, "publisher detail with no model slot")
    if out:
        ctx.set("publisher", out)


def resource_type(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """resourceTypeGeneral "Dataset" is what a dataset record is; other types are kept."""
    items = value.items() if isinstance(value, dict) else [("resourceType", value)]
    for key, sub in items:
        sub_pointer = f"{pointer}/{escape(key)}" if isinstance(value, dict) else pointer
        if key == "resourceTypeGeneral" and str(sub) == "Dataset":
            ctx.account.map(sub_pointer, "(record class: dcat:Dataset)")
        else:
            unmap_tree(ctx, sub, sub_pointer, "resource type (no model slot)")


def subjects(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """Subjects are keywords; a subject's valueURI, when given, is a theme."""
    for item_pointer, item in items_at(value, pointer):
        if not isinstance(item, dict):
            new = text_value(ctx, item_pointer, "keywords[]", item)
            if new:
                ctx.set("keywords[]", new)
            continue
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            if key == "subject":
                new = text_value(ctx, sub_pointer, "keywords[]", sub)
                if new:
                    ctx.set("keywords[]", new)
            elif key in {"valueURI", "valueUri"}:
                new = convert_value(ctx, sub_pointer, "themes[]", sub, ("url",))
                if new:
                    ctx.set("themes[]", new)
            else:
                unmap_tree(ctx, sub, sub_pointer, "subject scheme detail with no model slot")


#: contributorType -> where the contributor goes
CONTRIBUTOR_ROLES = {"ContactPerson": "contact_points", "HostingInstitution": "data_custodian",
                     "DataCurator": "data_custodian", "Distributor": "publisher"}


def contributors(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    for item_pointer, item in items_at(value, pointer):
        if not isinstance(item, dict):
            unmap_tree(ctx, item, item_pointer, "contributor of an unexpected kind")
            continue
        role = CONTRIBUTOR_ROLES.get(str(item.get("contributorType")))
        if role in {"data_custodian", "publisher"} and ctx.get(role):
            role = None
        if role is None or not item.get("name"):
            unmap_tree(ctx, item, item_pointer, f"contributor role {item.get('contributorType')!r} has no model slot")
            continue
        target = "contact_points[]" if role == "contact_points" else role
        entry: dict[str, Any] = {}
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            if key == "name":
                new = text_value(ctx, sub_pointer, f"{target}.name", sub)
                if new:
                    entry["name"] = new
            elif key == "contributorType":
                ctx.account.map(sub_pointer, target)
            elif key == "nameIdentifiers" and role != "contact_points" and isinstance(sub, list) and sub:
                first = sub[0] if isinstance(sub[0], dict) else {"nameIdentifier": sub[0]}
                for n, ident in enumerate(sub):
                    ident_pointer = f"{sub_pointer}/{n}"
                    if n == 0 and isinstance(ident, dict):
                        for ikey, ival in ident.items():
                            if ikey == "nameIdentifier":
                                new = convert_value(ctx, f"{ident_pointer}/{ikey}", f"{target}.identifier", ival, ("string",))
                                if new:
                                    entry["identifier"] = new
                            else:
                                ctx.account.map(f"{ident_pointer}/{escape(ikey)}", f"{target}.identifier")
                    else:
                        unmap_tree(ctx, ident, ident_pointer, "a further identifier", "superseded")
                _ = first
            else:
                unmap_tree(ctx, sub, sub_pointer, "contributor detail with no model slot")
        if entry:
            ctx.set(target, entry)


#: dateType -> model slot; Collected/Coverage are periods "start/end"
DATE_TYPES = {"Issued": "issued", "Updated": "modified", "Available": "distribution_release_date",
              "Coverage": "temporal_coverage"}


def dates(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    for item_pointer, item in items_at(value, pointer):
        if not isinstance(item, dict):
            unmap_tree(ctx, item, item_pointer, "no dateType given")
            continue
        slot = DATE_TYPES.get(str(item.get("dateType")))
        if slot == "temporal_coverage" and ctx.get("temporal_coverage"):
            slot = None
        text_key = "date" if "date" in item else ("#text" if "#text" in item else None)
        if slot is None or text_key is None:
            unmap_tree(ctx, item, item_pointer, f"no model slot for a {item.get('dateType')!r} date")
            continue
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            if key == text_key:
                if slot == "temporal_coverage":
                    _period(ctx, sub_pointer, sub)
                else:
                    new = convert_value(ctx, sub_pointer, slot, sub, ("date",))
                    if new:
                        ctx.set(slot, new)
            elif key == "dateType":
                ctx.account.map(sub_pointer, slot)
            else:
                unmap_tree(ctx, sub, sub_pointer, "no model slot for this detail of a date")


def _period(ctx: Context, pointer: str, value: Any) -> None:
    text = str(value)
    start, _, end = text.partition("/")
    period: dict[str, Any] = {}
    try:
        if start.strip():
            period["start_date"] = rule("date")(start.strip())
        if end.strip():
            period["end_date"] = rule("date")(end.strip())
    except Rejected as exc:
        ctx.unmapped(pointer, value, f"date: {exc}", reason="rejected")
        return
    ctx.set("temporal_coverage", period)
    ctx.account.normalise(pointer, "temporal_coverage", value, period, "iso_interval")


#: relationType -> (model slot, how the identifier is placed)
RELATIONS = {"IsPartOf": "is_part_of", "IsDerivedFrom": "derived_from", "IsReferencedBy": "publications_about",
             "IsCitedBy": "publications_about", "IsDocumentedBy": "documentation", "IsSupplementedBy": "related_resources",
             "IsSupplementTo": "related_resources", "HasPart": "related_resources", "IsSourceOf": "related_resources",
             "IsDescribedBy": "documentation", "HasMetadata": "documentation"}


def related_identifiers(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    for item_pointer, item in items_at(value, pointer):
        if not isinstance(item, dict):
            unmap_tree(ctx, item, item_pointer, "related identifier without a relation type")
            continue
        slot = RELATIONS.get(str(item.get("relationType")))
        kind = str(item.get("relatedIdentifierType") or "")
        text_key = "relatedIdentifier"
        ident = item.get(text_key)
        if slot is None or not ident:
            unmap_tree(ctx, item, item_pointer, f"relation {item.get('relationType')!r} has no model slot")
            continue
        text = str(ident)
        if kind.upper() == "DOI" and not text.startswith("http"):
            text = f"https://doi.org/{text}"
        if slot == "related_resources" and not re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I):
            unmap_tree(ctx, item, item_pointer, f"{kind} identifier is not an IRI (related_resources holds IRIs)")
            continue
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            if key == text_key:
                placed = {"pid": text} if slot in {"is_part_of", "derived_from"} else text
                ctx.set(f"{slot}[]", placed)
                if text == sub:
                    ctx.account.map(sub_pointer, f"{slot}[]")
                else:
                    ctx.account.normalise(sub_pointer, f"{slot}[]", sub, text, "doi_iri")
            elif key in {"relationType", "relatedIdentifierType"}:
                ctx.account.map(sub_pointer, f"{slot}[]")
            else:
                unmap_tree(ctx, sub, sub_pointer, "related identifier detail with no model slot")


def rights(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """The first rights statement is the licence: its IRI when given, else its text."""
    for n, (item_pointer, item) in enumerate(items_at(value, pointer)):
        if n > 0 or ctx.get("license"):
            unmap_tree(ctx, item, item_pointer, "a further rights statement (the model has one licence)", "superseded")
            continue
        if not isinstance(item, dict):
            new = text_value(ctx, item_pointer, "license", item)
            if new:
                ctx.set("license", new)
            continue
        uri_key = next((k for k in ("rightsUri", "rightsURI") if item.get(k)), None)
        chosen = uri_key or "rights"
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            if key == chosen:
                new = text_value(ctx, sub_pointer, "license", sub)
                if new:
                    ctx.set("license", new)
            else:
                unmap_tree(ctx, sub, sub_pointer, "licence detail (the model keeps the licence IRI)")


def descriptions(ctx: Context, value: Any, pointer: str, indices: tuple[int, ...]) -> None:
    """The Abstract is the description; other description types have no slot and are kept."""
    for item_pointer, item in items_at(value, pointer):
        if not isinstance(item, dict):
            unmap_tree(ctx, item, item_pointer, "description without a type")
            continue
        kind = str(item.get("descriptionType"))
        take = kind == "Abstract" and not ctx.get("description")
        for key, sub in item.items():
            sub_pointer = f"{item_pointer}/{escape(key)}"
            if take and key == "description":
                new = text_value(ctx, sub_pointer, "description", sub)
                if new:
                    ctx.set("description", new)
            elif take and key in {"descriptionType", "lang"}:
                ctx.account.map(sub_pointer, "description")
            else:
                unmap_tree(ctx, sub, sub_pointer, f"{kind} description has no model slot")


HOOKS = {
    "record_id": record_id, "xml_identifier": xml_identifier, "identifiers": identifiers, "titles": titles,
    "name_identifiers": name_identifiers, "name_type": name_type, "publisher": publisher,
    "resource_type": resource_type, "subjects": subjects, "contributors": contributors, "dates": dates,
    "related_identifiers": related_identifiers, "rights": rights, "descriptions": descriptions,
}


def _is_datacite_json(doc: Any) -> bool:
    if not isinstance(doc, dict):
        return False
    has_titles = isinstance(doc.get("titles"), list)
    markers = ("doi" in doc or "identifiers" in doc) and ("creators" in doc or "publicationYear" in doc)
    schema = "datacite" in str(doc.get("schemaVersion", "")).lower()
    return has_titles and (markers or schema)


class DataCiteReader(CrosswalkReader):
    name = "datacite"
    title = "DataCite Metadata Schema 4.x (DataCite JSON and DataCite XML)"
    format_versions = ("4.0", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6")
    suffixes = (".json", ".xml")
    crosswalk_file = HERE / "crosswalk.yaml"
    hooks = HOOKS
    title_pointer = "/titles"

    def records(self, source: Source) -> Iterator[tuple[str, Any]]:
        if not source.looks_like_json():
            yield "", read_xml(source)
            return
        yield from self.split(source.json())

    def split(self, doc: Any) -> Iterator[tuple[str, Any]]:
        data = doc.get("data") if isinstance(doc, dict) else None
        if isinstance(data, dict) and isinstance(data.get("attributes"), dict):
            yield "/data/attributes", data["attributes"]
        elif isinstance(data, list):
            for n, item in enumerate(data):
                if isinstance(item, dict) and isinstance(item.get("attributes"), dict):
                    yield f"/data/{n}/attributes", item["attributes"]
        else:
            yield "", doc

    def detect(self, source: Source) -> Detection | None:
        if source.looks_like_json():
            doc = self.first(source)
            if _is_datacite_json(doc):
                return Detection(self.name, 0.95, "DataCite JSON (doi/identifiers, titles[], creators[])", "4")
            return None
        root = xml_root_tag(source)
        if root and root[1] == "resource" and KERNEL.search(root[0]):
            version = KERNEL.search(root[0]).group(1)
            return Detection(self.name, 0.95, f"XML root <resource> in the DataCite kernel-{version} namespace", version)
        return None

    def finish(self, ctx: Context, doc: dict[str, Any]) -> None:
        """A record without its own `id` (API `attributes`) is known by its DOI."""
        if not ctx.out.get("id") and ctx.out.get("doi"):
            ctx.out["id"] = f"https://doi.org/{ctx.out['doi']}"

    def version_of(self, doc: dict[str, Any]) -> str | None:
        found = KERNEL.search(str(doc.get("schemaVersion") or doc.get("schemaLocation") or ""))
        minor = re.search(r"kernel-(\d+\.\d+)", str(doc.get("schemaLocation") or ""))
        return minor.group(1) if minor else (found.group(1) if found else "4")
