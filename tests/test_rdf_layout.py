"""`--rdf-layout single`: one harmonised.ttl / harmonised.nt for a run, whose graph is the union
of the per-record files' graphs, built by appending each record's statements in input order.

The reference ("plain") single file is made here from the records layout's own files: the
prefix header once, then every per-record Turtle file without its header (N-Triples: the
per-record files one after another), in the run's record order."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, RdfFormat, parse

from harmonise.cli import main
from harmonise.engine import ConvertOptions, convert
from harmonise.mapping import WriteOptions
from harmonise.mappings.dcat import terms as T
from harmonise.mappings.dcat.writer import turtle_body, turtle_header

ROOT = Path(__file__).resolve().parent.parent
FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES}
#: corpus folders whose records go through the RDF writers (JSON, tabular, XML and RDF sources)
CORPUS_FOLDERS = ("hdruk", "hdruk_dataset_v2", "hdruk_dataset_v3_v4", "dcat", "ckan", "datacite", "schemaorg",
                  "ddi", "redcap")


def _options(layout: str) -> ConvertOptions:
    options = ConvertOptions()
    options.write.extra["rdf_layout"] = layout
    return options


def _graph(data: bytes, fmt: str) -> set:
    return {quad.triple for quad in parse(data, format=FORMATS[fmt])}


def _plain_single(record_files: list[Path], fmt: str) -> bytes:
    """The straightforward single file, from the per-record files in record order."""
    if fmt == "nt":
        return b"".join(p.read_bytes() for p in record_files)
    header = turtle_header()
    bodies = []
    for path in record_files:
        data = path.read_bytes()
        assert data.startswith(header), path   # every record's Turtle starts with the shared header
        bodies.append(data[len(header):])
    return header + b"".join(bodies)


def _both_layouts(inputs: list[str], tmp_path: Path, writers=("ttl", "nt")):
    records, errors_r = convert(inputs, list(writers), tmp_path / "records", _options("records"))
    single, errors_s = convert(inputs, list(writers), tmp_path / "single", _options("single"))
    assert [e.located() for e in errors_r] == [e.located() for e in errors_s]
    assert [r.to_dict() for r in records.records] == [r.to_dict() for r in single.records]
    return records, single


@pytest.fixture(scope="module")
def corpus_run(corpus, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("layout")
    inputs = [str(corpus / name) for name in CORPUS_FOLDERS if (corpus / name).is_dir()]
    with pytest.MonkeyPatch.context() as mp:   # the autouse fixture is per test: this runs before it
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        records, single = _both_layouts(inputs, tmp)
    return tmp, records, single


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_single_file_equals_the_plain_concatenation_of_the_record_files(corpus_run, fmt):
    tmp, records, single = corpus_run
    files = [Path(p) for p in records.outputs if p.endswith("." + fmt)]
    assert len(files) >= 50   # records of nine corpus formats (the dcat folder also holds SHACL shapes: not records)
    assert [Path(p).name for p in single.outputs] == ["harmonised.ttl", "harmonised.nt"]
    ours = (tmp / "single" / f"harmonised.{fmt}").read_bytes()
    assert ours == _plain_single(files, fmt)
    assert not list((tmp / "single").glob(f"*[!d].{fmt}"))   # no per-record file besides harmonised.*


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_single_file_is_one_document_whose_graph_is_the_union(corpus_run, fmt):
    tmp, records, single = corpus_run
    union: set = set()
    for path in records.outputs:
        if path.endswith("." + fmt):
            union |= _graph(Path(path).read_bytes(), fmt)
    ours = (tmp / "single" / f"harmonised.{fmt}").read_bytes()
    graph = _graph(ours, fmt)
    assert graph == union and len(graph) > 5000
    # no blank nodes: records' blocks can be concatenated as they are
    assert not any(isinstance(term, BlankNode) for t in graph for term in (t.subject, t.object))
    if fmt == "ttl":   # the prefix header once, at the top
        assert ours.count(b"@prefix ") == len(T.PREFIXES) and ours.startswith(turtle_header())
    else:
        assert all(line.endswith(b" .") for line in ours.splitlines())


def test_single_layout_on_the_bench_records(tmp_path):
    """The bench input (generated HDR UK 2.1 catalogue): the first 300 records, one file."""
    bench = ROOT / "bench" / "data" / "hdruk-2.1-1000x20.json"
    if not bench.exists():
        sys.path.insert(0, str(ROOT / "bench"))
        import generate

        bench = tmp_path / "hdruk-2.1-300x20.json"
        generate.write(bench, generate.Generator("hdruk-2.1").records(300, 20))
    import orjson

    small = tmp_path / "catalogue.json"
    small.write_bytes(orjson.dumps(orjson.loads(bench.read_bytes())[:300]))
    records, single = _both_layouts([str(small)], tmp_path)
    assert single.summary()["records"] == 300 and not single.failed
    for fmt in ("ttl", "nt"):
        files = [Path(p) for p in records.outputs if p.endswith("." + fmt)]
        assert len(files) == 300
        ours = (tmp_path / "single" / f"harmonised.{fmt}").read_bytes()
        assert ours == _plain_single(files, fmt)
        union: set = set()
        for path in files:
            union |= _graph(path.read_bytes(), fmt)
        assert _graph(ours, fmt) == union


def test_turtle_body_drops_the_header_or_falls_back_to_ntriples():
    from pyoxigraph import NamedNode, Literal, Triple, serialize

    header = turtle_header()
    triples = [Triple(NamedNode("https://w3id.org/harmonise/dataset/x"), NamedNode(T.DCT + "title"), Literal("X")),
               Triple(NamedNode("https://w3id.org/harmonise/dataset/x"), NamedNode(T.RDF_TYPE),
                      NamedNode(T.DCAT + "Dataset"))]
    with_header = serialize(triples, format=RdfFormat.TURTLE, prefixes=T.PREFIXES)
    body = turtle_body(with_header, header)
    assert body == with_header[len(header):] and body.startswith(b"<https://w3id.org/harmonise/dataset/x> dct:title \"X\" ;")
    assert _graph(header + body, "ttl") == set(triples)
    # Turtle written with other prefixes (not expected from the writers): statements as N-Triples
    other = serialize(triples, format=RdfFormat.TURTLE, prefixes={"d": T.DCAT})
    fallback = turtle_body(other, header)
    assert b"@prefix" not in fallback and _graph(header + fallback, "ttl") == set(triples)
    assert turtle_body(b"", header) == b""


def test_jsonld_and_rdfxml_refuse_the_single_layout(corpus, tmp_path):
    from harmonise.errors import UsageError
    from harmonise.registry import registry

    for name in ("jsonld", "rdfxml"):
        with pytest.raises(UsageError, match="not available for --to " + name):
            registry().writer(name).open(tmp_path, WriteOptions(extra={"rdf_layout": "single"}))
    with pytest.raises(UsageError, match="unknown --rdf-layout"):
        registry().writer("ttl").encoder(WriteOptions(extra={"rdf_layout": "one"}))
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "harmonise", "convert", str(corpus / "hdruk_dataset_v2"),
                           "--to", "jsonl,jsonld", "--rdf-layout", "single", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "--rdf-layout single is not available for --to jsonld" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()   # refused before converting


def test_cli_single_layout_and_help(corpus, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["convert", str(corpus / "hdruk_dataset_v2"), "--to", "jsonl,ttl,nt", "--rdf-layout", "single",
              "--out", str(tmp_path / "o"), "-q"])
    assert exc.value.code == 0
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["harmonised.jsonl", "harmonised.nt",
                                                                   "harmonised.ttl"]
    ttl = (tmp_path / "o" / "harmonised.ttl").read_bytes()
    assert ttl.count(b" a dcat:Dataset ;") == 12
    with pytest.raises(SystemExit):
        main(["convert", "--help"])
    assert "--rdf-layout [records|single]" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["formats"])
    assert "--rdf-layout single" in capsys.readouterr().out


def test_records_layout_is_the_default_and_unchanged(corpus, tmp_path):
    path = corpus / "hdruk" / "hdruk300.json"
    default, _ = convert([str(path)], ["ttl"], tmp_path / "default", ConvertOptions())
    records, _ = convert([str(path)], ["ttl"], tmp_path / "records", _options("records"))
    assert [Path(p).name for p in default.outputs] == [Path(p).name for p in records.outputs] \
        == ["912d6997-7609-46ba-9bd9-5a41ebb9e444.ttl"]
    assert Path(default.outputs[0]).read_bytes() == Path(records.outputs[0]).read_bytes()
