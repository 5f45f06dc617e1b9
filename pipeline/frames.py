"""Normalized documents into the output tables, typed by their Arrow schemas."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import pyarrow as pa

from normalizers import words
from normalizers.aliases import aliases_by_canonical
from pipeline.records import NormalizedDocument, Unit
from pipeline.schemas import SCHEMAS, SORT_KEYS


def build_tables(
    documents: Iterable[NormalizedDocument],
    ingested_at: Mapping[str, datetime],
    parser_version: str,
    aliases: Mapping[str, str],
) -> dict[str, pa.Table]:
    """Rows of every table, sorted by key, with explicit schemas."""
    docs = list(documents)
    rows: dict[str, list[dict[str, Any]]] = {
        "documents": [_document_row(d, ingested_at[d.source.doc_id], parser_version) for d in docs],
        "tables": [vars(t) | {"header": list(t.header)} for d in docs for t in d.tables],
        "tasks": [vars(t) | {"section_path": list(t.section_path)} for d in docs for t in d.tasks],
        "assignments": [
            {
                "task_id": a.task_id,
                "doc_id": a.doc_id,
                "table_no": a.table_no,
                "seq": a.seq,
                "position": a.position,
                "unit_id": a.unit.unit_id,
                "unit_name": a.unit.unit_name,
                "full_name": a.unit.full_name,
                "unit_as_written": a.unit_as_written,
                "unit_kind": a.unit.unit_kind.value,
                "role": a.role.value,
                "expanded_from": a.expanded_from,
            }
            for d in docs
            for a in d.assignments
        ],
        "units": _unit_rows(docs, aliases),
        "review": [vars(r) for d in docs for r in d.review],
    }
    return {name: _table(name, table_rows) for name, table_rows in rows.items()}


def _table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    keys = SORT_KEYS[name]
    ordered = sorted(rows, key=lambda row: tuple(row[k] for k in keys))
    return pa.Table.from_pylist(ordered, schema=SCHEMAS[name])


def _document_row(doc: NormalizedDocument, ingested_at: datetime, parser_version: str) -> dict[str, Any]:
    home = doc.jurisdiction
    return {
        "doc_id": doc.source.doc_id,
        "source_path": doc.source.path,
        "source_format": doc.source.format.value,
        "jurisdiction": home.name if home else None,
        "jurisdiction_adcode": home.adcode if home else None,
        "n_tables": len(doc.tables),
        "n_tasks": len(doc.tasks),
        "n_review": len(doc.review),
        "parser_version": parser_version,
        "ingested_at": ingested_at,
    }


def _unit_rows(docs: list[NormalizedDocument], table: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per unit_id; aliases are the alias table's variants plus every other spelling seen."""
    units: dict[str, Unit] = {}
    spellings: dict[str, set[str]] = {}
    for doc in docs:
        for a in doc.assignments:
            units.setdefault(a.unit.unit_id, a.unit)
            if a.expanded_from is None:
                spellings.setdefault(a.unit.unit_id, set()).add(a.unit_as_written)
    variants = aliases_by_canonical(table)
    rows = []
    for unit_id, unit in units.items():
        level = words.level_word(unit.unit_name)
        prefix = level.word if level else ""
        known = {prefix + alias for alias in variants.get(unit.unit_name[len(prefix) :], ())}
        aliases = sorted((known | spellings.get(unit_id, set())) - {unit.unit_name})
        rows.append(
            {
                "unit_id": unit_id,
                "unit_name": unit.unit_name,
                "full_name": unit.full_name,
                "unit_kind": unit.unit_kind.value,
                "jurisdiction": unit.jurisdiction,
                "adcode": unit.adcode,
                "aliases": aliases,
            }
        )
    return rows
