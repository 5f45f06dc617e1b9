"""output/report.html: the one page an analyst opens, offline, beside the tables it describes.

Written into the staging folder with the tables, so it is published in the same swap. It draws what
the tables hold (charts by plotly) and lists what needs an analyst's eye first: the cells to review,
the units seen for the first time, the near copies, the data-quality results.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa

from analysis import charts, sections
from analysis.html import esc, page, table
from pipeline.store import read_table

PAGE_NAME = "report.html"

# Rows listed in one table of the page; the Parquet tables (and the Excel export) hold them all.
MAX_ROWS_LISTED = 2_000


# The columns the page reads: a national build's tables are far larger than what a page draws.
_COLUMNS_DRAWN: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "source_path"),
    "tasks": ("task_id", "table_no", "seq", "task_text"),
    "assignments": ("task_id", "full_name", "role"),
    "targets": ("task_id", "doc_id", "table_no", "seq", "value", "unit", "comparator", "measure", "per", "span"),
    "task_terms": ("task_id", "doc_id", "table_no", "seq", "topic", "keywords"),
    "links": ("doc_id", "from_task_id", "from_table_no", "from_seq", "to_task_id", "to_table_no", "to_seq", "score"),
}


def write_page(folder: Path, report: dict[str, Any]) -> Path:
    """Write `folder`/report.html from the tables in `folder` and the build report's data."""
    path = folder / PAGE_NAME
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(render(folder, report), encoding="utf-8")
    temporary.replace(path)
    return path


def render(folder: Path, report: dict[str, Any]) -> str:
    """The page's HTML."""
    tables = {name: read_table(folder, name, list(columns)) for name, columns in _COLUMNS_DRAWN.items()}
    body = [
        f"<h1>Task division tables: {esc(report['row_counts'].get('documents', 0))} document(s)</h1>",
        f'<p class="note">Built {esc(report["started_at"])} UTC ({esc(report["status"])}). Every table '
        "below is also a Parquet dataset in this folder; click a column to sort, type to filter.</p>",
        _summary(tables, report),
        "<h2>Cells to review</h2>",
        '<p class="note">Tasks kept without assignments: their responsibility cell could not be read in full. '
        "Declare a name in raw/units.tsv or map it in raw/aliases.tsv, and build again.</p>",
        sections.review(report["review"]),
    ]
    if tables["assignments"].num_rows:
        figures = [
            charts.tasks_per_unit(tables["assignments"]),
            charts.responsibility_matrix(tables["assignments"], tables["tasks"]),
        ]
        if tables["targets"].num_rows:
            figures.append(charts.targets_by_topic(tables["targets"], tables["task_terms"]))
        if tables["links"].num_rows:
            figures.append(charts.links_flow(tables["links"], tables["tasks"]))
        body += ["<h2>Charts</h2>", *(f"<div>{fragment}</div>" for fragment in charts.figure_html(figures))]
    else:
        body.append(f'<p class="note">{esc(report.get("why_empty") or "No assignments to draw.")}</p>')
    body += [
        "<h2>Quantitative targets</h2>",
        _targets(tables),
        "<h2>Annual tasks and the key tasks they carry out</h2>",
        _links(tables),
        "<h2>Topics and keywords</h2>",
        _terms(tables),
        "<h2>Units seen for the first time</h2>",
        sections.new_units(report["new_units"]),
        "<h2>Near copies</h2>",
        sections.near_copies(report["near_duplicates"]),
        "<h2>Data quality</h2>",
        sections.expectations(report["expectations"]),
    ]
    return page("Task division tables", "\n".join(body))


def _summary(tables: dict[str, pa.Table], report: dict[str, Any]) -> str:
    roles = Counter(tables["assignments"]["role"].to_pylist()) if tables["assignments"].num_rows else Counter()
    rows = [
        ["documents", report["row_counts"].get("documents", 0)],
        ["tasks", report["row_counts"].get("tasks", 0)],
        ["assignments", report["row_counts"].get("assignments", 0)],
        *([f"  {role}", roles[role]] for role in charts.ROLES),
        ["units", report["row_counts"].get("units", 0)],
        ["cells to review", len(report["review"])],
        ["quantitative targets", report["row_counts"].get("targets", 0)],
        ["links", report["row_counts"].get("links", 0)],
    ]
    return (
        '<table class="summary">'
        + "".join(f"<tr><td>{esc(a)}</td><td>{esc(b)}</td></tr>" for a, b in rows)
        + "</table>"
    )


def _texts(tables: dict[str, pa.Table], listed: pa.Table, *columns: str) -> dict[str, str]:
    """The texts of the tasks a listing names in `columns` (only those)."""
    ids = sorted({task_id for column in columns for task_id in listed[column].to_pylist()})
    return charts.task_texts(tables["tasks"], ids, 60)


def _paths(tables: dict[str, pa.Table]) -> dict[str, str]:
    docs = tables["documents"]
    return dict(zip(docs["doc_id"].to_pylist(), docs["source_path"].to_pylist(), strict=True)) if docs.num_rows else {}


def _targets(tables: dict[str, pa.Table]) -> str:
    paths = _paths(tables)
    rows = [
        [
            paths.get(t["doc_id"], ""),
            f"{t['table_no']}.{t['seq']}",
            t["value"],
            t["unit"],
            t["comparator"] or "",
            t["measure"] or "",
            "、".join(t["per"]),
            t["span"],
        ]
        for t in tables["targets"].slice(0, MAX_ROWS_LISTED).to_pylist()
    ]
    return table(
        ["file", "task", "value", "unit", "comparator", "measure", "per", "words"],
        rows,
        empty="No task text commits to a number.",
    )


def _links(tables: dict[str, pa.Table]) -> str:
    listed = tables["links"].slice(0, MAX_ROWS_LISTED)
    texts, paths = _texts(tables, listed, "from_task_id", "to_task_id"), _paths(tables)
    rows = [
        [
            paths.get(link["doc_id"], ""),
            f"{link['from_table_no']}.{link['from_seq']}",
            texts.get(link["from_task_id"], "")[:60],
            f"{link['to_table_no']}.{link['to_seq']}",
            texts.get(link["to_task_id"], "")[:60],
            round(link["score"], 3),
        ]
        for link in listed.to_pylist()
    ]
    return table(
        ["file", "annual task", "its text", "key task", "its text", "score"],
        rows,
        empty="No document holds both an annual list and the key tasks it carries out.",
    )


def _terms(tables: dict[str, pa.Table]) -> str:
    listed = tables["task_terms"].slice(0, MAX_ROWS_LISTED)
    texts, paths = _texts(tables, listed, "task_id"), _paths(tables)
    rows = [
        [
            paths.get(t["doc_id"], ""),
            f"{t['table_no']}.{t['seq']}",
            t["topic"],
            "、".join(t["keywords"]),
            texts.get(t["task_id"], "")[:60],
        ]
        for t in listed.to_pylist()
    ]
    return table(["file", "task", "topic", "keywords", "task text"], rows, empty="No tasks.")
