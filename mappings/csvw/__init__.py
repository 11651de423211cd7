"""CSV on the Web (CSVW) metadata."""
from harmonise.mappings.csvw.reader import CsvwReader

READERS = [CsvwReader()]
