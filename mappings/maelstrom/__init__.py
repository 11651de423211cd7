"""Maelstrom Research / Opal data dictionaries (Variables + Categories), as cohort consortia
publish them to harmonise variables across studies."""
from harmonise.mappings.maelstrom.dataschema import MaelstromReader

READERS = [MaelstromReader()]
WRITERS: list = []
