"""Reader `dcat`: DCAT / DCAT-AP / HealthDCAT-AP / Health-RI / FDP records (Turtle, RDF/XML, JSON-LD)."""
from __future__ import annotations

from typing import Any

from harmonise.errors import InputError
from harmonise.sources import Source

FORMATS = {".ttl": "turtle", ".rdf": "xml", ".xml": "xml", ".owl": "xml", ".jsonld": "json-ld",
           ".nt": "nt", ".n3": "n3", ".trig": "trig"}


def parse_graph(source: Source) -> Any:
    from rdflib import Graph

    fmt = FORMATS.get(source.suffix)
    if fmt is None:
        raise InputError(f"not an RDF file suffix: {source.suffix!r}", file=source.name)
    graph = Graph()
    try:
        graph.parse(source.path, format=fmt)
    except Exception as exc:
        raise InputError(f"malformed {fmt}: {exc}", file=source.name) from None
    return graph
