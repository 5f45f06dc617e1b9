"""What the report page draws and lists, gathered from the output without reading it all.

A national build's tables are far larger than anything a page shows. The counts behind the charts
were made per document when it was read (`analysis.counts`, the hidden _counts table) and are only
added up here; the heat map and the listings show the first tasks and rows, so only the first parts
of those tables are read (a part: the documents written together, the same part id in every table).
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

from analysis.counts import TARGET, UNIT, UNIT_ROLE, role_totals
from pipeline.store import COUNTS_DIR, iter_parts, part_file, read_parts

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


# The tables whose first rows the page shows.
_LISTED = ("tasks", "assignments", "targets", "task_terms", "links")


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
    for documents in iter_parts(folder, "documents", list(_COLUMNS["documents"])):
        out.paths.update(zip(documents["doc_id"].to_pylist(), documents["source_path"].to_pylist(), strict=True))
    _counts(out, read_parts(folder, COUNTS_DIR))
    for part in _parts(folder):
        if len(out.matrix_tasks) >= MAX_TASKS_DRAWN and all(
            len(rows) >= MAX_ROWS_LISTED for rows in (out.targets, out.links, out.terms)
        ):
            break
        tables = {name: _read(folder, name, part) for name in _LISTED}
        _matrix(out, tables["tasks"], tables["assignments"])
        _listed(out.targets, tables["targets"])
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


def _counts(out: Gathered, counts: pa.Table | None) -> None:
    """Add up the documents' counts (`analysis.counts`)."""
    if counts is None or not counts.num_rows:
        return
    out.roles.update(role_totals(counts))
    summed = counts.group_by(["count", "key", "detail"]).aggregate([("n", "sum")])
    for count, key, detail, n in zip(*_columns(summed, "count", "key", "detail", "n_sum"), strict=True):
        if count == UNIT:
            out.unit_tasks[key] += n
        elif count == UNIT_ROLE:
            out.unit_role_tasks[(key, detail)] += n
        elif count == TARGET:
            out.targets_by_topic[(key, detail)] += n


def _matrix(out: Gathered, tasks: pa.Table, assignments: pa.Table) -> None:
    room = MAX_TASKS_DRAWN - len(out.matrix_tasks)
    if room <= 0 or not tasks.num_rows:
        return
    first = tasks.slice(0, room)
    for task_id, table_no, seq, text in zip(*_columns(first, "task_id", "table_no", "seq", "task_text"), strict=True):
        out.matrix_tasks.append(MatrixTask(task_id, table_no, seq, text))
    drawn = assignments.filter(pc.is_in(assignments["task_id"], first["task_id"]))
    out.matrix_cells.extend(zip(*_columns(drawn, "full_name", "task_id", "role"), strict=True))


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
