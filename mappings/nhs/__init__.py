"""NHS Digital / NHS England native dataset descriptions: HES Technical Output Specification
(`hes_tos`), NHS Data Model and Dictionary data set specifications (`data_dictionary`) and
the NCDR reference library catalogue (`ncdr`). One module per reader."""
