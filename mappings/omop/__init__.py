"""OMOP Common Data Model: the OHDSI field-level and table-level specification CSVs.

NHS trusts increasingly hold research data in OMOP; the specification files describe the
CDM's tables, fields and foreign keys, and convert to one dataset that conforms to OMOP.
"""
from harmonise.mappings.omop.cdm import OmopCdmReader

READERS = [OmopCdmReader()]
WRITERS: list = []
