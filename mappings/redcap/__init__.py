"""REDCap: data dictionaries (CSV download, API JSON) and project XML (CDISC ODM 1.3.1).

Disease registries and trust research databases describe their data this way. Forms
become tables, fields variables, choices value sets; branching logic, calculations and
field annotations are kept as `redcap:*` annotations.
"""
from harmonise.mappings.redcap.dictionary import RedcapDictionaryReader

READERS = [RedcapDictionaryReader()]
WRITERS: list = []
