"""`python -m pipeline explain FILE:ROW`: how one row's responsibility cell was read, rule by rule.

FILE is a path under raw/ (or any path); ROW is a 序号 of the first table (4) or table.序号 (2.4).
The file is read as a build reads it (its manifest settings, the alias and unit tables); then the
row's cells are read again with every rule noted, and each unit is followed to its canonical name,
kind, id and full name, and each collective to the divisions it names.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from normalizers import collectives
from normalizers.aliases import aliases_with
from normalizers.cells import explain_cell
from normalizers.columns import Column
from normalizers.declared import declared_in
from normalizers.document import Settings, columns_of, normalize
from normalizers.measures import with_inline_tables
from normalizers.text import clean_text
from normalizers.units import canonical_name, kind_of, resolve
from parsers import format_of, parse
from parsers.headers import seq_number
from pipeline.errors import CellError, Location, PipelineError
from pipeline.manifest import ALIASES_NAME, UNITS_NAME, FileSettings, load_manifest
from pipeline.records import Source

_ROLE_OF_COLUMN = {Column.LEAD: "lead", Column.PARTICIPATING: "participating", Column.UNITS: "by its words"}


def explain(target: str, raw_dir: Path) -> list[str]:
    """The lines that explain one row (FILE:ROW); a PipelineError when the file cannot be read."""
    name, _, row = target.rpartition(":")
    if not name or not row:
        raise PipelineError("say which row: FILE:ROW, as 达州.txt:4 or 达州.txt:2.4", Location(target))
    path = raw_dir / name if (raw_dir / name).is_file() else Path(name)
    if not path.is_file():
        raise PipelineError(f"no file {name} (looked under {raw_dir}/ and here)", Location(name))
    table_no, seq = _row(row, target)
    relative = path.resolve().relative_to(raw_dir.resolve()).as_posix() if _under(path, raw_dir) else path.name
    data = path.read_bytes()
    source = Source(relative, hashlib.sha256(data).hexdigest(), format_of(path.name))
    settings = _settings(raw_dir, relative)
    parsed = parse(source, data)
    document = normalize(parsed, settings)
    # Tables as normalize numbers them: a notice's measures are tables of their own (with_inline_tables).
    grid = next((g for g in with_inline_tables(parsed).tables if g.table_no == table_no), None)
    task = next((t for t in document.tasks if (t.table_no, t.seq) == (table_no, seq)), None)
    if grid is None or task is None:
        raise PipelineError(f"table {table_no} has no row {seq}", Location(relative, table_no, seq))
    home = document.jurisdiction
    lines = [
        f"{relative}, table {table_no} ({grid.annex_label or ''} {grid.title or ''}), row {seq}",
        f"jurisdiction: {f'{home.name} ({home.adcode})' if home else 'none told (no row needs one)'}",
        f"task: {task.task_text}",
    ]
    columns = columns_of(grid, Location(relative, table_no))
    grid_row = next(r for r in grid.rows if seq_number(clean_text(r.cells[columns.positions[Column.SEQ]])) == seq)
    first_leads = bool(settings.first_listed_leads) or any("列第一位" in n for n in document.notes)
    for column in (Column.LEAD, Column.UNITS, Column.PARTICIPATING):
        position = columns.get(column)
        if position is None:
            continue
        cell = clean_text(grid_row.cells[position])
        lines.append(f"cell «{grid.header[position]}» ({_ROLE_OF_COLUMN[column]}): «{cell}»")
        if not cell:
            lines.append("  empty")
            continue
        reading, steps = explain_cell(
            cell, first_leads=first_leads and column is Column.UNITS, declared=settings.declared
        )
        lines += [f"  rule: {step}" for step in steps]
        if isinstance(reading, CellError):
            lines.append(f"  → review [{reading.code.value}]: {reading.reason}")
            continue
        for mention in reading:
            lines += _unit_lines(mention.written, mention.name, mention.role.value, column, home, settings)
    lines.append("rows written:")
    rows = [a for a in document.assignments if a.task_id == task.task_id]
    review = [r for r in document.review if r.task_id == task.task_id]
    lines += [
        f"  {a.position:>3}  {a.unit.unit_name}  {a.role.value}  ({a.unit.unit_kind.value}; {a.unit.full_name}"
        f"{'; from ' + a.expanded_from if a.expanded_from else ''})"
        for a in rows
    ]
    lines += [f"  review [{r.code}] line {r.line}: {r.message}" for r in review]
    return lines


def _unit_lines(written: str, name: str, role: str, column: Column, home: object, settings: Settings) -> list[str]:
    forced = {Column.LEAD: "lead", Column.PARTICIPATING: "participating"}.get(column)
    shown = forced if forced and role != "all_county" else role
    lines = [f"  «{written}» read as «{name}» → {shown}"]
    found = collectives.collective(name)
    if found is not None:
        if home is None:
            return [*lines, "    a collective; no jurisdiction to list it in"]
        listing, divisions = collectives.listing(found, home)  # type: ignore[arg-type]
        what = ", ".join(d.name for d in divisions) if divisions else listing.value
        if divisions and found.unlisted:
            what += f", and {collectives.EACH}{found.unlisted} (one group row: no list names them)"
        return [*lines, f"    a collective ({listing.value}): {what}"]
    canonical = canonical_name(name, settings.aliases)
    if canonical != name:
        lines.append(f"    canonical name «{canonical}» (alias table, or a zone, town or street completed)")
    try:
        unit = resolve(name, home, settings.aliases)  # type: ignore[arg-type]
    except CellError as problem:
        return [*lines, f"    → review [{problem.code.value}]: {problem.reason}"]
    kind = kind_of(canonical, settings.declared)
    return [
        *lines,
        f"    {kind.value}; unit {unit.unit_id}; full name «{unit.full_name}»; jurisdiction {unit.jurisdiction}",
    ]


def _row(row: str, target: str) -> tuple[int, int]:
    table, _, seq = row.rpartition(".")
    try:
        return (int(table) if table else 1), int(seq)
    except ValueError:
        raise PipelineError("ROW is a 序号 (4) or table.序号 (2.4)", Location(target)) from None


def _under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _settings(raw_dir: Path, relative: str) -> Settings:
    present = (
        {p.relative_to(raw_dir).as_posix() for p in raw_dir.rglob("*") if p.is_file()} if raw_dir.is_dir() else set()
    )
    manifest = load_manifest(raw_dir, present) if raw_dir.is_dir() else {}
    chosen = manifest.get(relative, FileSettings())
    return Settings(
        chosen.jurisdiction,
        chosen.first_listed_leads,
        aliases_with(raw_dir / ALIASES_NAME),
        declared_in(raw_dir / UNITS_NAME),
    )
