"""Generic writers of the model itself (JSON, JSON Lines, CSV, RDF). Format-specific
writers (HDR UK, GWDM, schema.org) live with their readers in `harmonise.mappings`."""
