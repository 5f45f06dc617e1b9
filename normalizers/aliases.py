"""The alias table: variant unit names and the canonical name each stands for.

The built-in table is `normalizers/data/aliases.tsv`; analysts extend it without code by putting
rows of the same form in `raw/aliases.tsv`, which win over the built-in ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.errors import Code, Location, ParseError

ALIASES_FILE = "aliases.tsv"
_HEADER = "alias\tcanonical"


@cache
def builtin_aliases() -> Mapping[str, str]:
    """alias → canonical, from `normalizers/data/aliases.tsv`."""
    text = resources.files("normalizers").joinpath("data", ALIASES_FILE).read_text(encoding="utf-8")
    return read_aliases(text, f"normalizers/data/{ALIASES_FILE}")


def read_aliases(text: str, path: str) -> dict[str, str]:
    """Rows `alias<TAB>canonical`; blank lines, # comments and the header line are skipped."""
    table: dict[str, str] = {}
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#") or line.strip() == _HEADER:
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) != 2 or not all(fields) or fields[0] == fields[1]:
            raise ParseError(
                "an alias row is `alias<TAB>canonical`, two different names",
                Location(path, line=number, text=line),
                code=Code.MANIFEST,
            )
        table[fields[0]] = fields[1]
    return table


def aliases_with(extra_file: Path | None) -> Mapping[str, str]:
    """The built-in table, extended (and overridden) by an analyst's file if there is one."""
    if extra_file is None or not extra_file.is_file():
        return builtin_aliases()
    extra = read_aliases(extra_file.read_text(encoding="utf-8"), extra_file.name)
    return {**builtin_aliases(), **extra}


def resolve_alias(name: str, table: Mapping[str, str]) -> str:
    """Follow the table to the end: an analyst's row may point a built-in canonical name further
    (卫健局 → 卫生健康局 → 卫生健康委). A cycle stops where it would repeat."""
    seen = {name}
    while name in table and table[name] not in seen:
        name = table[name]
        seen.add(name)
    return name


def aliases_by_canonical(table: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """canonical → every alias that resolves to it, sorted: the table turned round once."""
    found: dict[str, list[str]] = {}
    for alias in table:
        canonical = resolve_alias(alias, table)
        if canonical != alias:
            found.setdefault(canonical, []).append(alias)
    return {canonical: tuple(sorted(aliases)) for canonical, aliases in found.items()}
