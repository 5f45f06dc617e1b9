"""Normalized documents into the output tables, typed by their Arrow schemas.

Each document's rows are built column by column (`document_tables`), where it is read, so a build
only ever holds the documents it is writing. The units table is the one table that spans
documents: every document contributes its unit sightings (`sightings`: a unit and the spelling it
was written with), and `units_table` merges the sightings of all parts into one row per unit. Two
more hidden tables are kept per document for what spans the output: its task rows' keys
(`row_keys`, for near copies) and the report page's counts (`page_counts`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from operator import attrgetter
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from derived.document import Derived
from normalizers import words
from normalizers.aliases import aliases_by_canonical
from pipeline.records import NormalizedDocument
from pipeline.schemas import COUNTS, ROW_KEYS, SCHEMAS, SIGHTINGS, SORT_KEYS

# The tables written per part of documents (units is merged across them).
DOCUMENT_TABLES: tuple[str, ...] = (
    "documents",
    "tables",
    "tasks",
    "assignments",
    "review",
    "targets",
    "task_terms",
    "links",
)


def document_tables(
    doc: NormalizedDocument, derived: Derived, ingested_at: datetime, parser_version: str
) -> dict[str, pa.Table]:
    """One document's rows of every per-document table, sorted by key, with explicit schemas."""
    home = doc.jurisdiction
    tasks = {t.task_id: t for t in doc.tasks}
    columns: dict[str, dict[str, list[Any]]] = {
        "documents": {
            "doc_id": [doc.source.doc_id],
            "source_path": [doc.source.path],
            "source_format": [doc.source.format.value],
            "jurisdiction": [home.name if home else None],
            "jurisdiction_adcode": [home.adcode if home else None],
            "n_tables": [len(doc.tables)],
            "n_tasks": [len(doc.tasks)],
            "n_review": [len(doc.review)],
            "parser_version": [parser_version],
            "ingested_at": [ingested_at],
        },
        "tables": _columns(doc.tables, SCHEMAS["tables"], header=lambda t: list(t.header)),
        "tasks": _columns(doc.tasks, SCHEMAS["tasks"], section_path=lambda t: list(t.section_path)),
        "assignments": _columns(
            doc.assignments,
            SCHEMAS["assignments"],
            unit_id="unit.unit_id",
            unit_name="unit.unit_name",
            full_name="unit.full_name",
            unit_kind="unit.unit_kind",
        ),
        "review": _columns(doc.review, SCHEMAS["review"]),
        "targets": _columns(derived.targets, SCHEMAS["targets"], per=lambda t: list(t.per)),
        "task_terms": _columns(
            derived.terms,
            SCHEMAS["task_terms"],
            doc_id=lambda t: doc.source.doc_id,
            table_no=lambda t: tasks[t.task_id].table_no,
            seq=lambda t: tasks[t.task_id].seq,
            evidence=lambda t: list(t.evidence),
            keywords=lambda t: [term for term, _ in t.keywords],
            keyword_weights=lambda t: [weight for _, weight in t.keywords],
        ),
        "links": _columns(derived.links, SCHEMAS["links"]),
    }
    return {name: _sorted(pa.table(cols, schema=SCHEMAS[name]), name) for name, cols in columns.items()}


def _columns(records: Iterable[Any], schema: pa.Schema, **fields: str | Callable[[Any], Any]) -> dict[str, list[Any]]:
    """Records' fields as columns, in the schema's order. `fields` says where a column's values are
    when not in the record's attribute of its name: another attribute path (unit.unit_id) or a
    function of the record. Enum values go in as they are: each is a str (StrEnum), which Arrow
    stores as its value."""
    rows = list(records)
    columns: dict[str, list[Any]] = {}
    for field in schema:
        where = fields.get(field.name, field.name)
        columns[field.name] = list(map(attrgetter(where) if isinstance(where, str) else where, rows))
    return columns


def _sorted(table: pa.Table, name: str) -> pa.Table:
    keys = SORT_KEYS[name]
    return table if table.num_rows < 2 else table.sort_by([(k, "ascending") for k in keys])


def sightings(doc: NormalizedDocument) -> pa.Table:
    """Every unit the document names, with the spelling it was written with (an expanded row's
    collective is no spelling of its units, so it gives none)."""
    seen: dict[tuple[str, str], Any] = {}
    for a in doc.assignments:
        spelling = "" if a.expanded_from is not None else a.unit_as_written
        seen.setdefault((a.unit.unit_id, spelling), a.unit)
    units = list(seen.items())
    return pa.table(
        {
            "doc_id": [doc.source.doc_id] * len(units),
            "unit_id": [key[0] for key, _ in units],
            "unit_name": [u.unit_name for _, u in units],
            "full_name": [u.full_name for _, u in units],
            "unit_kind": [u.unit_kind.value for _, u in units],
            "jurisdiction": [u.jurisdiction for _, u in units],
            "adcode": [u.adcode for _, u in units],
            "spelling": [key[1] for key, _ in units],
        },
        schema=SIGHTINGS,
    )


def row_keys(doc: NormalizedDocument) -> pa.Table:
    """Each task row's key, for near copies (the hidden _rows table)."""
    from analysis.duplicates import row_key

    keys = [row_key(t.task_text, t.units_text) for t in doc.tasks]
    return pa.table({"doc_id": [doc.source.doc_id] * len(keys), "row_key": keys}, schema=ROW_KEYS)


def page_counts(doc: NormalizedDocument, derived: Derived) -> pa.Table:
    """What the report page counts of the document (the hidden _counts table)."""
    from analysis.counts import counted

    rows = list(counted(doc, derived))
    names = ("count", "key", "detail", "n")
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    return pa.table({"doc_id": [doc.source.doc_id] * len(rows), **columns}, schema=COUNTS)


def units_table(seen: pa.Table, aliases: Mapping[str, str]) -> pa.Table:
    """One row per unit_id from all sightings; aliases are the alias table's variants plus every
    other spelling seen."""
    if seen.num_rows == 0:
        return SCHEMAS["units"].empty_table()
    seen = seen.sort_by([("unit_id", "ascending"), ("spelling", "ascending")])
    spellings = seen.group_by("unit_id", use_threads=False).aggregate([("spelling", "distinct")])
    by_id = dict(zip(spellings["unit_id"].to_pylist(), spellings["spelling_distinct"].to_pylist(), strict=True))
    first = seen.take(pc.indices_nonzero(_first_of_each(seen["unit_id"])))
    variants = aliases_by_canonical(aliases)
    rows: dict[str, list[Any]] = {field.name: [] for field in SCHEMAS["units"]}
    for row in first.to_pylist():
        name = row["unit_name"]
        level = words.level_word(name)
        prefix = level.word if level else ""
        known = {prefix + alias for alias in variants.get(name[len(prefix) :], ())}
        aliases_of = sorted((known | {s for s in by_id[row["unit_id"]] if s}) - {name})
        for field in rows:
            rows[field].append(aliases_of if field == "aliases" else row[field])
    return pa.table(rows, schema=SCHEMAS["units"])


def _first_of_each(keys: pa.ChunkedArray) -> pa.Array:
    """True where a sorted column's value differs from the one before it."""
    values = keys.to_pylist()
    return pa.array([i == 0 or values[i] != values[i - 1] for i in range(len(values))])
