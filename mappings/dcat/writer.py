"""RDF writers `ttl`, `nt`, `jsonld`, `rdfxml`: one file per record, written as pyoxigraph writes it,
or (`ttl`, `nt` with `WriteOptions.extra["rdf_layout"] = "single"`, CLI `--rdf-layout single`) one
file for the whole run.

The profile (`WriteOptions.extra["profile"]`: healthdcat-ap-r8 (default), dcat-ap-3.0.1 or
harmonise) decides the projection; `--base` gives the IRIs. No rdflib and no linkml on this
path: triples are built from the model's slot_uris (profiles.py), grouped by subject; N-Triples
and Turtle text is written directly (rdftext.py, byte for byte pyoxigraph's), the other formats
and anything the direct path cannot vouch for by pyoxigraph. Sinks take the record as a plain
dict (what the engine hands writers) or a model object, and write each file with one
open/write/close (files.write_file).

Layouts (`rdf_layout`):
- `records` (default): `<id>.ttl` per record. Good for browsing and for small runs.
- `single`: `harmonised.ttl` (the prefix header once, then every record's subject blocks in
  input order) or `harmonised.nt` (each record's sorted lines, records in input order). What
  triple-store bulk loaders and DCAT harvesters want from a large run, and far cheaper than
  10^5 files (creating a file costs more than writing its text). The document's graph is the
  union of the per-record files' graphs: records share the header's prefixes and have no
  blank nodes (every node is an IRI under `--base`), so their blocks concatenate as they are;
  a triple two records share may appear twice, which both syntaxes allow.
  `jsonld` and `rdfxml` have no single layout (one JSON-LD @graph / one rdf:RDF root would mean
  rewriting every record's document); asking for it is a UsageError before anything is converted.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from harmonise.errors import UsageError
from harmonise.mapping import RecordResult, Sink, WriteOptions, Writer
from harmonise.mappings.dcat import terms as T
from harmonise.writers.files import Namer, put

DEFAULT_PROFILE = "healthdcat-ap-r8"
#: Options a user may set (CLI `convert --profile/--hdab-name/...`, or WriteOptions.extra).
OPTION_KEYS = ("profile", "release", "access_level", "hdab_name", "hdab_email", "health_category",
               "applicable_legislation", "rdf_layout")
RELEASES = {"healthdcat-ap": {"r8": "healthdcat-ap-r8"}, "dcat-ap": {"3.0.1": "dcat-ap-3.0.1"}}
#: `rdf_layout` values: a file per record (default), or one file for the whole run.
RECORDS, SINGLE = "records", "single"
LAYOUTS = (RECORDS, SINGLE)
#: the file a single-layout run writes, before the writer's suffix (as jsonl's harmonised.jsonl)
SINGLE_STEM = "harmonised"


def check_base(base: str) -> None:
    if not T.is_iri(base) or not base.endswith(("/", "#", ":")):
        raise UsageError(f"--base must be an absolute http(s) IRI ending in '/' or '#'; got {base!r}")


def resolve_profile(extra: dict[str, Any]):
    from harmonise.mappings.dcat.profiles import PROFILES

    name = extra.get("profile") or DEFAULT_PROFILE
    release = extra.get("release")
    if release and name in RELEASES:
        if release not in RELEASES[name]:
            raise UsageError(f"unknown release {release!r} of {name}; known: {', '.join(RELEASES[name])}")
        name = RELEASES[name][release]
    elif name == "healthdcat-ap":
        name = DEFAULT_PROFILE
    elif name == "dcat-ap":
        name = "dcat-ap-3.0.1"
    if name not in PROFILES:
        raise UsageError(f"unknown RDF profile {name!r}; known: {', '.join(sorted(PROFILES))}")
    found = _PROFILE_CACHE.get(name)
    if found is None:
        found = _PROFILE_CACHE[name] = PROFILES[name]()
    return found


_PROFILE_CACHE: dict[str, Any] = {}


def encode_record(fmt: str, options: WriteOptions, record: Any, result: RecordResult) -> tuple[str, bytes]:
    """(record id, file bytes): the pure part of writing, run in worker processes under --jobs N."""
    return _record_id(record), serialise(record_triples(record, options, result.account), fmt)


def _record_id(record: Any) -> str:
    """A record's id, whether the writer got a plain dict or a model object."""
    return record["id"] if isinstance(record, dict) else record.id


def record_triples(dataset: Any, options: WriteOptions, account: Any = None, profile: Any = None):
    """(profile, plain triples) of one model record."""
    from harmonise.mappings.dcat.profiles import WriteContext
    from harmonise.writers.json import record_dict

    profile = profile or resolve_profile(options.extra)
    record = dataset if isinstance(dataset, dict) else record_dict(dataset)
    ctx = WriteContext(account, options.extra, options.strict, record["id"])
    return profile.graph(record, options.base_iri, ctx).triples


def serialise(lines: Any, fmt: str) -> bytes:
    """Bytes of the record (its unique N-Triples lines, or the RecordGraph record_triples gives)
    in `fmt`, as pyoxigraph writes them.

    `nt`: the lines sorted (canonical order, byte-stable). Others: lines grouped by subject in
    first-appearance order, so Turtle / RDF/XML / JSON-LD write each node once. N-Triples and
    Turtle of a RecordGraph are written directly (rdftext.py: the same bytes, ~5x faster);
    what that cannot vouch for, and the other formats, are parsed and written by pyoxigraph.
    """
    from harmonise.mappings.dcat.profiles import RecordGraph

    if isinstance(lines, RecordGraph) and not lines.unsafe and fmt in ("nt", "ttl"):
        from harmonise.mappings.dcat.rdftext import write

        data = write(lines.nodes, fmt, T.PREFIXES, lines.object_iris, lines.root)
        if data is not None:
            return data
    from pyoxigraph import RdfFormat, parse, serialize

    if fmt == "nt":
        ordered = sorted(lines)
    else:
        order: dict[str, int] = {}
        keyed = []
        for line in lines:
            subject = line[: line.index(" ")]
            keyed.append((order.setdefault(subject, len(order)), line))
        keyed.sort(key=lambda pair: pair[0])
        ordered = [line for _, line in keyed]
    formats = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD,
               "rdfxml": RdfFormat.RDF_XML}
    prefixes = T.PREFIXES if fmt in ("ttl", "rdfxml") else None
    try:
        return serialize(parse("".join(ordered).encode("utf-8"), format=RdfFormat.N_TRIPLES),
                         format=formats[fmt], prefixes=prefixes)
    except (SyntaxError, ValueError) as exc:
        from harmonise.errors import RecordError

        raise RecordError(f"the RDF writer produced an invalid triple: {exc}") from None


def turtle_header() -> bytes:
    """The `@prefix` lines pyoxigraph writes before the first subject of every record's Turtle
    (T.PREFIXES): what a single-layout file holds once, and what each record's body drops."""
    global _TURTLE_HEADER
    if _TURTLE_HEADER is None:
        from harmonise.mappings.dcat.rdftext import turtle_header as header_of

        _TURTLE_HEADER = header_of(T.PREFIXES).encode("utf-8")
    return _TURTLE_HEADER


_TURTLE_HEADER: bytes | None = None


def turtle_body(data: bytes, header: bytes) -> bytes:
    """A record's Turtle without its prefix header: the statements a single-layout file appends.

    Every record's Turtle starts with the same header (T.PREFIXES), so this is a slice. Should
    one ever not (an empty graph is b""; anything else is unexpected), its statements are
    written as N-Triples lines instead: valid Turtle that needs no prefix, and the same graph."""
    if data.startswith(header):
        return data[len(header):]
    if not data.strip():
        return b""
    from pyoxigraph import RdfFormat, parse, serialize

    return serialize(parse(data, format=RdfFormat.TURTLE), format=RdfFormat.N_TRIPLES)


def layout_of(extra: dict[str, Any]) -> str:
    layout = extra.get("rdf_layout") or RECORDS
    if layout not in LAYOUTS:
        raise UsageError(f"unknown --rdf-layout {layout!r}; known: {', '.join(LAYOUTS)}")
    return layout


class RdfWriter(Writer):
    fmt = "ttl"
    file_per_record = True

    def __init__(self, fmt: str, suffix: str, title: str, layouts: tuple[str, ...] = (RECORDS,)):
        self.fmt = fmt
        self.name = fmt
        self.suffix = suffix
        self.title = title
        #: the `rdf_layout`s this format can write (the CLI checks --rdf-layout against them)
        self.rdf_layouts = layouts

    def layout(self, options: WriteOptions) -> str:
        """The run's layout for this format; a UsageError (before any record is converted, as
        sinks and encoders are made first) when the format cannot write it."""
        layout = layout_of(options.extra)
        if layout not in self.rdf_layouts:
            raise UsageError(f"--rdf-layout {layout} is not available for --to {self.name} (it writes one "
                             f"document per record); use --to {' or '.join(_SINGLE_FORMATS)} for one file")
        return layout

    def files_per_record(self, options: WriteOptions) -> bool:
        """Whether this run writes a file per record (`--jobs N` workers then create them)."""
        return self.layout(options) == RECORDS

    def open(self, out_dir: Path, options: WriteOptions) -> Sink:
        encode = self.encoder(options)
        if self.layout(options) == SINGLE:
            start = turtle_header() if self.fmt == "ttl" else b""
            return _SingleSink(out_dir / f"{SINGLE_STEM}{self.suffix}", encode, start)
        return _RecordsSink(Namer(out_dir, self.suffix), encode)

    def encoder(self, options: WriteOptions):
        """What a sink writes of one record, made in the worker processes under `--jobs N`:
        (id, file bytes) for the records layout; for the single layout the bytes the run's file
        appends (Turtle without the prefix header, which the file holds once)."""
        profile = resolve_profile(options.extra)   # a bad --profile fails here, before any worker starts
        check_base(options.base_iri)
        fmt = self.fmt

        if self.layout(options) == RECORDS:
            def encode(record: Any, result: RecordResult) -> tuple[str, bytes]:
                return _record_id(record), serialise(record_triples(record, options, result.account, profile), fmt)
        elif fmt == "ttl":
            header = turtle_header()

            def encode(record: Any, result: RecordResult) -> bytes:
                return turtle_body(serialise(record_triples(record, options, result.account, profile), fmt), header)
        else:   # nt: a record's sorted lines are already statements of the run's document
            def encode(record: Any, result: RecordResult) -> bytes:
                return serialise(record_triples(record, options, result.account, profile), fmt)
        return encode

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "rdf_layouts": list(self.rdf_layouts)}


class _RecordsSink(Sink):
    """`rdf_layout: records`: a file per record, named from its id in input order."""

    def __init__(self, namer: Namer, encode: Callable[[Any, RecordResult], tuple[str, bytes]]):
        self.namer = namer
        self.encode = encode
        self.written: list[str] = []

    def write(self, record: Any, result: RecordResult) -> None:
        self.write_encoded(self.encode(record, result), result)

    def write_encoded(self, payload: tuple[str, Any], result: RecordResult) -> None:
        record_id, content = payload   # content: bytes, or a file a --jobs worker staged
        path = self.namer.str_path_for(record_id)  # names are given in input order, in this process
        put(path, content)
        self.written.append(path)

    def close(self) -> list[Path]:
        return [Path(path) for path in self.written]


class _SingleSink(Sink):
    """`rdf_layout: single`: one document for the run; `start` (Turtle's prefix header) once,
    then each record's statements appended in input order (from this process or a worker)."""

    def __init__(self, path: Path, encode: Callable[[Any, RecordResult], bytes], start: bytes = b""):
        self.path = path
        self.encode = encode
        self.handle = path.open("wb", buffering=1 << 20)
        self.handle.write(start)

    def write(self, record: Any, result: RecordResult) -> None:
        self.handle.write(self.encode(record, result))

    def write_encoded(self, payload: bytes, result: RecordResult) -> None:
        self.handle.write(payload)

    def close(self) -> list[Path]:
        self.handle.close()
        return [self.path]


_SINGLE_FORMATS = ("ttl", "nt")


WRITERS_LIST = [
    RdfWriter("ttl", ".ttl", "RDF Turtle: HealthDCAT-AP R8 / DCAT-AP 3.0.1 (profile option), one file per record "
              "or, with --rdf-layout single, harmonised.ttl", (RECORDS, SINGLE)),
    RdfWriter("nt", ".nt", "RDF N-Triples (sorted, byte-stable), HealthDCAT-AP R8 / DCAT-AP 3.0.1; "
              "--rdf-layout single: harmonised.nt", (RECORDS, SINGLE)),
    RdfWriter("jsonld", ".jsonld", "RDF JSON-LD, HealthDCAT-AP R8 / DCAT-AP 3.0.1"),
    RdfWriter("rdfxml", ".rdf", "RDF/XML, HealthDCAT-AP R8 / DCAT-AP 3.0.1"),
]
