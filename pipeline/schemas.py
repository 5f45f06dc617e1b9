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

# Rows are sorted by these columns, so unchanged input gives the same rows in the same order.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "tables": ("doc_id", "table_no"),
    "tasks": ("doc_id", "table_no", "seq"),
    "assignments": ("doc_id", "table_no", "seq", "position"),
    "units": ("unit_id",),
    "review": ("doc_id", "table_no", "seq"),
}
