"""Tools for the people who evolve the model: regenerate artefacts, check drift.

Everything here imports the LinkML generator package, which is slow to import and not
needed to convert anything; the CLI imports this package only inside the `model`
command group, never on the conversion path.
"""
