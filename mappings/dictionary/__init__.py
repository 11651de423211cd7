"""Reader `dictionary`: any member's spreadsheet data dictionary (CSV, TSV, XLSX), any header.

Column roles are inferred from the header (roles.yaml) or set in a `--dictionary-config`
YAML (config.py); see reader.py.
"""
from harmonise.mappings.dictionary.reader import DictionaryReader

READERS = [DictionaryReader()]
