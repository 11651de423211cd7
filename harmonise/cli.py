"""The `harmonise` command line: a contract other tools rely on.

Exit codes: 0 every record converted (warnings allowed); 1 some records failed (the others
were still written); 2 a usage or input-level error. Errors are one located line on
stderr, never a traceback. Heavy modules are imported inside commands so `--help` is fast.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from harmonise import MODEL_VERSION, __version__
from harmonise.errors import HarmoniseError, UsageError

EXIT_OK, EXIT_RECORDS_FAILED, EXIT_USAGE = 0, 1, 2


def _fail(exc: HarmoniseError) -> NoReturn:
    click.echo(f"harmonise: error: {exc.located()}", err=True)
    sys.exit(exc.exit_code if exc.exit_code in (1, 2) else EXIT_USAGE)


def _dump_json(data: Any) -> None:
    import orjson

    click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())


def _split_names(value: str) -> list[str]:
    return [n.strip() for n in value.split(",") if n.strip()]


class HarmoniseGroup(click.Group):
    """Turns user mistakes raised anywhere inside a command into one-line errors."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HarmoniseError as exc:
            _fail(exc)


@click.group(cls=HarmoniseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message=f"harmonise {__version__} (model {MODEL_VERSION})")
def main() -> None:
    """Convert health-data dataset descriptions into one shared metadata model.

    \b
    Typical use:
      harmonise formats                                  # what can be read and written
      harmonise detect my-records/                       # which reader each file needs
      harmonise convert my-records/ --to json,jsonl --out out/ --report out/report.json
      harmonise explain record.json                      # where every source value went
      harmonise validate out/ --against harmonise        # check harmonised records

    Exit codes: 0 all records converted; 1 some records failed (the rest were written);
    2 usage or input error.
    """


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def formats(as_json: bool) -> None:
    """List the readers (input formats) and writers (output formats)."""
    from harmonise.registry import registry

    reg = registry()
    readers = [r.describe() for r in sorted(reg.readers.values(), key=lambda r: r.name)]
    writers = [w.describe() for w in sorted(reg.writers.values(), key=lambda w: w.name)]
    if as_json:
        _dump_json({"readers": readers, "writers": writers, "problems": reg.problems})
        return
    click.echo("Readers (--from):")
    for r in readers:
        versions = f" [{', '.join(r['format_versions'])}]" if r["format_versions"] else ""
        click.echo(f"  {r['name']:<22} {r['title']}{versions}")
    click.echo("Writers (--to):")
    for w in writers:
        click.echo(f"  {w['name']:<22} {w['title']}")
    click.echo("RDF in one file: `convert --to ttl|nt --rdf-layout single` writes harmonised.ttl/.nt for the whole "
               "run (for triple stores, harvesters, large runs).")
    for problem in reg.problems:
        click.echo(f"warning: {problem}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--all", "show_all", is_flag=True, help="Show every reader's claim, not only the best.")
@click.option("--dictionary-config", "dictionary_config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Column roles (YAML) for the generic `dictionary` reader; shows the roles it would use.")
def detect(paths: tuple[str, ...], as_json: bool, show_all: bool, dictionary_config: Path | None = None) -> None:
    """Say which reader each file needs, which clue decided, and how sure it is."""
    from harmonise.detection import candidates
    from harmonise.registry import registry
    from harmonise.sources import expand

    reg = registry()
    rows: list[dict[str, Any]] = []
    failed = False
    for source in expand(paths):
        try:
            if not source.path.exists():
                raise HarmoniseError("no such file or folder", file=source.name)
            found = candidates(source, reg)
        except HarmoniseError as exc:
            rows.append({"file": source.name, "reader": None, "error": exc.located()})
            failed = True
            continue
        if not found:
            rows.append({"file": source.name, "reader": None, "confidence": 0.0,
                         "clue": "no reader recognises this file"})
            failed = True
            continue
        best = found[0]
        row = {"file": source.name, "reader": best.reader, "confidence": round(best.confidence, 2),
               "clue": best.clue}
        if best.version:
            row["version"] = best.version
        if dictionary_config is not None and best.reader == "dictionary":
            try:
                row["clue"] = reg.reader("dictionary").describe_roles(source, {"dictionary_config": dictionary_config})
            except HarmoniseError as exc:
                row = {"file": source.name, "reader": None, "error": exc.located()}
                failed = True
        if show_all:
            row["candidates"] = [{"reader": d.reader, "confidence": round(d.confidence, 2), "clue": d.clue}
                                 for d in found]
        rows.append(row)
    if as_json:
        _dump_json(rows)
    else:
        for row in rows:
            if row.get("reader"):
                click.echo(f"{row['file']}: {row['reader']} ({row['confidence']:.2f}; {row['clue']})")
                for c in row.get("candidates", [])[1:]:
                    click.echo(f"    also {c['reader']} ({c['confidence']:.2f}; {c['clue']})")
            else:
                click.echo(f"{row['file']}: {row.get('error') or row.get('clue')}", err=not as_json)
    sys.exit(EXIT_RECORDS_FAILED if failed else EXIT_OK)


def _rdf_extra(profile: str, release: str | None, defaults: tuple[str, ...]) -> dict[str, Any]:
    """WriteOptions.extra for the RDF writers from --profile, --release and --rdf-default KEY=VALUE."""
    extra: dict[str, Any] = {"profile": profile}
    if release:
        extra["release"] = release
    known = ("access_level", "hdab_name", "hdab_email", "health_category", "applicable_legislation")
    for item in defaults:
        key, sep, value = item.partition("=")
        if not sep or key not in known:
            raise HarmoniseError(f"--rdf-default expects KEY=VALUE with KEY one of {', '.join(known)}; got {item!r}")
        extra[key] = [v.strip() for v in value.split(",") if v.strip()] if key == "applicable_legislation" else value
    return extra


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--from", "from_name", metavar="NAME", help="Reader to use for every file (default: detect per file).")
@click.option("--to", "to_names", metavar="NAME[,NAME...]", default="json", show_default=True,
              help="Writers, comma-separated (see `harmonise formats`).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (created if missing).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the run report (summary, one entry per record, accounting) as JSON.")
@click.option("--strict", is_flag=True, help="Fail records that need a writer default instead of defaulting.")
@click.option("--base", "base_iri", default="https://w3id.org/harmonise/dataset/", show_default=True,
              help="Base IRI for the nodes of RDF outputs.")
@click.option("--profile", "rdf_profile", default="healthdcat-ap", show_default=True, metavar="NAME",
              help="RDF profile of the ttl/nt/jsonld/rdfxml writers: healthdcat-ap, dcat-ap or harmonise.")
@click.option("--release", "rdf_release", default=None, metavar="NAME",
              help="Release of the profile (healthdcat-ap: r8; dcat-ap: 3.0.1). Default: the latest supported.")
@click.option("--rdf-default", "rdf_defaults", multiple=True, metavar="KEY=VALUE",
              help="Override a documented RDF default: access_level, hdab_name, hdab_email, health_category, "
                   "applicable_legislation (comma-separated IRIs).")
@click.option("--rdf-layout", "rdf_layout", type=click.Choice(["records", "single"]), default="records",
              show_default=True,
              help="ttl/nt: a file per record, or `single`: one harmonised.ttl/.nt for the run (for triple-store "
                   "bulk loads, DCAT harvesters and large runs).")
@click.option("--overlay", "overlays", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML of dataset-level values (publisher, contact, access…) merged into every record.")
@click.option("--dictionary-config", "dictionary_config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML naming the column roles of a spreadsheet data dictionary (reader `dictionary`).")
@click.option("--quiet", "-q", is_flag=True, help="No summary line on stderr.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per core). Output is identical to --jobs 1.")
def convert(paths: tuple[str, ...], from_name: str | None, to_names: str, out_dir: Path, report_path: Path | None,
            strict: bool, base_iri: str, overlays: tuple[Path, ...], quiet: bool, jobs: int,
            dictionary_config: Path | None = None, rdf_profile: str = "healthdcat-ap",
            rdf_release: str | None = None, rdf_defaults: tuple[str, ...] = (), rdf_layout: str = "records") -> None:
    """Convert files and folders into the model and write them with each writer named.

    \b
    Examples:
      harmonise convert examples/ --to json --out out/
      harmonise convert record.json --from hdruk-3.0 --to json,jsonl --out out/ --report out/report.json
    """
    import orjson

    from harmonise.engine import ConvertOptions, convert as run
    from harmonise.mapping import ReadOptions, WriteOptions
    from harmonise.registry import registry

    reg = registry()
    if from_name:
        reg.reader(from_name)
    writer_names = _split_names(to_names)
    if not writer_names:
        raise HarmoniseError("--to needs at least one writer name")
    for name in writer_names:
        layouts = getattr(reg.writer(name), "rdf_layouts", None)
        if layouts is not None and rdf_layout not in layouts:  # refused before anything is converted
            raise UsageError(f"--rdf-layout {rdf_layout} is not available for --to {name} (one document "
                             "per record only); --to ttl or nt write one file for the run")
    extra = _rdf_extra(rdf_profile, rdf_release, rdf_defaults)
    extra["rdf_layout"] = rdf_layout
    options = ConvertOptions(
        reader=from_name,
        read=ReadOptions(overlays=overlays,
                         extra={"dictionary_config": dictionary_config} if dictionary_config else {}),
        write=WriteOptions(strict=strict, base_iri=base_iri, extra=extra),
    )
    from harmonise.progress import progress_bar
    from harmonise.report import RunReport, SpooledRecords

    if jobs == 0:
        jobs = os.cpu_count() or 1
    report = RunReport(records=SpooledRecords())  # entries beyond the first few thousand wait on disk
    with progress_bar(enabled=not quiet) as progress:
        report, file_errors = run(paths, writer_names, out_dir, options, progress=progress, reg=reg, jobs=jobs,
                                  report=report)
    if report_path is not None:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report.write_json(report_path)
    for entry in report.failures():
        for message in entry.messages:
            click.echo(f"harmonise: error: {message}", err=True)
    summary = report.summary()
    if not quiet:
        click.echo(
            f"{summary['records']} records: {summary['ok']} ok, {summary['warnings']} with warnings, "
            f"{summary['failed']} failed; output in {out_dir}", err=True)
    if file_errors:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_RECORDS_FAILED if report.failed else EXIT_OK)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--from", "from_name", metavar="NAME", help="Reader to use (default: detect).")
@click.option("--record", "record_index", type=int, default=0, show_default=True,
              help="Which record of a file holding many (0-based).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def explain(path: str, from_name: str | None, record_index: int, as_json: bool) -> None:
    """Show where every value of one source record went: mapped, normalised, defaulted or unmapped."""
    from harmonise.engine import ConvertOptions, iter_converted

    chosen = None
    errors: list[HarmoniseError] = []
    for index, item in enumerate(iter_converted([path], ConvertOptions(reader=from_name), file_errors=errors)):
        if index == record_index:
            chosen = item
            break
    if errors:
        raise errors[0]
    if chosen is None:
        raise HarmoniseError(f"the file has no record number {record_index}", file=path)
    entry = chosen.report.to_dict(detail=True)
    if as_json:
        _dump_json(entry)
    else:
        click.echo(f"{entry['source']}  id={entry['id']}  status={entry['status']}  reader={entry.get('reader')}")
        for message in entry["messages"]:
            click.echo(f"  ! {message}")
        counts = entry.get("accounting", {})
        click.echo("  " + ", ".join(f"{k}={v}" for k, v in counts.items()))
        for event in entry.get("events", []):
            kind = event["kind"]
            if kind == "mapped":
                click.echo(f"  mapped      {event['source']} -> {event['target']}")
            elif kind == "normalised":
                click.echo(f"  normalised  {event['source']} -> {event['target']}: {event['old']!r} -> "
                           f"{event['new']!r} [{event['rule']}]")
            elif kind == "defaulted":
                click.echo(f"  defaulted   {event['target']} = {event['value']!r} ({event['why']})")
            else:
                click.echo(f"  unmapped    {event['source']} = {event['value']!r} ({event['why']})")
    sys.exit(EXIT_RECORDS_FAILED if chosen.report.status == "failed" else EXIT_OK)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--against", default="harmonise", show_default=True, metavar="NAME",
              help="What to validate against (targets listed above).")
@click.option("--schema", "schema_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An official JSON Schema file to validate against (HDR UK targets).")
@click.option("--shapes", "shapes_dir", type=click.Path(exists=True, path_type=Path),
              help="A folder (or file) of official SHACL shapes (DCAT-AP / HealthDCAT-AP targets).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def validate(paths: tuple[str, ...], against: str, schema_file: Path | None, shapes_dir: Path | None,
             as_json: bool) -> None:
    """Validate files against the model or an official standard.

    \b
    Targets (--against):
      harmonise          model JSON / JSON Lines (json, jsonl writer output); the default
      hdruk-3.0, hdruk-4.0, gwdm-2.0
                         HDR UK JSON against the official JSON Schema given with --schema
      healthdcat-ap-r8, dcat-ap-3.0.1
                         RDF against the official SHACL shapes given with --shapes

    \b
    Examples:
      harmonise validate out/
      harmonise validate out/*.hdruk-3.0.json --against hdruk-3.0 --schema HDRUK-3.0.0.schema.json
      harmonise validate out/*.ttl --against healthdcat-ap-r8 --shapes shacl/

    Exit code 0 when every file is valid, 1 when some are not, 2 on a usage error.
    """
    from harmonise.validation import ValidateOptions, validators

    table = validators()
    if against not in table:
        raise HarmoniseError(f"unknown validation target {against!r}; known: {', '.join(sorted(table))}")
    results = table[against].validate(paths, ValidateOptions(schema=schema_file, shapes=shapes_dir))
    if as_json:
        _dump_json([r.to_dict() for r in results])
    else:
        for r in results:
            click.echo(f"{r.file}: {'valid' if r.valid else 'INVALID'}" + (f" ({len(r.problems)} problems)" if r.problems else ""))
            for problem in r.problems[:50]:
                click.echo(f"  {problem}")
    sys.exit(EXIT_OK if all(r.valid for r in results) else EXIT_RECORDS_FAILED)


@main.group(cls=HarmoniseGroup)
def model() -> None:
    """Tools for working groups evolving the model (need the `model` extra: LinkML)."""


@model.command("generate")
@click.option("--check", is_flag=True, help="Only report drift between the committed files and the schema.")
def model_generate(check: bool) -> None:
    """Regenerate pydantic classes, JSON Schema, SHACL, JSON-LD context and docs from model/."""
    try:
        from harmonise.modeltools import generate
    except ImportError as exc:  # linkml not installed
        raise HarmoniseError(f"needs the LinkML generators: pip install 'harmonise[model]' ({exc})") from None
    if check:
        problems = generate.drift()
        for problem in problems:
            click.echo(problem)
        if problems:
            click.echo(f"{len(problems)} generated files differ from the schema; run `harmonise model generate`", err=True)
            sys.exit(EXIT_RECORDS_FAILED)
        click.echo("generated files match the schema")
        return
    for path in generate.write_all():
        click.echo(str(path))


@main.command("new-module")
@click.argument("name")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to create (default: ./harmonise-NAME).")
@click.option("--force", is_flag=True, help="Write into an existing non-empty folder.")
def new_module(name: str, out_dir: Path | None, force: bool) -> None:
    """Scaffold a mapping module as its own installable package.

    \b
    The package has a pyproject.toml registering the module under the `harmonise.mappings`
    entry-point group, the module (crosswalk YAML + reader), an example input and a test:
      harmonise new-module registry-x
      pip install -e harmonise-registry-x
      harmonise formats                      # lists registry-x
      harmonise convert harmonise-registry-x/examples/ --from registry-x --out out/
    """
    from harmonise.scaffold import create

    package = create(name, out_dir, force=force)
    for path in package.files:
        click.echo(str(path))
    click.echo(f"next: pip install -e {package.root} && harmonise convert {package.example} "
               f"--from {package.reader} --to json --out out/", err=True)


if __name__ == "__main__":
    main()
