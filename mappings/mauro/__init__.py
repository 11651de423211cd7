"""Mauro Data Mapper: DataModel exports (JSON 2.0-3.2, XML), as national clinical audits
(HQIP) and NHS data standards are published."""
from harmonise.mappings.mauro.datamodel import MauroReader

READERS = [MauroReader()]
WRITERS: list = []
