"""One parsed file into the contract's rows: tasks, assignments (collectives expanded), review rows.

A cell that cannot be read in full goes to review with its location; the rest of the document is
still delivered. A document is refused only when it cannot be split into rows, when its jurisdiction
is needed and cannot be told, or when most of its tasks would go to review (a layout problem).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from normalizers import collectives, jurisdiction, words
from normalizers.aliases import builtin_aliases
from normalizers.cells import Mention, reads_as_units
from normalizers.collectives import Listing
from normalizers.columns import ColumnMap, map_columns
from normalizers.conventions import bold_leads, first_listed_leads
from normalizers.measures import with_inline_tables
from normalizers.tasks import ReadRow, read_rows
from normalizers.text import clean_text
from normalizers.units import Resolver, canonical_name, government_of, kind_of, needs_jurisdiction
from pipeline.errors import CellError, Code, JurisdictionError, Location, ParseError, PipelineError
from pipeline.records import (
    Assignment,
    Division,
    Grid,
    Layout,
    NormalizedDocument,
    ParsedDocument,
    ReviewRow,
    Role,
    TableInfo,
    Unit,
    UnitKind,
)

# A document with more than this share of its tasks in review, and at least MIN_REVIEW_REFUSED of
# them, is refused whole: so many unreadable cells are a layout problem (columns taken for what they
# are not), not the long tail of wording. A small table with one odd cell is still delivered.
MAX_REVIEW_SHARE = 0.5
MIN_REVIEW_REFUSED = 3

# What an analyst can change to clear a review row, by its code (CONTRACT.md, Review).
FIXES: dict[Code, str] = {
    Code.UNKNOWN_WORDS: "declare the name in raw/units.tsv (name<TAB>kind) or map it in raw/aliases.tsv",
    Code.NO_ROLE: "declare the words in raw/units.tsv if they are a unit; a missing verb cannot be supplied",
    Code.NO_UNIT: "the cell names no unit before its role word",
    Code.EMPTY_CELL: "the cell is empty in the document",
    Code.UNKNOWN_GOVERNMENT: "declare the name in raw/units.tsv, or set the jurisdiction in raw/manifest.toml",
    Code.CANNOT_LIST: "set the file's jurisdiction in raw/manifest.toml",
    Code.UNPLACED: "set the file's jurisdiction in raw/manifest.toml",
}


@dataclass(frozen=True)
class Settings:
    """What an analyst may set for a file (raw/manifest.toml), and the alias and unit tables in force."""

    jurisdiction: Division | None = None  # None: told from the document
    first_listed_leads: bool | None = None  # None: as the document says
    aliases: Mapping[str, str] = field(default_factory=builtin_aliases)
    declared: Mapping[str, UnitKind] = field(default_factory=dict)  # raw/units.tsv


def normalize(parsed: ParsedDocument, settings: Settings | None = None) -> NormalizedDocument:
    """Read every table of a parsed file and resolve its units within the document's jurisdiction."""
    settings = settings or Settings()
    parsed = with_inline_tables(parsed)
    source = parsed.source
    first_leads = settings.first_listed_leads
    if first_leads is None:
        cells = (cell for grid in parsed.tables for row in (grid.header, *(r.cells for r in grid.rows)) for cell in row)
        first_leads = first_listed_leads([*parsed.text, *cells])
    tables: list[TableInfo] = []
    rows: list[ReadRow] = []
    notes: list[str] = list(parsed.notes)
    problems: list[PipelineError] = []
    if first_leads:
        notes.append("plain lists read with the first-listed unit as lead (列第一位的为牵头单位)")
    bold = bold_leads([*parsed.text, *(cell for grid in parsed.tables for cell in grid.header)])
    if bold:
        notes.append("units set in bold read as leads (加黑为牵头单位)")
        if not any(row.bold for grid in parsed.tables for row in grid.rows):
            # A text file, or bold lost on the way to this format: the leads cannot be told.
            notes.append(
                "the document marks its leads in bold, and no bold type was read in this file: "
                "no unit is read as lead by its type (a Word or web copy of the document keeps it)"
            )
    for grid in parsed.tables:
        try:
            columns = columns_of(grid, Location(source.path, grid.table_no, line=grid.header_line))
            read = read_rows(
                source, grid, columns, first_leads=first_leads, bold_leads=bold, declared=settings.declared
            )
        except ParseError as error:
            problems.extend(error.each())
            continue
        notes.extend(f"table {grid.table_no}: column «{name}» not read" for name in columns.ignored)
        notes.extend(
            f"table {grid.table_no}: column «{name}» is not read, though its cells read "
            "as units: no header word says their role; check the table, or name the column in headers.tsv"
            for name in columns.unread_units
        )
        if columns.units_by_cells is not None:
            notes.append(
                f"table {grid.table_no}: column «{columns.units_by_cells}» read as the units column: "
                "no header word names one, and its cells read as units"
            )
        rows.extend(read)
        title = clean_text(grid.title) if grid.title else None
        shown = grid.labels if grid.layout is Layout.INLINE else grid.header
        header = tuple(clean_text(cell) for cell in shown)
        tables.append(TableInfo(source.doc_id, grid.table_no, grid.annex_label, title, header, len(read), grid.layout))
    if problems:
        raise ParseError.joined(problems)
    home = settings.jurisdiction or _jurisdiction(parsed, rows, settings)
    assignments: list[Assignment] = []
    review: list[ReviewRow] = []
    known: dict[tuple[str, str], list[tuple[Unit, str | None]] | CellError] = {}  # a document names a unit often
    for row in rows:
        try:
            if row.problem is not None:
                raise row.problem
            assignments.extend(_assignments(row, home, settings, known))
        except CellError as problem:
            review.append(_review_row(row, problem))
    _refuse_if_mostly_unreadable(source.path, rows, review)
    return NormalizedDocument(
        source, home, tuple(tables), tuple(r.task for r in rows), tuple(assignments), tuple(review), tuple(notes)
    )


def _assignments(
    row: ReadRow,
    home: Division | None,
    settings: Settings,
    known: dict[tuple[str, str], list[tuple[Unit, str | None]] | CellError],
) -> list[Assignment]:
    """The assignment rows of a task whose cells were read; a unit that cannot be resolved refuses all."""
    resolver = Resolver(home, settings.aliases, row.location)
    task = row.task
    out: list[Assignment] = []
    held: set[tuple[str, Role]] = set()  # one row per (task, unit, role): a unit named twice in a role counts once
    for mention in row.mentions:
        key = (mention.name, mention.written)
        if key not in known:
            try:
                known[key] = _units_of(mention, home, resolver, settings)
            except CellError as problem:
                known[key] = problem
        found = known[key]
        if isinstance(found, CellError):
            raise CellError(found.reason, row.location.saying(mention.written), code=found.code)
        for unit, expanded_from in found:
            if (unit.unit_id, mention.role) in held:
                continue
            held.add((unit.unit_id, mention.role))
            out.append(
                Assignment(
                    task.task_id,
                    task.doc_id,
                    task.table_no,
                    task.seq,
                    len(out) + 1,
                    unit,
                    mention.written,
                    mention.role,
                    expanded_from,
                )
            )
    return out


def _units_of(
    mention: Mention, home: Division | None, resolver: Resolver, settings: Settings
) -> list[tuple[Unit, str | None]]:
    """The unit(s) one mention stands for: a collective expands, anything else resolves to one."""
    found = collectives.collective(mention.name)
    if found is None:
        name = canonical_name(mention.name, settings.aliases)
        if name != mention.name and name not in settings.declared and words.not_a_name(name) is not None:
            raise CellError(
                f"«{mention.name}» resolves through the alias table to «{name}», which is no unit name",
                resolver.where.saying(mention.written),
                code=Code.UNKNOWN_WORDS,
            )
        return [(resolver.resolve(name, kind_of(name, settings.declared), mention.written), None)]
    assert home is not None  # _jurisdiction refused the document otherwise
    listing, divisions = collectives.listing(found, home)
    if listing is Listing.GROUP:  # towns: the gazetteer lists none; one group row
        return [(resolver.resolve(mention.name, UnitKind.GROUP), None)]
    if listing is Listing.CANNOT:
        raise CellError(
            f"«{mention.written}» cannot be listed in {home.name} ({home.adcode})",
            resolver.where.saying(mention.written),
            code=Code.CANNOT_LIST,
        )
    expanded: list[tuple[Unit, str | None]] = [(government_of(d), mention.written) for d in divisions]
    if found.unlisted:  # 各县（市、区）人民政府（管委会）: the committees, which no list names, as one group;
        # no expansion row (those are the gazetteer's divisions), its unit_as_written the collective
        expanded.append((resolver.resolve(collectives.EACH + found.unlisted, UnitKind.GROUP), None))
    return expanded


def _review_row(row: ReadRow, problem: CellError) -> ReviewRow:
    where = problem.location or row.location
    fix = FIXES.get(problem.code)
    return ReviewRow(
        row.task.task_id,
        row.task.doc_id,
        row.task.table_no,
        row.task.seq,
        where.line,
        problem.code.value,
        where.text or row.task.units_text,
        f"{problem.reason}; {fix}" if fix else problem.reason,
    )


def _refuse_if_mostly_unreadable(path: str, rows: list[ReadRow], review: list[ReviewRow]) -> None:
    if len(review) >= MIN_REVIEW_REFUSED and len(review) > MAX_REVIEW_SHARE * len(rows):
        problems = [
            CellError(r.message, Location(path, r.table_no, r.seq, r.line, r.words), code=Code(r.code)) for r in review
        ]
        summary = CellError(
            f"{len(review)} of {len(rows)} tasks could not be read (more than {MAX_REVIEW_SHARE:.0%}): "
            "a layout problem, not a wording one",
            Location(path),
            code=Code.MOSTLY_UNREADABLE,
        )
        raise CellError.joined([summary, *problems])


def columns_of(grid: Grid, where: Location) -> ColumnMap:
    """A table's columns by their header words, or its units column by its cells where no word names
    one (columns.map_columns)."""

    def units_share(position: int) -> float:
        texts = [row.cells[position] for row in grid.rows if position < len(row.cells) and row.cells[position].strip()]
        return sum(map(reads_as_units, texts)) / len(texts) if texts else 0.0

    return map_columns(grid.header, where, units_share)


def _jurisdiction(parsed: ParsedDocument, rows: list[ReadRow], settings: Settings) -> Division | None:
    """The document's jurisdiction; an error only where a row needs it and it cannot be told."""
    mentioned = [m.name for r in rows for m in r.mentions]
    # Each name counts as often as it is mentioned (tier_of votes); resolved once per name.
    canonical = {n: canonical_name(n, settings.aliases) for n in set(mentioned) if collectives.collective(n) is None}
    names = [canonical[n] for n in mentioned if n in canonical]
    tier = jurisdiction.tier_of(names, mentioned)
    texts = [
        *parsed.text,
        *(g.title or "" for g in parsed.tables),
        *(r.task.task_text + "\n" + r.task.units_text for r in rows),
    ]
    shi = any(level is not None and level.word == "市" for level in map(words.level_word, names))
    issued_by = jurisdiction.issuer(parsed.text, tier, shi=shi)
    if issued_by is not None:
        return issued_by
    found = jurisdiction.candidates(texts, tier, shi=shi)
    chosen = jurisdiction.choose(found)
    if chosen is not None:
        return chosen
    for row in rows:
        for mention in row.mentions:
            if _needs_jurisdiction(mention, settings):
                listed = ", ".join(f"{c.division.name} ({c.division.adcode}, evidence {c.score})" for c in found[:5])
                told = f"candidates: {listed}" if listed else "no division is named in it"
                reason = (
                    f"jurisdiction needed to read «{mention.written}» but cannot be told from the document; "
                    f"{told}; set it for this file in raw/manifest.toml"
                )
                raise JurisdictionError(reason, row.location.saying(mention.written))
    return None


def _needs_jurisdiction(mention: Mention, settings: Settings) -> bool:
    if collectives.collective(mention.name):
        return True
    name = canonical_name(mention.name, settings.aliases)
    return needs_jurisdiction(name, kind_of(name, settings.declared))
