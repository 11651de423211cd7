"""schema.org / Bioschemas Dataset JSON-LD."""
from harmonise.mappings.schemaorg.reader import SchemaOrgReader

READERS = [SchemaOrgReader()]
