"""RDF writers `ttl`, `nt`, `jsonld`, `rdfxml`: one file per record, written as pyoxigraph writes it.

The profile (`WriteOptions.extra["profile"]`: healthdcat-ap-r8 (default), dcat-ap-3.0.1 or
harmonise) decides the projection; `--base` gives the IRIs. No rdflib and no linkml on this
path: triples are built from the model's slot_uris (profiles.py), grouped by subject; N-Triples
and Turtle text is written directly (rdftext.py, byte for byte pyoxigraph's), the other formats
and anything the direct path cannot vouch for by pyoxigraph. Sinks take the record as a plain
dict (what the engine hands writers) or a model object, and write each file with one
open/write/close (files.write_file).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from harmonise.errors import UsageError
from harmonise.mapping import RecordResult, Sink, WriteOptions, Writer
from harmonise.mappings.dcat import terms as T
from harmonise.writers.files import Namer, put

DEFAULT_PROFILE = "healthdcat-ap-r8"
#: Options a user may set (CLI `convert --profile/--hdab-name/...`, or WriteOptions.extra).
OPTION_KEYS = ("profile", "release", "access_level", "hdab_name", "hdab_email", "health_category",
               "applicable_legislation")
RELEASES = {"healthdcat-ap": {"r8": "healthdcat-ap-r8"}, "dcat-ap": {"3.0.1": "dcat-ap-3.0.1"}}


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


class RdfWriter(Writer):
    fmt = "ttl"
    file_per_record = True

    def __init__(self, fmt: str, suffix: str, title: str):
        self.fmt = fmt
        self.name = fmt
        self.suffix = suffix
        self.title = title

    def open(self, out_dir: Path, options: WriteOptions) -> Sink:
        check_base(options.base_iri)
        return _RdfSink(self, Namer(out_dir, self.suffix), options, resolve_profile(options.extra))

    def encoder(self, options: WriteOptions):
        """For `--jobs N`: (id, file bytes) of a record, made in the worker processes."""
        profile = resolve_profile(options.extra)   # a bad --profile fails here, before any worker starts
        check_base(options.base_iri)
        fmt = self.fmt

        def encode(record: Any, result: RecordResult) -> tuple[str, bytes]:
            return _record_id(record), serialise(record_triples(record, options, result.account, profile), fmt)

        return encode


class _RdfSink(Sink):
    def __init__(self, writer: RdfWriter, namer: Namer, options: WriteOptions, profile: Any):
        self.writer = writer
        self.namer = namer
        self.options = options
        self.profile = profile
        self.written: list[str] = []

    def write(self, record: Any, result: RecordResult) -> None:
        triples = record_triples(record, self.options, result.account, self.profile)
        self.write_encoded((_record_id(record), serialise(triples, self.writer.fmt)), result)

    def write_encoded(self, payload: tuple[str, Any], result: RecordResult) -> None:
        record_id, content = payload
        path = self.namer.str_path_for(record_id)  # names are given in input order, in this process
        put(path, content)
        self.written.append(path)

    def close(self) -> list[Path]:
        return [Path(path) for path in self.written]


WRITERS_LIST = [
    RdfWriter("ttl", ".ttl", "RDF Turtle: HealthDCAT-AP R8 / DCAT-AP 3.0.1 (profile option), one file per record"),
    RdfWriter("nt", ".nt", "RDF N-Triples (sorted, byte-stable), HealthDCAT-AP R8 / DCAT-AP 3.0.1"),
    RdfWriter("jsonld", ".jsonld", "RDF JSON-LD, HealthDCAT-AP R8 / DCAT-AP 3.0.1"),
    RdfWriter("rdfxml", ".rdf", "RDF/XML, HealthDCAT-AP R8 / DCAT-AP 3.0.1"),
]
