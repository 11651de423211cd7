"""Writers for HDR UK Dataset Schema 3.0 / 4.0 and the Gateway Data Model (GWDM) 2.0.

The simple parts run the reader's crosswalk backwards (`crosswalks/*.yaml`: every
`pattern -> model path` rule without a hook becomes `model path -> pattern`), so reading and
writing a format share one table. The irregular parts (dataset types, "CONTINUOUS" end dates,
column data types, age ranges) mirror the reader's hooks here.

Where the target requires a value the model lacks, the writer puts a documented default and
records it in the record's account as *defaulted* (the report lists each); values the model
holds that the target cannot take (a free-text citation where HDR UK 3.0 wants a DOI) are left
out and also listed. `--strict` turns every such default into a failure of that record.
Source values the reader kept as extensions come back when the record is written in its own
source format (except values the reader rejected as invalid).

Defaults (documented in the report text of each):
  identifier          the record id (HDR UK: UUID or URL; GWDM gatewayPid)
  version             "1.0.0" when the record has no semantic version
  issued / modified   the record's date widened to a date-time, else the conversion time
  revisions           [] (none known); GWDM requires a url per revision: null
  summary.abstract    the description cut to the target's length, else null
  dataCustodian       name from publisher/creator, identifier from the name, contact null
  populationSize      -1 (HDR UK's "unknown")
  datasetType         "Health and disease" (the Gateway's own default for GMI ingests)
  temporal            publishingFrequency / timeLag "Other"; startDate the record's issued date
  accessRights        null (the target allows it); formatAndStandards lists []
  observations        []
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterator

import orjson

from harmonise.crosswalk import Crosswalk, Segment, parse_target
from harmonise.errors import RecordError
from harmonise.mapping import RecordResult, Sink, WriteOptions, Writer
from harmonise.writers.files import Namer
from harmonise.writers.json import record_dict

CROSSWALK_DIR = Path(__file__).resolve().parent / "crosswalks"

_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
_UUID = re.compile(r"^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
#: HDR UK's UrlV2 pattern backtracks catastrophically on a bare id ("https://d5faf9c6-…"); this
#: linear pattern accepts a subset of it (host with an alphabetic top-level label).
_URLV2 = re.compile(r"^(https?://)?[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*\.[a-zA-Z]{2,}(:\d+)?(/\S*)?$")
_DOI = re.compile(r"^10.\d{4,9}/[-._;()/:a-zA-Z0-9]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_ISO_COUNTRY = re.compile(r"^[A-Z]{2}(-[A-Z]{2,3})?$")
_GWDM_JOIN = ";,;"
#: Annotation the HDR UK 3.0/4.0 readers leave where the source wrote a list in a field that
#: takes a string or a list, so the writer of the same shape gives the list back.
ARRAY_SHAPED = "hdruk:array-shaped"

# -- value checks: what the target accepts --------------------------------------------------


def is_url(v: Any) -> bool:
    return isinstance(v, str) and bool(_URL.match(v))


def is_doi(v: Any) -> bool:
    return isinstance(v, str) and bool(_DOI.match(v))


def is_email(v: Any) -> bool:
    return isinstance(v, str) and bool(_EMAIL.match(v))


def is_date(v: Any) -> bool:
    return isinstance(v, str) and (bool(_DATE.match(v)) or bool(_DATETIME.match(v)))


def length(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and low <= len(v) <= high


def as_datetime(value: Any) -> str | None:
    """A date-time for HDR UK's `format: date-time` fields, from any ISO form the model holds."""
    if not isinstance(value, str):
        return None
    if _DATETIME.match(value):
        return value
    if re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", value):
        return value + ("Z" if value.count(":") == 2 else ":00Z")
    if re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{4}$", value):
        return value[:-2] + ":" + value[-2:]
    if _DATE.match(value):
        return value + "T00:00:00Z"
    if re.match(r"^\d{4}-\d{2}$", value):
        return value + "-01T00:00:00Z"
    if re.match(r"^\d{4}$", value):
        return value + "-01-01T00:00:00Z"
    return None


def as_date(value: Any) -> str | None:
    """A date or date-time for HDR UK date fields (year / year-month become the first day)."""
    if not isinstance(value, str):
        return None
    if _DATE.match(value) or _DATETIME.match(value):
        return value
    widened = as_datetime(value)
    if widened is None:
        return None
    return widened[:10] if len(value) <= 7 else widened


# -- the crosswalk read backwards ------------------------------------------------------------


def _extract(obj: Any, segments: tuple[Segment, ...], idx: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], Any]]:
    if not segments or not isinstance(obj, dict):
        return
    seg, rest = segments[0], segments[1:]
    if seg.name not in obj or obj[seg.name] in (None, [], {}):
        return
    value = obj[seg.name]
    if not rest:
        yield idx, value
        return
    if seg.is_list:
        for i, item in enumerate(value):
            yield from _extract(item, rest, idx + (i,))
    else:
        yield from _extract(value, rest, idx)


def split_pointer(pattern: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in pattern[1:].split("/")]


def set_pointer(doc: dict[str, Any], parts: list[str], value: Any, idx: tuple[int, ...] = ()) -> None:
    """Put `value` at a pattern (`*` = the next index of `idx`; digits = list positions)."""
    node: Any = doc
    position = 0
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if part == "*" or (part.isdigit() and isinstance(node, list)):
            index = idx[position] if part == "*" else int(part)
            if part == "*":
                position += 1
            while len(node) <= index:
                node.append({} if not last else None)
            if last:
                node[index] = value
                return
            if not isinstance(node[index], (dict, list)):
                node[index] = [] if parts[n + 1] == "*" or parts[n + 1].isdigit() else {}
            node = node[index]
        else:
            if last:
                node[part] = value
                return
            if part not in node or not isinstance(node[part], (dict, list)):
                node[part] = [] if parts[n + 1] == "*" or parts[n + 1].isdigit() else {}
            node = node[part]


def get_pointer(doc: Any, parts: list[str]) -> Any:
    node = doc
    for part in parts:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


@functools.lru_cache(maxsize=None)
def reverse_rules(crosswalk_file: str, skip: frozenset[str]) -> list[tuple[str, tuple[Segment, ...], tuple[str, ...]]]:
    """(pattern, model path, rule names) for every plain rule; the first pattern of a target wins."""
    crosswalk = Crosswalk.load(CROSSWALK_DIR / crosswalk_file)
    seen: set[str] = set()
    out = []
    for leaf in crosswalk.leaf_rules:
        if leaf.hook or leaf.unmapped or not leaf.target or leaf.pattern in skip or leaf.target in seen:
            continue
        seen.add(leaf.target)
        out.append((leaf.pattern, parse_target(leaf.target), tuple(r.name for r in leaf.rules)))
    return out


def _unnormalise(value: Any, rule_names: tuple[str, ...]) -> Any:
    """The source form of a model value: a Location back to its text (label, else code)."""
    if "location" in rule_names and isinstance(value, dict):
        return value.get("label") or value.get("code")
    return value


# -- the writer ------------------------------------------------------------------------------


def required_column_values(doc: dict[str, Any], rec: dict[str, Any], notes: "_Notes", tables: str) -> None:
    """Every HDR UK column needs dataType and sensitive, and every table its columns list:
    taken from the model, or defaulted (and reported) where the model has none.
    `tables` is where the target keeps its tables (3.0/4.0 and GWDM differ)."""
    for t, table in enumerate(rec.get("tables", [])):
        for v, variable in enumerate(table.get("variables", [])):
            base = f"{tables}/{t}/columns/{v}"
            data_type = variable.get("source_data_type") or variable.get("data_type")
            if data_type is None:
                data_type = notes.default(base + "/dataType", "Unknown", "the model has no data type for the column")
            set_pointer(doc, split_pointer(base + "/dataType"), data_type)
            if "sensitive" not in variable:
                notes.default(base + "/sensitive", False, "the model does not say whether the column is sensitive")
                set_pointer(doc, split_pointer(base + "/sensitive"), False)
        if table.get("variables") is None:
            set_pointer(doc, split_pointer(f"{tables}/{t}/columns"), [])


class Shape:
    """How a list of model values is written at a pattern."""

    LIST, FIRST, JOIN, ONE_OR_LIST, ONE_OR_JOIN = range(5)


class HdrukDocWriter(Writer):
    """One JSON document per record, in an HDR UK shape."""

    target: ClassVar[str] = "hdruk-3.0"
    crosswalk_file: ClassVar[str] = "hdruk-3.0.yaml"
    skip: ClassVar[frozenset[str]] = frozenset()
    shapes: ClassVar[dict[str, int]] = {}
    #: pattern -> check every written value must pass (else it is left out and reported)
    checks: ClassVar[dict[str, Callable[[Any], bool]]] = {}

    def open(self, out_dir: Path, options: WriteOptions) -> Sink:
        return _DocSink(self, Namer(out_dir, f".{self.name}.json"), options)

    # building ------------------------------------------------------------------------------
    def build(self, rec: dict[str, Any], result: RecordResult, notes: "_Notes | None" = None) -> dict[str, Any]:
        """The target document for one model record (as plain JSON data)."""
        doc: dict[str, Any] = {}
        notes = notes or _Notes(self.name, result)
        arrays = {a["value"] for a in rec.get("annotations", []) if a.get("property") == ARRAY_SHAPED}
        for pattern, segments, rule_names in reverse_rules(self.crosswalk_file, self.skip):
            self.place(doc, pattern, segments, rule_names, rec, notes, arrays)
        self.irregular(doc, rec, notes)
        self.restore(doc, rec, result)
        self.require(doc, rec, notes)
        return doc

    def place(self, doc: dict[str, Any], pattern: str, segments: tuple[Segment, ...], rule_names: tuple[str, ...],
              rec: dict[str, Any], notes: "_Notes", arrays: frozenset[str] | set[str] = frozenset()) -> None:
        parts = split_pointer(pattern)
        stars = parts.count("*")
        grouped: dict[tuple[int, ...], list[Any]] = {}
        scalar_at: dict[tuple[int, ...], Any] = {}
        check = self.checks.get(pattern)
        for idx, value in _extract(rec, segments):
            values = value if isinstance(value, list) else [value]
            values = [_unnormalise(v, rule_names) for v in values]
            if check is not None:
                kept = [v for v in values if check(v)]
                for v in values:
                    if not check(v):
                        notes.left_out(pattern, v)
                values = kept
            if not values:
                continue
            key = idx[:stars] + (0,) * (stars - len(idx))  # fewer model lists than source arrays: item 0
            if len(idx) > stars or isinstance(value, list):
                grouped.setdefault(key, []).extend(values)
            else:
                scalar_at[key] = values[0]
        for key, value in scalar_at.items():
            set_pointer(doc, parts, value, key)
        for key, values in grouped.items():
            if pattern in arrays and all(self.array_items.get(pattern, bool)(v) for v in values):
                set_pointer(doc, parts, values, key)  # the source wrote a list here: keep its shape
            else:
                set_pointer(doc, parts, self.shape(pattern, values), key)

    #: pattern -> what each item of the array form must be (the string form takes any text)
    array_items: ClassVar[dict[str, Callable[[Any], bool]]] = {"/coverage/spatial": is_url}

    def shape(self, pattern: str, values: list[Any]) -> Any:
        kind = self.shapes.get(pattern, Shape.LIST)
        if kind == Shape.FIRST:
            return values[0]
        if kind == Shape.JOIN:
            return ", ".join(str(v) for v in values)
        if kind == Shape.ONE_OR_LIST:
            return values[0] if len(values) == 1 else values
        if kind == Shape.ONE_OR_JOIN:
            return values[0] if len(values) == 1 else ", ".join(str(v) for v in values)
        return values

    def irregular(self, doc: dict[str, Any], rec: dict[str, Any], notes: "_Notes") -> None:
        """The parts the readers do with hooks."""

    def restore(self, doc: dict[str, Any], rec: dict[str, Any], result: RecordResult) -> None:
        """Bring back the source's own unmapped values when writing its own format."""
        source_format = (rec.get("conversion") or {}).get("source_format")
        if source_format != self.name:
            return
        known = {p for p, _, _ in reverse_rules(self.crosswalk_file, frozenset())}
        for extension in rec.get("extensions", []):
            if extension.get("reason") == "rejected":
                continue
            pointer = extension["source_pointer"]
            if not pointer.startswith("/"):
                continue
            parts = split_pointer(pointer)
            pattern = "/" + "/".join("*" if p.isdigit() else p for p in parts)
            base = "/" + "/".join("*" if p.isdigit() else p for p in parts[:-1]) if parts[-1].isdigit() else None
            if pattern not in known and base not in known:
                continue  # keys the target does not define would make the document invalid
            try:
                value = orjson.loads(extension["value"])
            except orjson.JSONDecodeError:
                continue
            set_pointer(doc, parts, value)

    def require(self, doc: dict[str, Any], rec: dict[str, Any], notes: "_Notes") -> None:
        """Fill what the target requires and the model lacks (documented defaults)."""

    def check_strict(self, notes: "_Notes", options: WriteOptions) -> None:
        if options.strict and notes.items:
            listed = "; ".join(f"{t} ({why})" for t, _v, why in notes.items)
            raise RecordError(f"{self.name} --strict: the record lacks values the format requires: {listed}")


class _Notes:
    """Defaults and left-out values, recorded in the record's account under the writer's name."""

    def __init__(self, writer: str, result: RecordResult):
        self.writer = writer
        self.result = result
        self.items: list[tuple[str, Any, str]] = []

    def default(self, pointer: str, value: Any, why: str) -> Any:
        self.items.append((pointer, value, why))
        return value

    def left_out(self, pointer: str, value: Any) -> None:
        self.items.append((pointer, None, f"left out {_short(value)}: not a valid {self.writer} value here"))

    def commit(self) -> None:
        for pointer, value, why in self.items:
            self.result.account.default(f"{self.writer}:{pointer}", value, why)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 50 else text[:47] + "..."


class _DocSink(Sink):
    def __init__(self, writer: HdrukDocWriter, namer: Namer, options: WriteOptions):
        self.writer = writer
        self.namer = namer
        self.options = options
        self.written: list[Path] = []

    def write(self, record: Any, result: RecordResult) -> None:
        rec = record_dict(record)
        notes = _Notes(self.writer.name, result)
        doc = self.writer.build(rec, result, notes)
        self.writer.check_strict(notes, self.options)
        notes.commit()
        path = self.namer.path_for(rec["id"])
        path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
        self.written.append(path)

    def close(self) -> list[Path]:
        return self.written


# -- HDR UK 3.0 / 4.0 -----------------------------------------------------------------------

_SHORT = length(2, 1000)
_LONG = length(2, 50000)
_DESCRIPTION = length(2, 10000)
_150 = length(2, 150)

_HDRUK_CHECKS: dict[str, Callable[[Any], bool]] = {
    "/summary/contactPoint": is_email,
    "/summary/keywords": _150,
    "/summary/doiName": is_doi,
    "/summary/alternateIdentifiers": _SHORT,
    "/summary/dataCustodian/identifier": length(2, 50),
    "/summary/dataCustodian/name": _150,
    "/summary/dataCustodian/logo": is_url,
    "/summary/dataCustodian/description": _DESCRIPTION,
    "/summary/dataCustodian/contactPoint": is_email,
    "/revisions/*/version": lambda v: isinstance(v, str) and bool(_SEMVER.match(v)),
    "/revisions/*/url": lambda v: isinstance(v, str) and bool(_URLV2.match(v)),
    "/documentation/associatedMedia": is_url,
    "/coverage/datasetCompleteness": is_url,
    "/coverage/pathway": _DESCRIPTION,
    "/provenance/temporal/distributionReleaseDate": is_date,
    "/provenance/temporal/startDate": is_date,
    "/accessibility/access/accessRights": _LONG,
    "/accessibility/access/accessService": _LONG,
    "/accessibility/access/accessRequestCost": _LONG,
    "/accessibility/access/jurisdiction": lambda v: isinstance(v, str) and bool(_ISO_COUNTRY.match(v)),
    "/accessibility/access/dataController": _LONG,
    "/accessibility/access/dataProcessor": _LONG,
    "/accessibility/usage/resourceCreator": _SHORT,
    "/enrichmentAndLinkage/investigations": is_url,
    "/enrichmentAndLinkage/tools": is_url,
    "/enrichmentAndLinkage/publicationAboutDataset": is_doi,
    "/enrichmentAndLinkage/publicationUsingDataset": is_doi,
    "/observations/*/observationDate": is_date,
    "/observations/*/disambiguatingDescription": length(5, 500),
    "/structuralMetadata/tables/*/name": length(1, 500),
    "/structuralMetadata/syntheticDataWebLink": is_url,
}
for _ref in ("derivedFrom", "isPartOf", "linkableDatasets", "similarToDatasets"):
    _HDRUK_CHECKS[f"/enrichmentAndLinkage/{_ref}/*/url"] = is_url
    _HDRUK_CHECKS[f"/enrichmentAndLinkage/{_ref}/*/title"] = _150
    _HDRUK_CHECKS[f"/enrichmentAndLinkage/{_ref}/*/pid"] = _150

_HDRUK_SHAPES = {
    "/summary/contactPoint": Shape.FIRST,
    "/summary/dataCustodian/contactPoint": Shape.ONE_OR_LIST,
    "/documentation/associatedMedia": Shape.ONE_OR_LIST,
    "/coverage/spatial": Shape.JOIN,
    "/accessibility/usage/resourceCreator": Shape.ONE_OR_LIST,
    "/accessibility/access/dataController": Shape.ONE_OR_JOIN,
    "/accessibility/access/dataProcessor": Shape.ONE_OR_JOIN,
}

#: patterns of early 3.0 drafts: readable, never written
_DRAFT_PATTERNS = frozenset({
    "/summary/dataProvider/identifier", "/summary/dataProvider/name", "/summary/dataProvider/logo",
    "/summary/dataProvider/description", "/summary/dataProvider/contactPoint", "/summary/dataProvider/memberOf",
    "/coverage/followup",
})


class Hdruk30Writer(HdrukDocWriter):
    name = "hdruk-3.0"
    title = "HDR UK Dataset Schema 3.0.0 (JSON, one document per record: <id>.hdruk-3.0.json)"
    suffix = ".hdruk-3.0.json"
    crosswalk_file = "hdruk-3.0.yaml"
    skip = _DRAFT_PATTERNS
    shapes = _HDRUK_SHAPES
    checks = _HDRUK_CHECKS

    def irregular(self, doc: dict[str, Any], rec: dict[str, Any], notes: _Notes) -> None:
        temporal = rec.get("temporal_coverage") or {}
        if temporal.get("end_date") and as_date(temporal["end_date"]):
            set_pointer(doc, split_pointer("/provenance/temporal/endDate"), as_date(temporal["end_date"]))
        elif temporal.get("ongoing"):
            set_pointer(doc, split_pointer("/provenance/temporal/endDate"), "CONTINUOUS")
        required_column_values(doc, rec, notes, "/structuralMetadata/tables")
        self.dataset_types(doc, rec, notes)

    def dataset_types(self, doc: dict[str, Any], rec: dict[str, Any], notes: _Notes) -> None:
        types = [a["name"] for a in rec.get("dataset_types", []) if a.get("name")]
        subtypes = subtype_order(rec)
        if types:
            set_pointer(doc, split_pointer("/provenance/origin/datasetType"), types)
        if subtypes:
            set_pointer(doc, split_pointer("/provenance/origin/datasetSubType"), subtypes)

    def require(self, doc: dict[str, Any], rec: dict[str, Any], notes: _Notes) -> None:
        conversion = rec.get("conversion") or {}
        converted_at = as_datetime(conversion.get("converted_at")) or "1970-01-01T00:00:00Z"
        record_id = rec["id"]
        if _UUID.match(record_id) or is_url(record_id):
            doc["identifier"] = record_id
        else:
            doc["identifier"] = notes.default("/identifier", None,
                                              f"the record id {record_id!r} is neither a UUID nor a URL")
        if not (isinstance(doc.get("version"), str) and _SEMVER.match(doc["version"])):
            doc["version"] = notes.default("/version", "1.0.0", "the record has no semantic version")
        if "revisions" not in doc:
            doc["revisions"] = notes.default("/revisions", [], "no revisions known")
        for key in ("issued", "modified"):
            value = as_datetime(doc.get(key))
            if value is None:
                value = notes.default(f"/{key}", converted_at, f"the record has no {key} date; the conversion time stands in")
            elif value != doc.get(key):
                notes.default(f"/{key}", value, f"date {doc[key]!r} written as a date-time")
            doc[key] = value
        summary = doc.setdefault("summary", {})
        if "title" not in summary:
            title = rec["title"]
            summary["title"] = notes.default("/summary/title", title[:147] + "...",
                                             "the title is longer than 150 characters; cut") if len(title) > 150 \
                else notes.default("/summary/title", title.ljust(2, "_"), "the title is shorter than 2 characters")
        if "abstract" not in summary or not length(5, 500)(summary["abstract"]):
            summary["abstract"] = self.abstract(rec, notes, 500)
        custodian = summary.setdefault("dataCustodian", {})
        if "name" not in custodian:
            name = ((rec.get("publisher") or {}).get("name") or next((c.get("name") for c in rec.get("creators", [])
                                                                         if c.get("name")), None) or "Unknown")[:150]
            custodian["name"] = notes.default("/summary/dataCustodian/name", name,
                                              "the record names no custodian; publisher/creator (or 'Unknown') stands in")
        if "identifier" not in custodian:
            custodian["identifier"] = notes.default("/summary/dataCustodian/identifier",
                                                    custodian["name"][:50].ljust(2, "_"),
                                                    "the custodian has no identifier; its name stands in")
        if "contactPoint" not in custodian:
            custodian["contactPoint"] = notes.default("/summary/dataCustodian/contactPoint",
                                                      summary.get("contactPoint"), "the custodian has no contact point; "
                                                      "the dataset's (or null) stands in")
        if "contactPoint" not in summary:
            emails = [c for c in (custodian.get("contactPoint") if isinstance(custodian.get("contactPoint"), list)
                                  else [custodian.get("contactPoint")]) if c]
            summary["contactPoint"] = notes.default("/summary/contactPoint", emails[0] if emails else None,
                                                    "the record has no contact e-mail; the custodian's (or null) stands in")
        if "populationSize" not in summary:
            summary["populationSize"] = notes.default("/summary/populationSize", -1,
                                                      "population size unknown (HDR UK writes -1)")
        self.require_sections(doc, rec, notes)

    def abstract(self, rec: dict[str, Any], notes: _Notes, limit: int) -> Any:
        text = rec.get("abstract")
        if isinstance(text, str) and len(text) > limit:
            return notes.default("/summary/abstract", text[: limit - 3].rstrip() + "...",
                                 f"the abstract is longer than {limit} characters; cut")
        if isinstance(text, str) and len(text) >= 5:
            return text
        description = rec.get("description")
        if isinstance(description, str) and len(description.strip()) >= 5:
            cut = description if len(description) <= limit else description[: limit - 3].rstrip() + "..."
            return notes.default("/summary/abstract", cut, "the record has no abstract; its description stands in")
        return notes.default("/summary/abstract", None, "the record has no abstract")

    def require_sections(self, doc: dict[str, Any], rec: dict[str, Any], notes: _Notes) -> None:
        documentation = doc.get("documentation")
        if documentation and "description" not in documentation:
            documentation["description"] = notes.default("/documentation/description", doc["summary"].get("abstract")
                                                         or rec["title"], "no description; the abstract stands in")
        coverage = doc.get("coverage")
        if coverage and "spatial" not in coverage:
            coverage["spatial"] = notes.default("/coverage/spatial", None, "no spatial coverage known")
        provenance = doc.get("provenance")
        if provenance:
            origin = provenance.get("origin")
            if origin is not None and "datasetType" not in origin:
                self.default_dataset_type(origin, notes)
            temporal = provenance.setdefault("temporal", {})
            if "publishingFrequency" not in temporal:
                temporal["publishingFrequency"] = notes.default("/provenance/temporal/publishingFrequency", "Other",
                                                                "update frequency not known ('Other')")
            if "timeLag" not in temporal:
                temporal["timeLag"] = notes.default("/provenance/temporal/timeLag", "Other", "time lag not known ('Other')")
            if "startDate" not in temporal:
                start = as_date(rec.get("issued")) or doc["issued"]
                temporal["startDate"] = notes.default("/provenance/temporal/startDate", start,
                                                      "coverage start not known; the record's issue date stands in")
        accessibility = doc.setdefault("accessibility", {})
        access = accessibility.setdefault("access", {})
        if "accessRights" not in access:
            license_text = rec.get("license")
            access["accessRights"] = notes.default("/accessibility/access/accessRights",
                                                   license_text if _LONG(license_text) else None,
                                                   "no access rights; the licence (or null) stands in")
        standards = accessibility.get("formatAndStandards")
        if standards:
            for key in self.standards_keys:
                if key not in standards:
                    standards[key] = notes.default(f"/accessibility/formatAndStandards/{key}", [], "none known")
        if "observations" not in doc:
            doc["observations"] = notes.default("/observations", [], "no observations")

    standards_keys: ClassVar[tuple[str, ...]] = ("vocabularyEncodingScheme", "conformsTo", "language", "format")

    def default_dataset_type(self, origin: dict[str, Any], notes: _Notes) -> None:
        origin["datasetType"] = notes.default("/provenance/origin/datasetType", ["Health and disease"],
                                              "no dataset type; 'Health and disease' as the Gateway defaults GMI ingests")


def subtype_order(rec: dict[str, Any]) -> list[str]:
    """The flat subtype list: in the source's order when the reader noted it (hdruk:subtype-order)."""
    subtypes = [s for a in rec.get("dataset_types", []) for s in a.get("sub_types", [])]
    for annotation in rec.get("annotations", []):
        if annotation.get("property") == "hdruk:subtype-order":
            try:
                order = orjson.loads(annotation["value"])
            except orjson.JSONDecodeError:
                break
            if sorted(order) == sorted(subtypes):
                return order
    return subtypes


def _owner_table() -> dict[str, str]:
    from harmonise.mappings.hdruk.hooks import subtype_owner

    return subtype_owner()


class Hdruk40Writer(Hdruk30Writer):
    name = "hdruk-4.0"
    title = "HDR UK Dataset Schema 4.0.0 (JSON, one document per record: <id>.hdruk-4.0.json)"
    suffix = ".hdruk-4.0.json"
    crosswalk_file = "hdruk-4.0.yaml"
    checks = {**_HDRUK_CHECKS, "/summary/datasetAliases": _SHORT}

    def dataset_types(self, doc: dict[str, Any], rec: dict[str, Any], notes: _Notes) -> None:
        from harmonise.normalise.text import fold

        owners = _owner_table()
        out: list[dict[str, Any]] = []
        by_name: dict[str, dict[str, Any]] = {}
        for assignment in rec.get("dataset_types", []):
            name = assignment.get("name")
            for sub in assignment.get("sub_types", []) or [None]:
                owner = name
                if sub is not None and (name is None or owners.get(fold(sub)) not in (None, name)):
                    owner = owners.get(fold(sub))
                    if owner is None:
                        notes.left_out("/provenance/origin/datasetType", sub)
                        continue
                    if owner != name and owner not in by_name:
                        notes.default("/provenance/origin/datasetType", owner,
                                      f"subtype {sub!r} belongs to type {owner!r}, which the record does not list")
                if owner is None:
                    continue
                entry = by_name.get(owner)
                if entry is None:
                    entry = by_name[owner] = {"name": owner, "subTypes": []}
                    out.append(entry)
                if sub is not None and sub not in entry["subTypes"]:
                    entry["subTypes"].append(sub)
        if out:
            set_pointer(doc, split_pointer("/provenance/origin/datasetType"), out)

    def default_dataset_type(self, origin: dict[str, Any], notes: _Notes) -> None:
        origin["datasetType"] = notes.default("/provenance/origin/datasetType",
                                              [{"name": "Health and disease", "subTypes": []}],
                                              "no dataset type; 'Health and disease' as the Gateway defaults GMI ingests")


# -- GWDM 2.0 -------------------------------------------------------------------------------

_GWDM_LISTS = frozenset({"/linkage/publicationAboutDataset", "/linkage/publicationUsingDataset"})


class Gwdm20Writer(HdrukDocWriter):
    name = "gwdm-2.0"
    title = "HDR UK Gateway Data Model 2.0 (JSON, one document per record: <id>.gwdm-2.0.json)"
    suffix = ".gwdm-2.0.json"
    crosswalk_file = "gwdm-2.0.yaml"
    checks = {
        "/summary/contactPoint": is_email,
        "/summary/doiName": is_doi,
        "/summary/shortTitle": length(2, 100) if False else (lambda v: isinstance(v, str) and 1 <= len(v) <= 100),
        "/summary/publisher/gatewayId": length(2, 50),
        "/required/revisions/*/version": length(2, 100),
        "/required/revisions/*/url": is_url,
        "/coverage/datasetCompleteness": is_url,
        "/provenance/temporal/startDate": is_date,
        "/provenance/temporal/distributionReleaseDate": is_date,
        "/linkage/publicationAboutDataset": is_doi,
        "/linkage/publicationUsingDataset": is_doi,
        "/linkage/datasetLinkage/isDerivedFrom/*/url": is_url,
        "/linkage/datasetLinkage/isPartOf/*/url": is_url,
        "/linkage/datasetLinkage/linkedDatasets/*/url": is_url,
        "/observations/*/observationDate": is_date,
        "/summary/description": _LONG,
        "/coverage/pathway": _LONG,
        "/accessibility/access/accessRights": _LONG,
        "/accessibility/access/accessService": _LONG,
        "/accessibility/access/accessRequestCost": _LONG,
        "/accessibility/access/dataController": _LONG,
        "/accessibility/access/dataProcessor": _LONG,
    }

    def shape(self, pattern: str, values: list[Any]) -> Any:
        if pattern in _GWDM_LISTS:
            return values
        if pattern == "/summary/contactPoint":
            return values[0]
        return _GWDM_JOIN.join(str(v) for v in values)

    def irregular(self, doc: dict[str, Any], rec: dict[str, Any], notes: _Notes) -> None:
        temporal = rec.get("temporal_coverage") or {}
        if temporal.get("end_date") and as_date(temporal["end_date"]):
            set_pointer(doc, split_pointer("/provenance/temporal/endDate"), as_date(temporal["end_date"]))
        low, high = rec.get("min_typical_age"), rec.get("max_typical_age")
        if low is not None or high is not None:
            set_pointer(doc, split_pointer("/coverage/typicalAgeRange"),
                        f"{low if low is not None else 0}-{high if high is not None else 150}")
        types = [a["name"] for a in rec.get("dataset_types", []) if a.get("name")]
        subtypes = subtype_order(rec)
        if types:
            set_pointer(doc, split_pointer("/summary/datasetType"), _GWDM_JOIN.join(types))
        if subtypes:
            set_pointer(doc, split_pointer("/summary/datasetSubType"), _GWDM_JOIN.join(subtypes))
        for key, target in (("derived_from", "isDerivedFrom"), ("is_part_of", "isPartOf"),
                            ("linkable_datasets", "linkedDatasets")):
            refs = []
            for ref in rec.get(key, []):
                item = {k: ref[k] for k in ("pid", "title", "url") if k in ref and (is_url(ref[k]) if k == "url"
                                                                                   else _150(ref[k]))}
                for k in ("pid", "title", "url"):
                    if k in ref and k not in item:
                        notes.left_out(f"/linkage/datasetLinkage/{target}/*/{k}", ref[k])
                if item:
                    refs.append(item)
            if refs:
                set_pointer(doc, split_pointer(f"/linkage/datasetLinkage/{target}"), refs)
        required_column_values(doc, rec, notes, "/structuralMetadata")
        # GWDM-only values the GWDM 2.0 reader kept as annotations go back where they came from
        same_format = (rec.get("conversion") or {}).get("source_format") == self.name
        for annotation in rec.get("annotations", []) if same_format else ():
            prefix, _, pointer = annotation["property"].partition(":")
            if prefix == "gwdm" and pointer.startswith("/") and get_pointer(doc, split_pointer(pointer)) is None:
                set_pointer(doc, split_pointer(pointer), annotation["value"])

    def require(self, doc: dict[str, Any], rec: dict[str, Any], notes: _Notes) -> None:
        conversion = rec.get("conversion") or {}
        converted_at = as_datetime(conversion.get("converted_at")) or "1970-01-01T00:00:00Z"
        required = doc.setdefault("required", {})
        record_id = rec["id"]
        if 2 <= len(record_id) <= 50:
            required["gatewayPid"] = record_id
        else:
            found = re.search(r"[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}", record_id)
            required["gatewayPid"] = notes.default(
                "/required/gatewayPid", found[0] if found else record_id[-50:],
                "the record id is longer than 50 characters; " + ("the UUID in it" if found else "its end") + " stands in")
        if "gatewayId" not in required:
            required["gatewayId"] = notes.default("/required/gatewayId", required["gatewayPid"],
                                                  "no Gateway key (assigned by the Gateway); the record id stands in")
        if not (isinstance(required.get("version"), str) and _SEMVER.match(required["version"])):
            required["version"] = notes.default("/required/version", "1.0.0", "the record has no semantic version")
        if "revisions" not in required:
            required["revisions"] = notes.default("/required/revisions", [], "no revisions known")
        for revision in required["revisions"]:
            if "url" not in revision:
                revision["url"] = None
            if "version" not in revision:
                revision["version"] = notes.default("/required/revisions/*/version", "1.0.0", "revision without version")
        for key in ("issued", "modified"):
            value = as_datetime(required.get(key))
            if value is None:
                value = notes.default(f"/required/{key}", converted_at,
                                      f"the record has no {key} date; the conversion time stands in")
            elif value != required.get(key):
                notes.default(f"/required/{key}", value, f"date {required[key]!r} written as a date-time")
            required[key] = value
        summary = doc.setdefault("summary", {})
        if len(summary.get("title", "")) > 255:
            summary["title"] = notes.default("/summary/title", summary["title"][:252] + "...", "title cut to 255")
        if "abstract" not in summary or not (5 <= len(summary["abstract"]) <= 5000):
            summary["abstract"] = Hdruk30Writer.abstract(self, rec, notes, 5000)  # type: ignore[arg-type]
        provenance = doc.get("provenance")
        if provenance:
            temporal = provenance.setdefault("temporal", {})
            if "accrualPeriodicity" not in temporal:
                temporal["accrualPeriodicity"] = notes.default("/provenance/temporal/accrualPeriodicity", "Other",
                                                               "update frequency not known ('Other')")
            if "timeLag" not in temporal:
                temporal["timeLag"] = notes.default("/provenance/temporal/timeLag", "Other", "time lag not known ('Other')")
        doc.setdefault("accessibility", {}).setdefault("access", {})


