"""DDI Codebook 2.x XML."""
from harmonise.mappings.ddi.reader import DdiCodebookReader

READERS = [DdiCodebookReader()]
