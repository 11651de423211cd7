"""HDR UK Gateway shapes: HDR UK dataset schema JSON (v1, 2.0-2.2, 3.0, 4.0), GWDM 1.x/2.0,
GMI listings, bulk exports and the Gateway's flattened CSV export.

Readers map each shape into the model through a crosswalk in `crosswalks/`; writers map
the model back out to HDR UK 3.0 / 4.0 and GWDM 2.0; validators check files against the
official JSON Schemas the user points at.
"""
from harmonise.mappings.hdruk.json_records import (
    GmiListingReader,
    Gwdm1Reader,
    Gwdm20Reader,
    Hdruk20Reader,
    Hdruk21Reader,
    Hdruk22Reader,
    Hdruk30Reader,
    Hdruk40Reader,
    HdrukV1Reader,
)

READERS = [HdrukV1Reader(), Hdruk20Reader(), Hdruk21Reader(), Hdruk22Reader(), Hdruk30Reader(), Hdruk40Reader(),
           Gwdm1Reader(), Gwdm20Reader(), GmiListingReader()]
from harmonise.mappings.hdruk.writers import Gwdm20Writer, Hdruk30Writer, Hdruk40Writer

WRITERS = [Hdruk30Writer(), Hdruk40Writer(), Gwdm20Writer()]
