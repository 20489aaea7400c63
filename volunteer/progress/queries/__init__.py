"""Reads of the progress figures (docs/rules.md §4), aggregated in SQL; import the submodules."""
