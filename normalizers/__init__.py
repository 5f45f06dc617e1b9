"""Normalizers: give a parsed grid its meaning under CONTRACT.md.

Columns are found by their header words (`columns`), numbered rows become tasks (`tasks`),
responsibility cells are read into (unit, role) mentions (`cells`, with `roles`, `collectives` and
`words` for what a name is), collectives are listed from the gazetteer (`collectives`, `gazetteer`),
and every unit gets its kind, canonical and full name and stable id (`units`, `aliases`,
`declared`). The words themselves are data in `normalizers/data/`, read by `lexicon`.
`document.normalize` runs them over one parsed file and keeps what cannot be read for review.
"""
