"""What the report page draws and lists, gathered from the output one part at a time.

A national build's tables are far larger than anything a page shows, so the page never holds a whole
table: each part (the documents written together, the same part id in every table) is read, counted
and let go. Counts add up across parts exactly, because a task and all its rows live in one part.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.store import part_file

# Rows listed in one table of the page; the Parquet tables (and the Excel export) hold them all.
MAX_ROWS_LISTED = 2_000
# Tasks shown as columns of the heat map, in document and table order.
MAX_TASKS_DRAWN = 120
# Characters of a task's text shown beside it.
TEXT_SHOWN = 60

# The columns read of each table.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "source_path"),
    "tasks": ("task_id", "table_no", "seq", "task_text"),
    "assignments": ("task_id", "full_name", "role"),
    "targets": ("task_id", "doc_id", "table_no", "seq", "value", "unit", "comparator", "measure", "per", "span"),
    "task_terms": ("task_id", "doc_id", "table_no", "seq", "topic", "keywords"),
    "links": ("doc_id", "from_task_id", "from_table_no", "from_seq", "to_task_id", "to_table_no", "to_seq", "score"),
}


@dataclass(frozen=True)
class MatrixTask:
    """A task drawn as a column of the heat map."""

    task_id: str
    table_no: int
    seq: int
    text: str


@dataclass
class Gathered:
    """Counts over every part, and the first rows of each listing."""

    paths: dict[str, str] = field(default_factory=dict)  # doc_id → file under raw/
    roles: Counter[str] = field(default_factory=Counter)  # assignment rows by role
    unit_tasks: Counter[str] = field(default_factory=Counter)  # unit → tasks it has a role in
    unit_role_tasks: Counter[tuple[str, str]] = field(default_factory=Counter)  # (unit, role) → tasks
    matrix_tasks: list[MatrixTask] = field(default_factory=list)
    matrix_cells: list[tuple[str, str, str]] = field(default_factory=list)  # (unit, task_id, role)
    targets_by_topic: Counter[tuple[str, str]] = field(default_factory=Counter)  # (topic, measure word)
    targets: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    terms: list[dict[str, Any]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # task_id → its first words, for listed tasks

    @property
    def assignments(self) -> int:
        return sum(self.roles.values())


def gather(folder: Path) -> Gathered:
    """Everything the page shows of the output in `folder`."""
    out = Gathered()
    for part in _parts(folder):
        tables = {name: _read(folder, name, part) for name in _COLUMNS}
        _documents(out, tables["documents"])
        _assignments(out, tables["assignments"])
        _matrix(out, tables["tasks"], tables["assignments"])
        _targets(out, tables["targets"], tables["task_terms"])
        listed = [*_listed(out.links, tables["links"]), *_listed(out.terms, tables["task_terms"])]
        wanted = {row[c] for row in listed for c in ("from_task_id", "to_task_id", "task_id") if c in row}
        _texts(out, tables["tasks"], wanted)
    return out


def _parts(folder: Path) -> Iterator[str]:
    """The part ids of an output folder, in file order (the order of its datasets)."""
    for path in sorted((folder / "tasks").glob("part-*.parquet")):
        yield path.stem.removeprefix("part-")


def _read(folder: Path, table: str, part: str) -> pa.Table:
    path = part_file(folder, table, part)
    return pq.read_table(path, columns=list(_COLUMNS[table]))


def _documents(out: Gathered, documents: pa.Table) -> None:
    out.paths.update(zip(documents["doc_id"].to_pylist(), documents["source_path"].to_pylist(), strict=True))


def _assignments(out: Gathered, assignments: pa.Table) -> None:
    if not assignments.num_rows:
        return
    for item in pc.value_counts(assignments["role"]).to_pylist():
        out.roles[item["values"]] += item["counts"]
    # Counted in Arrow: one part's assignments never become Python objects row by row.
    triples = assignments.group_by(["full_name", "task_id", "role"]).aggregate([])
    by_role = triples.group_by(["full_name", "role"]).aggregate([("task_id", "count")])
    for unit, role, count in zip(*_columns(by_role, "full_name", "role", "task_id_count"), strict=True):
        out.unit_role_tasks[(unit, role)] += count
    pairs = assignments.group_by(["full_name", "task_id"]).aggregate([])
    totals = pairs.group_by("full_name").aggregate([("task_id", "count")])
    for unit, count in zip(*_columns(totals, "full_name", "task_id_count"), strict=True):
        out.unit_tasks[unit] += count


def _matrix(out: Gathered, tasks: pa.Table, assignments: pa.Table) -> None:
    room = MAX_TASKS_DRAWN - len(out.matrix_tasks)
    if room <= 0 or not tasks.num_rows:
        return
    first = tasks.slice(0, room)
    for task_id, table_no, seq, text in zip(*_columns(first, "task_id", "table_no", "seq", "task_text"), strict=True):
        out.matrix_tasks.append(MatrixTask(task_id, table_no, seq, text))
    drawn = assignments.filter(pc.is_in(assignments["task_id"], first["task_id"]))
    out.matrix_cells.extend(zip(*_columns(drawn, "full_name", "task_id", "role"), strict=True))


def _targets(out: Gathered, targets: pa.Table, terms: pa.Table) -> None:
    if not targets.num_rows:
        return
    topic_of = dict(zip(*_columns(terms, "task_id", "topic"), strict=True))
    for task_id, unit in zip(*_columns(targets, "task_id", "unit"), strict=True):
        out.targets_by_topic[(topic_of.get(task_id, "?"), unit)] += 1
    _listed(out.targets, targets)


def _listed(rows: list[dict[str, Any]], table: pa.Table) -> list[dict[str, Any]]:
    """Add the part's first rows to a listing still short of MAX_ROWS_LISTED; the rows added."""
    room = MAX_ROWS_LISTED - len(rows)
    added: list[dict[str, Any]] = table.slice(0, max(room, 0)).to_pylist()
    rows.extend(added)
    return added


def _texts(out: Gathered, tasks: pa.Table, wanted: set[str]) -> None:
    if not wanted:
        return
    chosen = tasks.filter(pc.is_in(tasks["task_id"], pa.array(sorted(wanted), pa.string())))
    for task_id, text in zip(*_columns(chosen, "task_id", "task_text"), strict=True):
        out.texts[task_id] = text[:TEXT_SHOWN]


def _columns(table: pa.Table, *names: str) -> list[list[Any]]:
    return [table[name].to_pylist() for name in names]
