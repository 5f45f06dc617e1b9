"""The build: raw attachments in, validated Parquet tables out.

Stages, each a plain function between the records of `pipeline.records`:
file bytes → `parsers` (grid of cells) → `normalizers` (tasks, assignments, units)
→ `pipeline.frames` (DataFrames) → `pipeline.validate` (expectations) → `pipeline.store`.
"""
