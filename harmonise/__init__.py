"""harmonise: dataset descriptions from many health-data formats into one LinkML model.

Kept import-light on purpose: `harmonise --help` must start fast, so nothing heavy
(pydantic model, rdflib, linkml) is imported here.
"""
__version__ = "0.1.0"
#: Version of the LinkML model (model/harmonise.yaml); checked by a test against the schema.
MODEL_VERSION = "0.1.0"
