"""One parsed file into the contract's rows: tasks, assignments (with collectives expanded)."""

from __future__ import annotations

from normalizers import collectives, jurisdiction
from normalizers.cells import Mention
from normalizers.collectives import Reach
from normalizers.columns import map_columns
from normalizers.tasks import ReadRow, read_rows
from normalizers.units import canonical_name, government_of, kind_of, needs_jurisdiction, resolve, unit_id
from pipeline.errors import CellError, JurisdictionError, Location
from pipeline.records import (
    Assignment,
    Division,
    Expansion,
    NormalizedDocument,
    ParsedDocument,
    TableInfo,
    Unit,
    UnitKind,
)


def normalize(parsed: ParsedDocument) -> NormalizedDocument:
    """Read every table of a parsed file and resolve its units within the document's jurisdiction."""
    source = parsed.source
    tables: list[TableInfo] = []
    rows: list[ReadRow] = []
    notes: list[str] = []
    for grid in parsed.tables:
        columns = map_columns(grid.header, Location(source.path, grid.table_no, line=grid.header_line))
        notes.extend(f"table {grid.table_no}: column «{name}» not read" for name in columns.ignored)
        read = read_rows(source, grid, columns)
        rows.extend(read)
        tables.append(TableInfo(source.doc_id, grid.table_no, grid.annex_label, grid.title, grid.header, len(read)))
    home = _jurisdiction(parsed, rows)
    assignments: list[Assignment] = []
    expansions: list[Expansion] = []
    for row in rows:
        position = 0
        for mention in row.mentions:
            for unit, expanded_from in _units_of(mention, home, row.location, expansions, row):
                position += 1
                task = row.task
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
        source, home, tuple(tables), tuple(r.task for r in rows), tuple(assignments), tuple(expansions), tuple(notes)
    )


def _jurisdiction(parsed: ParsedDocument, rows: list[ReadRow]) -> Division | None:
    """The document's jurisdiction; an error only where a row needs it and it cannot be told."""
    names = [canonical_name(m.name) for r in rows for m in r.mentions if collectives.collective(m.name) is None]
    texts = [
        *parsed.text,
        *(g.title or "" for g in parsed.tables),
        *(r.task.task_text + "\n" + r.task.units_text for r in rows),
    ]
    found = jurisdiction.candidates(texts, jurisdiction.tier_of(names))
    chosen = jurisdiction.choose(found)
    if chosen is not None:
        return chosen
    for row in rows:
        for mention in row.mentions:
            if collectives.collective(mention.name) or needs_jurisdiction(canonical_name(mention.name)):
                listed = ", ".join(f"{c.division.name} ({c.division.adcode}, evidence {c.score})" for c in found[:5])
                reason = f"jurisdiction needed to read «{mention.written}» but cannot be told from the document; " + (
                    f"candidates: {listed}" if listed else "no division is named in it"
                )
                raise JurisdictionError(reason, Location(*_where(row.location), text=mention.written))
    return None


def _where(location: Location) -> tuple[str, int | None, int | None, int | None]:
    return location.file, location.table_no, location.row, location.line


def _units_of(
    mention: Mention, home: Division | None, where: Location, expansions: list[Expansion], row: ReadRow
) -> list[tuple[Unit, str | None]]:
    """The unit(s) one mention stands for: a collective expands, anything else resolves to one."""
    reach = collectives.collective(mention.name)
    if reach is None:
        name = canonical_name(mention.name)
        kind = kind_of(name)
        assert kind is not None  # read_cell accepted the name as a unit
        return [(resolve(name, kind, home), None)]
    if reach is Reach.UNLISTABLE:
        scope = f"{home.adcode}:" if home else ""
        return [
            (
                Unit(
                    unit_id(scope + mention.name),
                    mention.name,
                    UnitKind.GROUP,
                    home.name if home else None,
                    home.adcode if home else None,
                ),
                None,
            )
        ]
    assert home is not None  # _jurisdiction refused the document otherwise
    if not collectives.can_expand(reach, home):
        raise CellError(
            f"«{mention.written}» cannot be listed in {home.name} ({home.adcode})",
            Location(*_where(where), text=mention.written),
        )
    divisions = collectives.expand(reach, home)
    expansions.append(Expansion(row.task.task_id, mention.written, len(divisions)))

    return [(government_of(d), mention.written) for d in divisions]
