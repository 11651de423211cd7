"""Frictionless Data Package descriptors."""
from harmonise.mappings.datapackage.reader import DataPackageReader

READERS = [DataPackageReader()]
