"""UK Biobank: the Data Showcase dictionary (`Data_Dictionary_Showcase.csv` + `Codings_Showcase.csv`)."""
