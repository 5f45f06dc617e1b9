"""The word tables in normalizers/data/ (and derived/data/): one reader for all of them.

Each table is a TSV with a header line; `#` lines are comments. The rules that use a table live in
the module named in its comment (roles, endings, collectives, placeholders, …); this module only
reads them, once.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def table(name: str, package: str = "normalizers") -> tuple[dict[str, str], ...]:
    """The rows of `<package>/data/<name>.tsv`, each as {column: value} (`derived` keeps its own)."""
    text = resources.files(package).joinpath("data", f"{name}.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) != len(header):
            raise ValueError(f"{package}/data/{name}.tsv: row {line!r} has {len(fields)} fields, not {len(header)}")
        rows.append(dict(zip(header, fields, strict=True)))
    return tuple(rows)


@cache
def column(name: str, field: str, package: str = "normalizers") -> tuple[str, ...]:
    """One column of a table, in order."""
    return tuple(row[field] for row in table(name, package))


class Suffixes:
    """A set of words looked up at the end of a name, longest first, in a few dictionary lookups
    rather than one `endswith` per word (the rules ask this of every name, thousands of times)."""

    def __init__(self, words: tuple[str, ...] | list[str]) -> None:
        self.words = frozenset(words)
        self.lengths = tuple(sorted({len(w) for w in self.words}, reverse=True))

    def longest(self, name: str, end: int | None = None) -> str | None:
        """The longest word that `name[:end]` ends with and is longer than, or None."""
        stop = len(name) if end is None else end
        for length in self.lengths:
            if length < stop and name[stop - length : stop] in self.words:
                return name[stop - length : stop]
        return None

    def ends(self, name: str, end: int | None = None) -> str | None:
        """The longest word that `name[:end]` ends with, the whole of it included."""
        stop = len(name) if end is None else end
        for length in self.lengths:
            if length <= stop and name[stop - length : stop] in self.words:
                return name[stop - length : stop]
        return None
