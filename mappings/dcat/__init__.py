"""DCAT, DCAT-AP 3.0.1 and HealthDCAT-AP R8: RDF writers (ttl, nt, jsonld, rdfxml), the
`dcat` reader and the `healthdcat-ap-r8` / `dcat-ap-3.0.1` SHACL validators.

Heavy libraries (rdflib, pyshacl, pyoxigraph) are imported only inside the functions that
use them, so the registry can import this package on every CLI call.
"""
from harmonise.mappings.dcat.writer import WRITERS_LIST

WRITERS = list(WRITERS_LIST)
from harmonise.mappings.dcat.reader import DcatReader
from harmonise.mappings.dcat.shacl import DcatApValidator, ShaclValidator

READERS = [DcatReader()]
VALIDATORS = [ShaclValidator(), DcatApValidator()]
