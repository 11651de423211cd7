"""Bad input never gives a traceback: a hypothesis sweep over every registered reader.

For each reader, a real file it reads (the shared corpus; the reader's own example where
the corpus has none) is mutated in one place, converted in-process, and checked:

* no exception escapes `iter_converted`;
* every failure is a HarmoniseError whose message names the file and a location (a JSON
  Pointer, "row N" / "column C", a line, or an XPath-like element path); a reader crash
  that the engine turns into "could not read this file: TypeError ..." is a bug, not a
  located error, and fails the sweep;
* when the file holds many records and the mutation lies inside one of them, every other
  record converts as it did before.

Mutations by kind of file: JSON/YAML - one value (leaf or container) replaced by a list, a
number, an object, null, an empty string or a very long string; CSV - a cell blanked or
garbled, a column dropped, a stray quote added; XML - an element's text dropped or an
unknown attribute added; Turtle - a stray quote or a garbled literal on one line.
A few mutated files also go through the CLI: exit code 1 or 2 and no "Traceback".
"""
from __future__ import annotations

import copy
import csv
import io
import json
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from harmonise.engine import ConvertOptions, iter_converted
from harmonise.errors import HarmoniseError
from harmonise.registry import registry
from harmonise.report import FAILED

from conftest import CORPUS, EXAMPLES, ROOT

#: HARMONISE_SWEEP_EXAMPLES=500 for a longer local hunt (CI keeps 50, derandomized)
EXAMPLES_PER_READER = int(os.environ.get("HARMONISE_SWEEP_EXAMPLES", "50"))
#: tabular inputs are cut to their header and this many data rows (fast, still real)
MAX_ROWS = 25
LONG = "x" * 20000

#: reader -> (file, kind). Corpus files first; a reader's own example where the corpus has
#: none. "generated:" inputs are made by the `generated` fixture: the folder the csv writer
#: writes (read by harmonise-csv), and bulk files of three records built from real ones (so
#: a mutation in one record can be checked against the other two).
CASES: list[tuple[str, str, str]] = [
    ("cddo", "corpus/ukgov_cddo/Dataset-os-postcodes-datset.yaml", "yaml"),
    ("ckan", "corpus/ckan/datagovuk_package_show_bgs_seabed.json", "json"),
    ("ckan", "examples/ckan/package_search-health.json", "json"),
    ("csvw", "corpus/csvw/cured_civil_registration_deaths.json", "json"),
    ("datacite", "corpus/datacite/bolognese_datacite.json", "json"),
    ("datacite", "examples/datacite/api-response.json", "json"),
    ("datacite", "corpus/datacite/datacite-example-full-v4.6.xml", "xml"),
    ("datacite", "generated:datacite-list", "json"),
    ("datapackage", "corpus/datapackage/datasets_covid-19_datapackage.json", "json"),
    ("dcat", "corpus/dcat/examples/health-ri/example-catalog.ttl", "ttl"),
    ("ddi-codebook", "corpus/ddi/ipums_cps_00157.xml", "xml"),
    ("dictionary", "corpus/hdruk_mdc_datamodel/dataelements.csv", "csv"),
    ("harmonise-csv", "generated:harmonise-csv", "csv"),
    ("harmonise-json", "examples/harmonise-json/regional-registers.jsonl", "jsonl"),
    ("hdruk-v1", "corpus/hdruk/datasets.v1__cystic-fibrosis-patient-demographics.json", "json"),
    ("hdruk-2.0", "corpus/hdruk/datasets.v2__cprd-aurum.json", "json"),
    ("hdruk-2.1", "corpus/hdruk/242c84be-a866-ac0c-0000-000000001bbe.json", "json"),
    ("hdruk-2.1", "generated:hdruk-2.1-list", "json"),
    ("hdruk-2.2", "corpus/hdruk/1460e2b4-a985-4890-8e60-a21e78ce01f3.json", "json"),
    ("hdruk-3.0", "corpus/hdruk_dataset_v3_v4/hdruk_3.0.0.example.json", "json"),
    ("hdruk-4.0", "examples/hdruk-4.0/stroke-outcomes-audit.json", "json"),
    ("gwdm-1.x", "corpus/hdruk_dataset_v3_v4/gwdm_1.0.example.json", "json"),
    ("gwdm-2.0", "corpus/hdruk/gwdm20.json", "json"),
    ("hdruk-gmi", "corpus/hdruk/mdw-list.json", "json"),
    ("hdruk-csv", "corpus/hdruk_datasets_csv/datasets.v2.csv", "csv"),
    ("hdruk-mdc-elements", "corpus/hdruk_mdc_datamodel/dataelements.csv", "csv"),
    ("maelstrom", "corpus/maelstrom/dataschema_ProPASS.Categories.csv", "csv"),
    ("mauro", "corpus/mauro_datamodel/export_cancer_audits.3.2.json", "json"),
    ("mauro", "examples/mauro/falls-audit-standard.xml", "xml"),
    ("nhs-data-dictionary", "corpus/nhs_data_dictionary/Venous_Thromboembolism_Risk_Assessment_Data_Set.xml", "xml"),
    ("nhs-hes-tos", "corpus/nhs_hes_tos/hes_tos_v1.15_apc.csv", "csv"),
    ("nhs-hes-tos", "corpus/nhs_hes_tos/hes_apc_metadata.json", "json"),
    ("nhs-ncdr", "corpus/nhs_ncdr/vw_Export_Standard_DB_Structure.csv", "csv"),
    ("omop-cdm", "corpus/omop/OMOP_CDMv5.4_Table_Level.csv", "csv"),
    ("redcap", "corpus/redcap/IeDEA_tblCENTER_2020-06-30.csv", "csv"),
    ("redcap", "corpus/redcap/Harmonist0ADataModel_2017-12-21_1147.REDCap.xml", "xml"),
    ("schemaorg", "corpus/schemaorg/bolognese_schema_org_topmed.json", "json"),
    ("ukbiobank-rap", "examples/ukbiobank-rap/app_example.data_dictionary.csv", "csv"),
    ("ukbiobank-showcase", "corpus/ukbiobank/Data_Dictionary_Showcase.csv", "csv"),
]

REPLACEMENTS: list[Any] = [[], ["x", 7], 7, -1.5, True, {}, {"x": 1}, None, "", LONG]

#: what a location looks like in a message: a JSON Pointer, a row/column/line, an XPath-like path
LOCATED = re.compile(r"(model value [\w\[\].]+:|:/|#/|\brow \d+|\bcolumn\b|\bline \d+|:\d+:\d+|/[A-Za-z][\w:.-]*(\[\d+\])?)")
#: an HDR UK reader refusing a record of another version names the telling field in dotted
#: form ("provenance.origin.datasetType holds ...") and the reader to use instead
WRONG_VERSION = "convert it with --from"
#: the engine's catch-all for an unexpected reader crash (a bug, never a located error)
CRASH = re.compile(r"could not read this file: [A-Za-z]+Error")


def resolve(spec: str, tmp_root: Path) -> Path:
    if spec.startswith("corpus/"):
        return CORPUS / spec[len("corpus/"):]
    if spec.startswith("examples/"):
        return EXAMPLES / spec[len("examples/"):]
    raise AssertionError(spec)


# --------------------------------------------------------------------------- mutations
@dataclass
class Mutation:
    """One change to a file: where (a JSON Pointer / row / element path) and the new text."""

    where: str
    text: str
    #: the JSON Pointer the mutation touched, or "#index K" (the K-th data row of a table)
    record_hint: str = ""
    encoding: str = "utf-8"


def _json_paths(value: Any, pointer: str = "") -> list[str]:
    out = []
    if isinstance(value, dict):
        for key, sub in value.items():
            p = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            out.append(p)
            out += _json_paths(sub, p)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            p = f"{pointer}/{i}"
            out.append(p)
            out += _json_paths(sub, p)
    return out


def _set(doc: Any, pointer: str, new: Any) -> Any:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    target = doc
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    last = parts[-1]
    if isinstance(target, list):
        target[int(last)] = new
    else:
        target[last] = new
    return doc


def json_mutation(data: Any, index: int, replacement: Any) -> tuple[Any, str]:
    paths = _json_paths(data)
    pointer = paths[index % len(paths)]
    return _set(copy.deepcopy(data), pointer, replacement), pointer


def file_encoding(path: Path) -> str:
    try:
        path.read_bytes().decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "latin-1"  # round-trips every byte (the NCDR exports are cp1252, with ¬ delimiters)


def read_rows(path: Path) -> tuple[list[list[str]], str]:
    text = path.read_text(encoding=file_encoding(path)).lstrip("\ufeff").lstrip("\xef\xbb\xbf")
    header = text.split("\n", 1)[0]
    delimiter = max(",\t¬|;", key=header.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    # (delimiter, quote every cell as the file does?, line end)
    dialect = (delimiter, header.startswith('"'), "\r\n" if header.endswith("\r") else "\n")
    return rows[: MAX_ROWS + 1], dialect


def write_rows(rows: list[list[str]], dialect: tuple[str, bool, str]) -> str:
    delimiter, quote_all, line_end = dialect
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=line_end,
               quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows(rows)
    return buf.getvalue()


CSV_ACTIONS = ("blank", "garble", "long", "drop_column", "stray_quote", "short_row", "long_row",
               "blank_header", "header_only")


def csv_mutation(rows: list[list[str]], dialect: tuple[str, bool, str], action: str, row_i: int, col_i: int) -> Mutation:
    rows = [list(r) for r in rows]
    data_rows = max(len(rows) - 1, 1)
    r = 1 + row_i % data_rows if len(rows) > 1 else 0
    width = max(len(rows[0]), 1)
    c = col_i % width
    if action == "drop_column":
        for row in rows:
            if c < len(row):
                del row[c]
        return Mutation(f"column {c + 1}", write_rows(rows, dialect))
    if action == "header_only":
        return Mutation("row 2", write_rows(rows[:1], dialect))
    if action == "blank_header":
        rows[0][c] = ""
        return Mutation(f"row 1, column {c + 1}", write_rows(rows, dialect))
    if action == "stray_quote":
        lines = write_rows(rows, dialect).split("\n")
        line = min(r, len(lines) - 1)
        lines[line] = lines[line][: len(lines[line]) // 2] + '"' + lines[line][len(lines[line]) // 2:]
        return Mutation(f"line {line + 1}", "\n".join(lines), f"#line {line + 1}")
    row = rows[r]
    if action == "short_row":
        del row[len(row) // 2:]
    elif action == "long_row":
        row += ["surplus", "cells"]
    elif c < len(row):
        row[c] = {"blank": "", "garble": '"\x00?\u00e9\ufffd;,\t', "long": LONG}[action]
    return Mutation(f"row {r + 1}, column {c + 1}", write_rows(rows, dialect), f"#index {r - 1}/{data_rows}")


def xml_mutation(text: str, action: str, index: int) -> Mutation:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    root = etree.fromstring(text.encode("utf-8"), parser)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    if action == "drop_text":
        with_text = [e for e in elements if (e.text or "").strip()] or elements
        element = with_text[index % len(with_text)]
        element.text = None
    elif action == "blank_attribute":
        with_attr = [e for e in elements if e.attrib] or elements
        element = with_attr[index % len(with_attr)]
        for key in list(element.attrib)[:1]:
            element.attrib[key] = ""
    elif action == "drop_element":
        element = elements[1 + index % (len(elements) - 1)] if len(elements) > 1 else elements[0]
        where = root.getroottree().getpath(element)
        element.getparent().remove(element)
        return Mutation(where, etree.tostring(root, encoding="unicode"))
    elif action == "long_text":
        element = elements[index % len(elements)]
        element.text = LONG
    else:  # unknown attribute
        element = elements[index % len(elements)]
        element.set("unknownAttribute", "surprise")
    return Mutation(root.getroottree().getpath(element), etree.tostring(root, encoding="unicode"))


def ttl_mutation(text: str, action: str, index: int) -> Mutation:
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith(("@prefix", "#", "PREFIX"))]
    i = body[index % len(body)]
    line = lines[i]
    if action == "stray_quote":
        lines[i] = line[: len(line) // 2] + '"' + line[len(line) // 2:]
    elif action == "garble_literal":
        lines[i] = re.sub(r'"[^"]*"', '"not a date"^^<http://www.w3.org/2001/XMLSchema#date>', line, count=1)
    else:  # empty literal
        lines[i] = re.sub(r'"[^"]*"', '""', line, count=1)
    return Mutation(f"line {i + 1}", "\n".join(lines))


# --------------------------------------------------------------------------- checking
class _Tracebacks(logging.Handler):
    """Log records that carry a traceback (a library logging an exception on stderr)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.seen.append(f"{record.name}: {record.getMessage()}")


def run(path: Path, reader: str) -> list[Any]:
    """Every record of the file, converted in-process; a traceback logged on the way fails."""
    options = ConvertOptions(reader=reader)
    handler = _Tracebacks()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        items = list(iter_converted([str(path)], options))
    finally:
        root.removeHandler(handler)
    assert not handler.seen, f"a traceback was logged while converting {path.name}: {handler.seen[0]}"
    return items


def failure_text(item: Any) -> str:
    return " | ".join(item.report.messages)


def check(items: list[Any], path: Path, baseline: list[Any], mutation: Mutation) -> None:
    failures = [i for i in items if i.report.status == FAILED]
    for item in failures:
        error = item.result.error
        text = failure_text(item)
        assert not CRASH.search(text), f"reader crash on {mutation.where}: {text}"
        if error is not None:
            assert isinstance(error, HarmoniseError), (mutation.where, error)
        assert path.name in text, f"failure does not name the file ({mutation.where}): {text}"
        assert not re.search(r"row \d+row \d+", text), f"a location said twice ({mutation.where}): {text}"
        if WRONG_VERSION in text:
            continue
        assert LOCATED.search(text.replace(str(path), "")), f"failure has no location ({mutation.where}): {text}"
    ok_before = {i.result.pointer: i for i in baseline if i.report.status != FAILED and i.result.pointer}
    if len(ok_before) < 2 or not mutation.record_hint:
        return
    hint = mutation.record_hint
    if hint.startswith("#index "):
        # "#index K/N": the K-th of N data rows. When every row is a record, the K-th record
        # is the mutated one and the others keep their status, in order (their "row N"
        # pointers are physical lines, which a changed multi-line cell moves).
        k, n = map(int, hint.split()[1].split("/"))
        if n != len(baseline) or len(ok_before) != len(baseline):
            return
        assert len(items) == len(baseline), (mutation.where, [failure_text(i) for i in items if i.report.status == FAILED])
        for j, (before, after_item) in enumerate(zip(baseline, items)):
            if j != k:
                assert after_item.report.status != FAILED, (
                    f"record {before.result.pointer} no longer converts after a mutation at {mutation.where}: "
                    + failure_text(after_item))
        return
    hit = [p for p in ok_before if hint == p or hint.startswith(p + "/")]
    if not hit:
        return  # the mutation lies outside every record (a wrapper): a file-level error may be right
    after = {i.result.pointer: i for i in items}
    for pointer in ok_before:
        if pointer in hit:
            continue
        assert pointer in after and after[pointer].report.status != FAILED, (
            f"record {pointer} no longer converts after a mutation at {mutation.where}: "
            + (failure_text(after[pointer]) if pointer in after else "missing"))


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> dict[str, Path]:
    from harmonise.engine import convert

    out = tmp_path_factory.mktemp("generated")
    convert([str(EXAMPLES / "hdruk-2.0" / "regional-stroke-audit.json")], ["csv"], out)
    made = {"harmonise-csv": out / "csv" / "datasets.csv"}
    record = json.loads((CORPUS / "hdruk" / "242c84be-a866-ac0c-0000-000000001bbe.json").read_text(encoding="utf-8"))
    bulk = []
    for n in range(3):
        item = copy.deepcopy(record)
        item["identifier"] = f"{record['identifier']}-{n}"
        bulk.append(item)
    made["hdruk-2.1-list"] = out / "hdruk-2.1-list.json"
    made["hdruk-2.1-list"].write_text(json.dumps(bulk), encoding="utf-8")
    record = json.loads((EXAMPLES / "datacite" / "api-response.json").read_text(encoding="utf-8"))["data"]
    bulk = []
    for n in range(3):
        item = copy.deepcopy(record)
        item["id"] = item["attributes"]["doi"] = f"10.1234/example-{n}"
        bulk.append(item)
    made["datacite-list"] = out / "datacite-list.json"
    made["datacite-list"].write_text(json.dumps({"data": bulk}), encoding="utf-8")
    return made


def mutate_text(kind: str, source: Path, draw: Any) -> Mutation:
    """A mutated copy of the file's text, with hypothesis choosing where and how."""
    if kind in ("json", "yaml", "jsonl"):
        if kind == "json":
            data = json.loads(source.read_text(encoding="utf-8-sig"))
        elif kind == "jsonl":
            data = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        else:
            import yaml

            data = yaml.safe_load(source.read_text(encoding="utf-8"))
        index = draw(st.integers(0, 10**6))
        replacement = draw(st.sampled_from(REPLACEMENTS))
        mutated, pointer = json_mutation(data, index, replacement)
        if kind == "json":
            text = json.dumps(mutated, ensure_ascii=False)
        elif kind == "jsonl":
            text = "\n".join(json.dumps(r, ensure_ascii=False) for r in mutated) + "\n"
            # the jsonl reader points at lines: line N holds item N-1
            first = pointer.split("/")[1]
            return Mutation(pointer, text, f"line {int(first) + 1}" + pointer[len(first) + 1:])
        else:
            import yaml

            text = yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False)
        return Mutation(pointer, text, pointer)
    if kind == "csv":
        rows, dialect = read_rows(source)
        mutation = csv_mutation(rows, dialect, draw(st.sampled_from(CSV_ACTIONS)),
                                draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6)))
        mutation.encoding = file_encoding(source)
        return mutation
    if kind == "xml":
        action = draw(st.sampled_from(("drop_text", "unknown_attribute", "blank_attribute", "long_text", "drop_element")))
        return xml_mutation(source.read_text(encoding="utf-8"), action, draw(st.integers(0, 10**6)))
    if kind == "ttl":
        action = draw(st.sampled_from(("stray_quote", "garble_literal", "empty_literal")))
        return ttl_mutation(source.read_text(encoding="utf-8"), action, draw(st.integers(0, 10**6)))
    raise AssertionError(kind)


def case_id(case: tuple[str, str, str]) -> str:
    return f"{case[0]}:{Path(case[1].split(':')[-1]).name}"


def test_every_reader_is_swept():
    swept = {reader for reader, _spec, _kind in CASES}
    assert set(registry().readers) <= swept, sorted(set(registry().readers) - swept)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_bad_input_gives_located_errors(case, tmp_path_factory, generated):
    reader, spec, kind = case
    if spec.startswith("generated:"):
        original = generated[spec.split(":", 1)[1]]
        source = original
    else:
        original = resolve(spec, tmp_path_factory.getbasetemp())
        source = original
    assert source.exists(), source
    work = tmp_path_factory.mktemp(reader.replace(".", "_"))
    if spec == "generated:harmonise-csv":
        import shutil

        for table in original.parent.glob("*.csv"):
            shutil.copy(table, work / table.name)
    target = work / original.name
    if kind == "csv":  # the unmutated, shortened copy is the baseline
        rows, dialect = read_rows(source)
        target.write_text(write_rows(rows, dialect), encoding=file_encoding(source))
        source = target
        baseline = run(target, reader)
    else:
        baseline = run(source, reader)
    assert any(i.report.status != FAILED for i in baseline), [failure_text(i) for i in baseline]
    original_bytes = source.read_bytes() if kind == "csv" else None

    @settings(max_examples=EXAMPLES_PER_READER, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def sweep(data):
        if original_bytes is not None:
            target.write_bytes(original_bytes)
        mutation = mutate_text(kind, source if kind != "csv" else target, data.draw)
        target.write_text(mutation.text, encoding=mutation.encoding, errors="replace")
        items = run(target, reader)
        check(items, target, baseline, mutation)

    sweep()


# --------------------------------------------------------------------------- the CLI
CLI_CASES = [
    # (reader's file, pointer to replace, replacement): the DataCite titles hook once crashed here
    ("corpus/datacite/bolognese_datacite.json", "/titles/0", ["a", "list"]),
    ("corpus/datacite/bolognese_datacite.json", "/titles/0", 42),
    ("examples/ckan/package_search-health.json", "/result/results/0/resources", 7),
    ("corpus/csvw/cured_civil_registration_deaths.json", "/tables", True),
    ("corpus/mauro_datamodel/export_cancer_audits.3.2.json", "/dataModel", []),
]


@pytest.mark.parametrize("spec,pointer,replacement", CLI_CASES, ids=[f"{Path(c[0]).name}{c[1]}" for c in CLI_CASES])
def test_cli_on_mutated_files_exits_1_or_2(spec, pointer, replacement, tmp_path):
    source = resolve(spec, tmp_path)
    data = json.loads(source.read_text(encoding="utf-8-sig"))
    _set(data, pointer, replacement)
    bad = tmp_path / source.name
    bad.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "harmonise", "convert", str(bad), "--to", "jsonl",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT,
                          env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"})
    assert done.returncode in (1, 2), (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout, done.stderr
    assert bad.name in done.stdout + done.stderr


def test_cli_on_broken_turtle_exits_2(tmp_path):
    source = CORPUS / "dcat/examples/health-ri/example-catalog.ttl"
    bad = tmp_path / source.name
    bad.write_text(source.read_text(encoding="utf-8").replace("dcat:Catalog ;", 'dcat:Catalog " ;', 1), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "harmonise", "convert", str(bad), "--to", "jsonl",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT,
                          env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert re.search(r"example-catalog\.ttl.*line \d+", done.stdout + done.stderr), done.stderr


def test_cli_ill_typed_rdf_literal_logs_no_traceback(tmp_path):
    """rdflib logs "not a date"^^xsd:dateTime with a traceback; the dcat reader keeps it quiet and reports the value."""
    source = CORPUS / "dcat/examples/health-ri/example-catalog.ttl"
    text = source.read_text(encoding="utf-8")
    assert '"1992-01-06T00:00:00Z"^^xsd:dateTime' in text
    bad = tmp_path / source.name
    bad.write_text(text.replace('"1992-01-06T00:00:00Z"^^xsd:dateTime', '"not a date"^^xsd:dateTime'), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "harmonise", "convert", str(bad), "--to", "jsonl",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT,
                          env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert "2 records: 1 ok, 1 with warnings, 0 failed" in done.stdout + done.stderr


# --------------------------------------------------------------------------- regressions
def _two_datacite_records(tmp_path: Path, titles: Any) -> Path:
    record = json.loads((EXAMPLES / "datacite" / "api-response.json").read_text(encoding="utf-8"))["data"]
    other = copy.deepcopy(record)
    other["id"] = other["attributes"]["doi"] = "10.1234/other"
    record["attributes"]["titles"] = titles
    path = tmp_path / "datacite-two.json"
    path.write_text(json.dumps({"data": [record, other]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("titles", [[42], [["a", "list"]], 42.5, [None]])
def test_datacite_title_of_the_wrong_kind_fails_its_record_only(titles, tmp_path):
    """The titles hook once raised AttributeError on a list or number, losing the whole file."""
    path = _two_datacite_records(tmp_path, titles)
    first, second = run(path, "datacite")
    assert first.report.status == FAILED
    assert first.report.messages == [f"{path}:/data/0/attributes/titles: required value missing: "
                                     "the record has no title (the model requires one)"]
    assert second.report.status != FAILED
    assert second.record["title"] == "Childhood Asthma Admissions (example)"


def test_datacite_title_of_the_wrong_kind_is_kept_as_rejected(tmp_path):
    path = _two_datacite_records(tmp_path, [{"title": "Asthma admissions"}, 7])
    first, second = run(path, "datacite")
    assert first.record["title"] == "Asthma admissions"
    kept = [e for e in first.record["extensions"] if e["source_pointer"] == "/titles/1"]  # relative to the record
    assert [(e["value"], e["reason"]) for e in kept] == [("7", "rejected")]
    account = first.report.account
    assert len(account.mapped) + len(account.normalised) + len(account.unmapped) == account.source_values
    assert second.record["title"] == "Childhood Asthma Admissions (example)"


def test_datacite_plain_string_titles_is_read(tmp_path):
    path = _two_datacite_records(tmp_path, "Asthma admissions, one string")
    first, _second = run(path, "datacite")
    assert first.record["title"] == "Asthma admissions, one string"


#: (reader, file, pointer, replacement, the extension kept for it): a number or boolean where
#: the format wants text is rejected at its pointer and the record still converts, warned.
#: (Before, the value reached the model and failed the record with only a model path.)
WRONG_TYPE_CASES = [
    ("datacite", "corpus/datacite/bolognese_datacite.json", "/subjects/0/subject", 7, "/subjects/0/subject"),
    ("datacite", "corpus/datacite/bolognese_datacite.json", "/publisher", True, "/publisher"),
    ("ckan", "corpus/ckan/datagovuk_package_show_bgs_seabed.json", "/result/maintainer", 12.5, "/maintainer"),
    ("cddo", "corpus/ukgov_cddo/Dataset-os-postcodes-datset.yaml", "/contactPoint/contactName", 7,
     "/contactPoint/contactName"),
    ("datapackage", "corpus/datapackage/datasets_covid-19_datapackage.json", "/resources/0/schema/fields/0/type",
     ["x", 7], "/resources/0/schema/fields/0/type/1"),
    ("schemaorg", "corpus/schemaorg/bolognese_schema_org_topmed.json", "/keywords", True, "/keywords"),
]


@pytest.mark.parametrize("reader,spec,pointer,replacement,kept", WRONG_TYPE_CASES,
                         ids=[f"{c[0]}{c[2]}" for c in WRONG_TYPE_CASES])
def test_wrong_json_type_is_rejected_not_fatal(reader, spec, pointer, replacement, kept, tmp_path):
    source = resolve(spec, tmp_path)
    if source.suffix == ".yaml":
        import yaml

        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        bad = tmp_path / source.name
        bad.write_text(yaml.safe_dump(_set(data, pointer, replacement), sort_keys=False), encoding="utf-8")
    else:
        data = json.loads(source.read_text(encoding="utf-8-sig"))
        bad = tmp_path / source.name
        bad.write_text(json.dumps(_set(data, pointer, replacement)), encoding="utf-8")
    (item,) = run(bad, reader)
    assert item.report.status == "warning", item.report.messages
    extension = next(e for e in item.record["extensions"] if e["source_pointer"] == kept)
    assert extension["reason"] == "rejected"
    assert extension["value"] == json.dumps(replacement if not isinstance(replacement, list) else replacement[1])
    assert any(m.startswith(f"{kept}: value kept as an extension (rejected: ")
               for m in item.report.messages), item.report.messages


def _run_changed(tmp_path: Path, source: Path, data: Any, reader: str) -> tuple[Path, Any]:
    """(path, only report entry) of `data` written under the source's name and read by `reader`."""
    bad = tmp_path / source.name
    bad.write_text(json.dumps(data), encoding="utf-8")
    (item,) = run(bad, reader)
    return bad, item


def test_unnamed_column_fails_at_the_source_pointer(tmp_path):
    """An empty column/field name used to fail as "model value tables[0].variables[3].name"."""
    source = CORPUS / "csvw" / "cured_civil_registration_deaths.json"
    data = _set(json.loads(source.read_text(encoding="utf-8")), "/tables/0/tableSchema/columns/3/name", "")
    bad, item = _run_changed(tmp_path, source, data, "csvw")
    assert item.report.messages == [f"{bad}:/tables/0/tableSchema/columns/3/name: column 4 of table 1 has no name "
                                    "(CSVW and the model require one)"]
    # a single table written at the top level, with a variant spelling: the source's own pointer
    source = EXAMPLES / "csvw" / "a_and_e-attendances.csv-metadata.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    data.update(data.pop("tables")[0])
    data["tableschema"]["columns"][1]["name"] = ""
    bad, item = _run_changed(tmp_path, source, data, "csvw")
    assert item.report.messages == [f"{bad}:/tableschema/columns/1/name: column 2 of table 1 has no name "
                                    "(CSVW and the model require one)"]
    source = CORPUS / "datapackage" / "datasets_covid-19_datapackage.json"
    data = _set(json.loads(source.read_text(encoding="utf-8")), "/resources/1/schema/fields/2/name", "")
    bad, item = _run_changed(tmp_path, source, data, "datapackage")
    assert item.report.messages == [f"{bad}:/resources/1/schema/fields/2/name: field 3 of resource 2 has no name "
                                    "(Table Schema and the model require one)"]


def test_mauro_enumeration_value_without_key_fails_at_its_pointer(tmp_path):
    source = EXAMPLES / "mauro" / "falls-audit-standard.xml"
    text = source.read_text(encoding="utf-8")
    key = re.compile(r"<mdm:key>[^<]*</mdm:key>").search(text, text.find("enumerationValue>"))
    bad = tmp_path / source.name
    bad.write_text(text[: key.start()] + "<mdm:key></mdm:key>" + text[key.end():], encoding="utf-8")
    (item,) = run(bad, "mauro")
    assert item.report.messages == [f"{bad}:/dataModel/dataTypes/0/enumerationValues/0/key: "
                                    "an enumeration value without a key (the model needs its code)"]


def test_mdc_elements_error_on_a_later_row_is_located_once(tmp_path):
    """The record starts at row 2; an error on row 6 read "row 2row 6, column label" before."""
    rows, dialect = read_rows(CORPUS / "hdruk_mdc_datamodel" / "dataelements.csv")
    rows[5][rows[0].index("label")] = ""
    bad = tmp_path / "dataelements.csv"
    bad.write_text(write_rows(rows, dialect), encoding="utf-8")
    (item,) = run(bad, "hdruk-mdc-elements")
    assert item.report.messages == [f"{bad}:row 6, column label: required value missing (the data element's label)"]


@pytest.mark.parametrize("label", [[], {}, "", None])
def test_mauro_data_class_without_a_label_fails_at_its_pointer(label, tmp_path):
    """An empty list or object as a label used to pass the check and fail as "model value tables[0].name"."""
    source = CORPUS / "mauro_datamodel" / "export_cancer_audits.3.2.json"
    data = _set(json.loads(source.read_text(encoding="utf-8")), "/dataModel/childDataClasses/0/label", label)
    bad = tmp_path / source.name
    bad.write_text(json.dumps(data), encoding="utf-8")
    (item,) = run(bad, "mauro")
    assert item.report.messages == [f"{bad}:/dataModel/childDataClasses/0/label: a data class without a label"]
