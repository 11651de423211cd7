"""schema.org / Bioschemas Dataset JSON-LD."""
from harmonise.mappings.schemaorg.reader import SchemaOrgReader
from harmonise.mappings.schemaorg.writer import SchemaOrgWriter

READERS = [SchemaOrgReader()]
WRITERS = [SchemaOrgWriter()]
