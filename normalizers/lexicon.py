"""The word tables in normalizers/data/: one reader for all of them.

Each table is a TSV with a header line; `#` lines are comments. The rules that use a table live in
the module named in its comment (roles, endings, collectives, placeholders, …); this module only
reads them, once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of `normalizers/data/<name>.tsv`, each as {column: value}."""
    text = resources.files("normalizers").joinpath("data", f"{name}.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) != len(header):
            raise ValueError(f"normalizers/data/{name}.tsv: row {line!r} has {len(fields)} fields, not {len(header)}")
        rows.append(dict(zip(header, fields, strict=True)))
    return tuple(rows)


@cache
def column(name: str, field: str) -> tuple[str, ...]:
    """One column of a table, in order."""
    return tuple(row[field] for row in table(name))
