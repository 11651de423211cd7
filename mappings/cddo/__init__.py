"""UK cross-government metadata exchange model (CDDO) YAML records."""
from harmonise.mappings.cddo.reader import CddoReader

READERS = [CddoReader()]
