"""HDR UK Gateway shapes: HDR UK dataset schema JSON (3.0, 4.0 …), GWDM, bulk exports.

Readers map each shape into the model through a crosswalk in `crosswalks/`; writers map
the model back out to the same shapes.
"""
from harmonise.mappings.hdruk.json_records import Hdruk30Reader, Hdruk40Reader

READERS = [Hdruk30Reader(), Hdruk40Reader()]
WRITERS: list = []
