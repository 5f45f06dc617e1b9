"""raw/units.tsv: names an analyst declares as units, with their kind (`name<TAB>kind`).

The way out of a review row that the reader could not take for a name (CONTRACT.md, Input): a
declared name is a unit whatever the word rules say.
"""

from __future__ import annotations

from pathlib import Path

from normalizers.text import fold_cell
from pipeline.errors import Code, Location, ParseError
from pipeline.records import UnitKind

_HEADER = "name\tkind"


def read_declared(text: str, path: str) -> dict[str, UnitKind]:
    """Rows `name<TAB>kind`; blank lines, # comments and the header line are skipped."""
    table: dict[str, UnitKind] = {}
    kinds = ", ".join(k.value for k in UnitKind)
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#") or line.strip() == _HEADER:
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) != 2 or not fields[0] or fields[1] not in {k.value for k in UnitKind}:
            raise ParseError(
                f"a unit row is `name<TAB>kind`, the kind one of {kinds}",
                Location(path, line=number, text=line),
                code=Code.MANIFEST,
            )
        table[fold_cell(fields[0])] = UnitKind(fields[1])
    return table


def declared_in(file: Path | None) -> dict[str, UnitKind]:
    """The analyst's declared units, or none when the file is absent."""
    if file is None or not file.is_file():
        return {}
    return read_declared(file.read_text(encoding="utf-8"), file.name)
