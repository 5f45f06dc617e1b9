"""The alias table: variant unit names and the canonical name each stands for."""

from __future__ import annotations

from functools import cache
from importlib import resources

ALIASES_FILE = "aliases.tsv"


@cache
def alias_table() -> dict[str, str]:
    """alias → canonical, read from `normalizers/data/aliases.tsv`."""
    text = resources.files("normalizers").joinpath("data", ALIASES_FILE).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line == "alias\tcanonical":
            continue
        alias, canonical = line.split("\t")
        table[alias.strip()] = canonical.strip()
    return table


def aliases_of(canonical_body: str) -> tuple[str, ...]:
    """Every alias that resolves to `canonical_body`, sorted."""
    return tuple(sorted(alias for alias, target in alias_table().items() if target == canonical_body))
