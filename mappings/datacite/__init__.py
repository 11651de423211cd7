"""DataCite Metadata Schema 4.x: DataCite JSON and DataCite XML."""
from harmonise.mappings.datacite.reader import DataCiteReader

READERS = [DataCiteReader()]
