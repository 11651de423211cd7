"""SHACL validation against the official HealthDCAT-AP R8 and DCAT-AP 3.0.1 shapes (pySHACL).

Three load-time fixes make the official files work in pySHACL (reference dcat.md §6.1):
1. the R8 `sh:property` without `sh:path` (hasStructuredData => hasVariables `sh:or`) is
   hoisted to its node shape;
2. the DCAT-AP 3.0.1 base shapes are loaded with the health shapes (pySHACL does not follow
   owl:imports);
3. the R8 shapes are chosen per record from its dct:accessRights (PUBLIC, RESTRICTED,
   NON_PUBLIC). Vocabulary IRIs are typed in the data by the writers (skos:Concept etc.).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from harmonise.errors import UsageError
from harmonise.validation import ValidateOptions, ValidationResult, Validator

LEVELS = {"PUBLIC": "public", "RESTRICTED": "restricted", "NON_PUBLIC": "non-public"}
ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/"


@dataclass
class ShapeFiles:
    dcat_ap: list[Path] = field(default_factory=list)
    health: dict[str, list[Path]] = field(default_factory=dict)   # level -> files


def find_shapes(root: Path) -> ShapeFiles:
    """The official shape files under `root` (the corpus `shacl/` folder or either release folder)."""
    root = Path(root)
    if root.is_file():
        return ShapeFiles(dcat_ap=[root], health={lvl: [root] for lvl in LEVELS.values()})
    candidates = [root, root.parent]
    found = ShapeFiles()
    for base in candidates:
        for shapes in sorted(base.rglob("shapes.ttl")):
            folder = shapes.parent
            if (folder / "range.ttl").exists() and not found.dcat_ap:
                found.dcat_ap = [shapes, folder / "range.ttl"]
        for level in LEVELS.values():
            if level in found.health:
                continue
            for level_file in sorted(base.rglob(f"{level}-shapes.ttl")):
                release = level_file.parent.parent
                files = [level_file]
                files += sorted(release.rglob("range.ttl"))
                files += sorted(release.rglob("mdr-vocabularies.shape.ttl"))
                files += sorted(release.rglob(f"{level}-shapes_recommended.ttl"))
                found.health[level] = files
                break
        if found.dcat_ap and len(found.health) == len(LEVELS):
            break
    return found


def hoist_pathless(graph: Any) -> Any:
    """Move `sh:or` of path-less property shapes to the owning node shape (pySHACL rejects them)."""
    from rdflib.namespace import SH

    for owner, prop in list(graph.subject_objects(SH.property)):
        if graph.value(prop, SH.path) is None:
            graph.remove((owner, SH.property, prop))
            for p, o in list(graph.predicate_objects(prop)):
                if p in (SH["or"], SH["and"], SH["xone"], SH["not"]):
                    graph.add((owner, p, o))
    return graph


@functools.lru_cache(maxsize=8)
def shapes_graph(files: tuple[Path, ...]) -> Any:
    from rdflib import Graph

    graph = Graph()
    for path in files:
        text = path.read_text(encoding="utf-8")
        # SEMICeu/DCAT-AP#199: some shape files declare dcatap: without its trailing slash
        text = text.replace("<http://data.europa.eu/r5r>", "<http://data.europa.eu/r5r/>")
        graph.parse(data=text, format="turtle")
    return hoist_pathless(graph)


def access_level(data: Any) -> str:
    from rdflib import URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF

    for ds in data.subjects(RDF.type, DCAT.Dataset):
        value = data.value(ds, DCTERMS.accessRights)
        if isinstance(value, URIRef) and str(value).startswith(ACCESS_RIGHT):
            return str(value)[len(ACCESS_RIGHT):]
    return "PUBLIC"


@dataclass
class Outcome:
    conforms: bool
    level: str
    violations: list[str]
    warnings: list[str]


#: Vocabularies the ITB validator preloads: IRI base -> concept scheme. `background` states
#: the membership of every IRI under these bases, in place of the (large) NAL RDF files.
BACKGROUND_SCHEMES = [
    "http://publications.europa.eu/resource/authority/" + name for name in (
        "access-right", "data-theme", "dataset-type", "file-type", "frequency", "language", "country",
        "continent", "place", "licence", "distribution-status", "planned-availability", "corporate-body")
] + [
    "https://hdeu-dcat.data.health.europa.eu/resource/authority/" + name for name in (
        "healthcategories", "health-theme", "coding-system", "standard", "publisher-type", "health-activity")
] + ["http://purl.org/adms/licencetype", "http://purl.org/adms/publishertype"]
#: ADMS concepts sit beside their scheme IRI, not under it
SCHEME_OF_BASE = {"http://purl.org/adms/licencetype": "http://purl.org/adms/licencetype/1.0",
                  "http://purl.org/adms/publishertype": "http://purl.org/adms/publishertype/1.0"}


def background(data: Any) -> Any:
    """A copy of `data` with NAL concepts typed and placed in their schemes (skos:Concept,
    skos:inScheme, skos:prefLabel; schemes as skos:ConceptScheme with a title)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF, SKOS

    graph = Graph()
    for triple in data:
        graph.add(triple)
    for term in set(data.objects()) | set(data.subjects()):
        if not isinstance(term, URIRef):
            continue
        text = str(term)
        for base in BACKGROUND_SCHEMES:
            if text.startswith(base + "/") and len(text) > len(base) + 1 and text != SCHEME_OF_BASE.get(base):
                scheme = URIRef(SCHEME_OF_BASE.get(base, base))
                graph.add((term, RDF.type, SKOS.Concept))
                graph.add((term, SKOS.inScheme, scheme))
                if graph.value(term, SKOS.prefLabel) is None:
                    graph.add((term, SKOS.prefLabel, Literal(text.rsplit("/", 1)[-1], lang="en")))
                graph.add((scheme, RDF.type, SKOS.ConceptScheme))
                if graph.value(scheme, DCTERMS.title) is None:
                    graph.add((scheme, DCTERMS.title, Literal(str(scheme).rstrip("/").rsplit("/", 1)[-1], lang="en")))
                break
    return graph


def validate_graph(data: Any, shapes: ShapeFiles, profile: str = "healthdcat-ap-r8",
                   with_background: bool = False) -> Outcome:
    """Violations and warnings of `data` against the profile's shapes. With `with_background`,
    vocabulary membership is inferred from NAL IRIs first (what the ITB's preloaded NALs give)."""
    import pyshacl
    from rdflib.namespace import SH

    if with_background:
        data = background(data)
    level = access_level(data)
    files = list(shapes.dcat_ap)
    if profile == "healthdcat-ap-r8":
        level_name = LEVELS.get(level, "public")
        if level_name not in shapes.health:
            raise UsageError(f"no HealthDCAT-AP R8 {level_name} shapes found under the --shapes folder")
        files += shapes.health[level_name]
    if not files:
        raise UsageError("no SHACL shape files found under the --shapes folder")
    sg = shapes_graph(tuple(files))
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=sg, advanced=True, allow_warnings=True,
                                                inference="none")
    violations, warnings = [], []
    for result in report.subjects(SH.resultSeverity, None):
        severity = report.value(result, SH.resultSeverity)
        line = (f"{report.value(result, SH.focusNode)} {report.value(result, SH.resultPath)}: "
                f"{report.value(result, SH.resultMessage)}")
        (violations if severity == SH.Violation else warnings).append(line)
    return Outcome(not violations, level, sorted(violations), sorted(warnings))


class ShaclValidator(Validator):
    name = "healthdcat-ap-r8"
    title = "HealthDCAT-AP Release 8 + DCAT-AP 3.0.1 SHACL shapes (pySHACL; --shapes DIR of the official files)"
    profile = "healthdcat-ap-r8"

    def validate(self, paths: Iterable[str], options: ValidateOptions) -> list[ValidationResult]:
        from harmonise.mappings.dcat.reader import parse_graph
        from harmonise.errors import HarmoniseError
        from harmonise.sources import expand

        if options.shapes is None:
            raise UsageError(f"--against {self.name} needs --shapes DIR (the official shape files, e.g. "
                             "the release's shacl folder)")
        shapes = find_shapes(options.shapes)
        results = []
        for source in expand(paths):
            try:
                graph = parse_graph(source)
                outcome = validate_graph(graph, shapes, self.profile, with_background=True)
                problems = [f"violation: {v}" for v in outcome.violations]
                results.append(ValidationResult(source.name, outcome.conforms, problems))
            except HarmoniseError as exc:
                results.append(ValidationResult(source.name, False, [exc.located()]))
        return results


class DcatApValidator(ShaclValidator):
    name = "dcat-ap-3.0.1"
    title = "DCAT-AP 3.0.1 SHACL shapes (pySHACL; --shapes DIR of the official files)"
    profile = "dcat-ap-3.0.1"
