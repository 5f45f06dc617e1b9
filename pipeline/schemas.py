"""The output tables' Arrow schemas and sort keys (CONTRACT.md, Output)."""

from __future__ import annotations

import pyarrow as pa

_S = pa.string()
_I = pa.int32()


def _f(name: str, kind: pa.DataType, nullable: bool = False) -> pa.Field:
    return pa.field(name, kind, nullable=nullable)


SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            _f("doc_id", _S),
            _f("source_path", _S),
            _f("source_format", _S),
            _f("jurisdiction", _S, True),
            _f("jurisdiction_adcode", _S, True),
            _f("n_tables", _I),
            _f("n_tasks", _I),
            _f("n_review", _I),
            _f("parser_version", _S),
            _f("ingested_at", pa.timestamp("us", tz="UTC")),
        ]
    ),
    "tables": pa.schema(
        [
            _f("doc_id", _S),
            _f("table_no", _I),
            _f("layout", _S),
            _f("annex_label", _S, True),
            _f("title", _S, True),
            _f("header", pa.list_(pa.field("item", _S, nullable=False))),
            _f("n_tasks", _I),
        ]
    ),
    "tasks": pa.schema(
        [
            _f("task_id", _S),
            _f("doc_id", _S),
            _f("table_no", _I),
            _f("seq", _I),
            _f("label", _S),
            _f("section", _S, True),
            _f("section_path", pa.list_(pa.field("item", _S, nullable=False))),
            _f("task_text", _S),
            _f("units_text", _S),
            _f("deadline", _S, True),
        ]
    ),
    "assignments": pa.schema(
        [
            _f("task_id", _S),
            _f("doc_id", _S),
            _f("table_no", _I),
            _f("seq", _I),
            _f("position", _I),
            _f("unit_id", _S),
            _f("unit_name", _S),
            _f("full_name", _S),
            _f("unit_as_written", _S),
            _f("unit_kind", _S),
            _f("role", _S),
            _f("expanded_from", _S, True),
        ]
    ),
    "units": pa.schema(
        [
            _f("unit_id", _S),
            _f("unit_name", _S),
            _f("full_name", _S),
            _f("unit_kind", _S),
            _f("jurisdiction", _S, True),
            _f("adcode", _S, True),
            _f("aliases", pa.list_(pa.field("item", _S, nullable=False))),
        ]
    ),
    "targets": pa.schema(
        [
            _f("task_id", _S),
            _f("doc_id", _S),
            _f("table_no", _I),
            _f("seq", _I),
            _f("position", _I),
            _f("value", pa.float64()),
            _f("value_max", pa.float64(), True),
            _f("unit", _S),
            _f("comparator", _S, True),
            _f("measure", _S, True),
            _f("per", pa.list_(pa.field("item", _S, nullable=False))),
            _f("span", _S),
        ]
    ),
    "task_terms": pa.schema(
        [
            _f("task_id", _S),
            _f("doc_id", _S),
            _f("table_no", _I),
            _f("seq", _I),
            _f("topic", _S),
            _f("evidence", pa.list_(pa.field("item", _S, nullable=False))),
            _f("keywords", pa.list_(pa.field("item", _S, nullable=False))),
            _f("keyword_weights", pa.list_(pa.field("item", pa.float64(), nullable=False))),
        ]
    ),
    "links": pa.schema(
        [
            _f("doc_id", _S),
            _f("from_task_id", _S),
            _f("from_table_no", _I),
            _f("from_seq", _I),
            _f("to_task_id", _S),
            _f("to_table_no", _I),
            _f("to_seq", _I),
            _f("score", pa.float64()),
        ]
    ),
    "review": pa.schema(
        [
            _f("task_id", _S),
            _f("doc_id", _S),
            _f("table_no", _I),
            _f("seq", _I),
            _f("line", _I, True),
            _f("code", _S),
            _f("words", _S),
            _f("message", _S),
        ]
    ),
}

# Units as each document names them, with the spelling written (a hidden table: output/_units/),
# merged into the units table across documents.
SIGHTINGS: pa.Schema = pa.schema(
    [
        _f("doc_id", _S),
        _f("unit_id", _S),
        _f("unit_name", _S),
        _f("full_name", _S),
        _f("unit_kind", _S),
        _f("jurisdiction", _S, True),
        _f("adcode", _S, True),
        _f("spelling", _S),
    ]
)

# Each task row's key (its text and responsibility cell, hashed: `analysis.duplicates.row_key`), per
# document (a hidden table: output/_rows/): near copies are found from these, not from the tasks.
ROW_KEYS: pa.Schema = pa.schema([_f("doc_id", _S), _f("row_key", pa.binary(8))])

# What the report page counts, per document (a hidden table: output/_counts/; `analysis.counts`):
# counts of different documents add up, so the page never reads the whole output's assignments.
COUNTS: pa.Schema = pa.schema([_f("doc_id", _S), _f("count", _S), _f("key", _S), _f("detail", _S), _f("n", pa.int64())])

# Rows are sorted by these columns within each file, so unchanged input gives the same rows in the
# same order.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "tables": ("doc_id", "table_no"),
    "tasks": ("doc_id", "table_no", "seq"),
    "assignments": ("doc_id", "table_no", "seq", "position"),
    "units": ("unit_id",),
    "review": ("doc_id", "table_no", "seq"),
    "targets": ("doc_id", "table_no", "seq", "position"),
    "task_terms": ("doc_id", "table_no", "seq"),
    "links": ("doc_id", "from_table_no", "from_seq"),
}
