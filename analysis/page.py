"""output/report.html: the one page an analyst opens, offline, beside the tables it describes.

Written into the staging folder with the tables, so it is published in the same swap. It draws what
the tables hold (charts by plotly) and lists what needs an analyst's eye first: the cells to review,
the units seen for the first time, the near copies, the data-quality results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis import charts, sections
from analysis.gather import TEXT_SHOWN, Gathered, gather
from analysis.html import esc, page, table

PAGE_NAME = "report.html"


def write_page(folder: Path, report: dict[str, Any]) -> Path:
    """Write `folder`/report.html from the tables in `folder` and the build report's data."""
    path = folder / PAGE_NAME
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(render(folder, report), encoding="utf-8")
    temporary.replace(path)
    return path


def render(folder: Path, report: dict[str, Any]) -> str:
    """The page's HTML."""
    drawn = gather(folder)
    body = [
        f"<h1>Task division tables: {esc(report['row_counts'].get('documents', 0))} document(s)</h1>",
        f'<p class="note">Built {esc(report["started_at"])} UTC ({esc(report["status"])}). Every table '
        "below is also a Parquet dataset in this folder; click a column to sort, type to filter.</p>",
        _summary(drawn, report),
        "<h2>Cells to review</h2>",
        '<p class="note">Tasks kept without assignments: their responsibility cell could not be read in full. '
        "Declare a name in raw/units.tsv or map it in raw/aliases.tsv, and build again.</p>",
        sections.review(report["review"]),
    ]
    if drawn.assignments:
        figures = [charts.tasks_per_unit(drawn), charts.responsibility_matrix(drawn)]
        if drawn.targets:
            figures.append(charts.targets_by_topic(drawn))
        if drawn.links:
            figures.append(charts.links_flow(drawn))
        body += ["<h2>Charts</h2>", *(f"<div>{fragment}</div>" for fragment in charts.figure_html(figures))]
    else:
        body.append(f'<p class="note">{esc(report.get("why_empty") or "No assignments to draw.")}</p>')
    body += [
        "<h2>Quantitative targets</h2>",
        _targets(drawn),
        "<h2>Annual tasks and the key tasks they carry out</h2>",
        _links(drawn),
        "<h2>Topics and keywords</h2>",
        _terms(drawn),
        "<h2>Units seen for the first time</h2>",
        sections.new_units(report["new_units"]),
        "<h2>Near copies</h2>",
        sections.near_copies(report["near_duplicates"]),
        "<h2>Data quality</h2>",
        sections.expectations(report["expectations"]),
    ]
    return page("Task division tables", "\n".join(body))


def _summary(drawn: Gathered, report: dict[str, Any]) -> str:
    rows = [
        ["documents", report["row_counts"].get("documents", 0)],
        ["tasks", report["row_counts"].get("tasks", 0)],
        ["assignments", report["row_counts"].get("assignments", 0)],
        *([f"  {role}", drawn.roles[role]] for role in charts.ROLES),
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


def _targets(drawn: Gathered) -> str:
    rows = [
        [
            drawn.paths.get(t["doc_id"], ""),
            f"{t['table_no']}.{t['seq']}",
            t["value"],
            t["unit"],
            t["comparator"] or "",
            t["measure"] or "",
            "、".join(t["per"]),
            t["span"],
        ]
        for t in drawn.targets
    ]
    return table(
        ["file", "task", "value", "unit", "comparator", "measure", "per", "words"],
        rows,
        empty="No task text commits to a number.",
    )


def _links(drawn: Gathered) -> str:
    rows = [
        [
            drawn.paths.get(link["doc_id"], ""),
            f"{link['from_table_no']}.{link['from_seq']}",
            drawn.texts.get(link["from_task_id"], "")[:TEXT_SHOWN],
            f"{link['to_table_no']}.{link['to_seq']}",
            drawn.texts.get(link["to_task_id"], "")[:TEXT_SHOWN],
            round(link["score"], 3),
        ]
        for link in drawn.links
    ]
    return table(
        ["file", "annual task", "its text", "key task", "its text", "score"],
        rows,
        empty="No document holds both an annual list and the key tasks it carries out.",
    )


def _terms(drawn: Gathered) -> str:
    rows = [
        [
            drawn.paths.get(t["doc_id"], ""),
            f"{t['table_no']}.{t['seq']}",
            t["topic"],
            "、".join(t["keywords"]),
            drawn.texts.get(t["task_id"], "")[:TEXT_SHOWN],
        ]
        for t in drawn.terms
    ]
    return table(["file", "task", "topic", "keywords", "task text"], rows, empty="No tasks.")
