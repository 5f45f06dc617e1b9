"""One parsed file into the contract's rows: tasks, assignments (with collectives expanded)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from normalizers import collectives, jurisdiction
from normalizers.aliases import builtin_aliases
from normalizers.cells import Mention
from normalizers.collectives import Reach
from normalizers.columns import map_columns
from normalizers.conventions import first_listed_leads
from normalizers.tasks import ReadRow, read_rows
from normalizers.text import clean_text
from normalizers.units import canonical_name, government_of, kind_of, needs_jurisdiction, resolve
from pipeline.errors import CellError, JurisdictionError, Location
from pipeline.records import (
    Assignment,
    Division,
    NormalizedDocument,
    ParsedDocument,
    TableInfo,
    Unit,
    UnitKind,
)


@dataclass(frozen=True)
class Settings:
    """What an analyst may set for a file (raw/manifest.toml) and the alias table in force."""

    jurisdiction: Division | None = None  # None: told from the document
    first_listed_leads: bool | None = None  # None: as the document says
    aliases: Mapping[str, str] = field(default_factory=builtin_aliases)


def normalize(parsed: ParsedDocument, settings: Settings | None = None) -> NormalizedDocument:
    """Read every table of a parsed file and resolve its units within the document's jurisdiction."""
    settings = settings or Settings()
    source = parsed.source
    first_leads = settings.first_listed_leads
    if first_leads is None:
        first_leads = first_listed_leads(parsed.text)
    tables: list[TableInfo] = []
    rows: list[ReadRow] = []
    notes: list[str] = []
    if first_leads:
        notes.append("plain lists read with the first-listed unit as lead (列第一位的为牵头单位)")
    for grid in parsed.tables:
        columns = map_columns(grid.header, Location(source.path, grid.table_no, line=grid.header_line))
        notes.extend(f"table {grid.table_no}: column «{name}» not read" for name in columns.ignored)
        read = read_rows(source, grid, columns, first_leads=first_leads)
        rows.extend(read)
        title = clean_text(grid.title) if grid.title else None
        header = tuple(clean_text(cell) for cell in grid.header)
        tables.append(TableInfo(source.doc_id, grid.table_no, grid.annex_label, title, header, len(read)))
    home = settings.jurisdiction or _jurisdiction(parsed, rows, settings.aliases)
    assignments: list[Assignment] = []
    for row in rows:
        task = row.task
        position = 0
        for mention in row.mentions:
            for unit, expanded_from in _units_of(mention, home, row, settings.aliases):
                position += 1
                assignments.append(
                    Assignment(
                        task.task_id,
                        task.doc_id,
                        task.table_no,
                        task.seq,
                        position,
                        unit,
                        mention.written,
                        mention.role,
                        expanded_from,
                    )
                )
    return NormalizedDocument(
        source, home, tuple(tables), tuple(r.task for r in rows), tuple(assignments), tuple(notes)
    )


def _jurisdiction(parsed: ParsedDocument, rows: list[ReadRow], aliases: Mapping[str, str]) -> Division | None:
    """The document's jurisdiction; an error only where a row needs it and it cannot be told."""
    mentioned = [m for r in rows for m in r.mentions]
    names = [canonical_name(m.name, aliases) for m in mentioned if collectives.collective(m.name) is None]
    tier = jurisdiction.tier_of(names, [m.name for m in mentioned])
    texts = [
        *parsed.text,
        *(g.title or "" for g in parsed.tables),
        *(r.task.task_text + "\n" + r.task.units_text for r in rows),
    ]
    found = jurisdiction.candidates(texts, tier)
    chosen = jurisdiction.choose(found)
    if chosen is not None:
        return chosen
    for row in rows:
        for mention in row.mentions:
            if collectives.collective(mention.name) or needs_jurisdiction(canonical_name(mention.name, aliases)):
                listed = ", ".join(f"{c.division.name} ({c.division.adcode}, evidence {c.score})" for c in found[:5])
                told = f"candidates: {listed}" if listed else "no division is named in it"
                reason = (
                    f"jurisdiction needed to read «{mention.written}» but cannot be told from the document; "
                    f"{told}; set it for this file in raw/manifest.toml"
                )
                raise JurisdictionError(reason, row.location.saying(mention.written))
    return None


def _units_of(
    mention: Mention, home: Division | None, row: ReadRow, aliases: Mapping[str, str]
) -> list[tuple[Unit, str | None]]:
    """The unit(s) one mention stands for: a collective expands, anything else resolves to one."""
    reach = collectives.collective(mention.name)
    if reach is None:
        name = canonical_name(mention.name, aliases)
        kind = kind_of(name)
        if kind is None:  # the cell named a unit; an alias row turned it into something else
            reason = f"«{mention.written}» resolves through the alias table to «{name}», which is no unit name"
            raise CellError(reason, row.location.saying(mention.written))
        return [(resolve(name, kind, home), None)]
    if reach is Reach.UNLISTABLE:  # every local government at every tier: one group, like 各电力公司
        return [(resolve(mention.name, UnitKind.GROUP, home), None)]
    assert home is not None  # _jurisdiction refused the document otherwise
    if not collectives.can_expand(reach, home):
        raise CellError(
            f"«{mention.written}» cannot be listed in {home.name} ({home.adcode})", row.location.saying(mention.written)
        )
    divisions = collectives.expand(reach, home)
    return [(government_of(d), mention.written) for d in divisions]
