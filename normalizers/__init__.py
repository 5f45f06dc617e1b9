"""Normalizers: give a parsed grid its meaning under CONTRACT.md.

Columns are found by their header words (`columns`), numbered rows become tasks (`tasks`),
responsibility cells are read into (unit, role) mentions (`cells`), collectives are expanded
from the gazetteer (`collectives`, `gazetteer`), and every unit gets its canonical name, kind
and stable id (`units`, `aliases`). `document.normalize` runs them over one parsed file.
"""
