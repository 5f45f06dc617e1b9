"""The build report analysts open: what was read, what was refused and why, every expectation."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.records import NormalizedDocument, ReviewRow
from pipeline.validate import Outcome

JSON_NAME = "build-report.json"
HTML_NAME = "build-report.html"
REJECTS_NAME = "rejects.tsv"


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file under raw/."""

    path: str
    status: str  # built, skipped (no task table in it), refused
    tasks: int
    assignments: int
    jurisdiction: str | None
    notes: tuple[str, ...]
    review: int = 0  # cells of its tasks that need review

    @classmethod
    def built(cls, document: NormalizedDocument, duplicates: Iterable[str] = ()) -> FileOutcome:
        """A built file, with its counts, jurisdiction and notes."""
        home = document.jurisdiction
        notes = (*document.notes, *(f"same bytes as {document.source.path}: {d}" for d in duplicates))
        return cls(
            document.source.path,
            "built",
            len(document.tasks),
            len(document.assignments),
            f"{home.name} ({home.adcode})" if home else None,
            notes,
            len(document.review),
        )

    @classmethod
    def skipped(cls, path: str, error: PipelineError) -> FileOutcome:
        """A file with no task table in it: listed with the reason, no error."""
        return cls(path, "skipped", 0, 0, None, (error.message(),))

    @classmethod
    def refused(cls, path: str, errors: Iterable[PipelineError]) -> FileOutcome:
        """A refused file, with the messages of the errors that name it."""
        return cls(path, "refused", 0, 0, None, tuple(e.message() for e in errors))


@dataclass(frozen=True)
class BuildReport:
    """Everything one build did, pass or fail."""

    status: str  # published, unchanged, refused, failed-expectations
    started_at: str
    seconds: float
    files: tuple[FileOutcome, ...]
    errors: tuple[PipelineError, ...]
    outcomes: tuple[Outcome, ...]
    row_counts: dict[str, int]
    new_units: tuple[tuple[str, str, str, str], ...]  # (name, kind, jurisdiction, first file): to be checked
    review: tuple[tuple[str, ReviewRow], ...] = ()  # (file, row): cells an analyst must look at


def write_report(report: BuildReport, report_dir: Path) -> Path:
    """Write the report as JSON (for scripts) and HTML (for people); return the HTML path."""
    report_dir.mkdir(parents=True, exist_ok=True)
    data = _as_json(report)
    _replace(report_dir / JSON_NAME, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    path = report_dir / HTML_NAME
    _replace(path, _as_html(data))
    return path


def write_rejects(report: BuildReport, report_dir: Path) -> Path:
    """The refused files of this build, one per line with its reasons (header only when none)."""
    lines = ["path\tcode\tmessage"]
    for error in report.errors:
        path = error.location.file if error.location else ""
        lines.append("\t".join((path, error.code.value, error.message().replace("\t", " "))))
    target = report_dir / REJECTS_NAME
    _replace(target, "\n".join(lines) + "\n")
    return target


def _replace(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _as_json(report: BuildReport) -> dict[str, Any]:
    return {
        "status": report.status,
        "started_at": report.started_at,
        "seconds": round(report.seconds, 3),
        "row_counts": report.row_counts,
        "review": [{"file": path, **asdict(row)} for path, row in report.review],
        "files": [asdict(f) for f in report.files],
        "errors": [
            {
                "code": e.code.value,
                "message": e.message(),
                "reason": e.reason,
                "location": asdict(e.location) if e.location else None,
            }
            for e in report.errors
        ],
        "new_units": [
            {"unit_name": n, "unit_kind": k, "jurisdiction": j or None, "first_file": f}
            for n, k, j, f in report.new_units
        ],
        "expectations": [asdict(o) for o in report.outcomes],
    }


def _as_html(data: dict[str, Any]) -> str:
    def esc(value: object) -> str:
        return html.escape("" if value is None else str(value))

    def table(headers: list[str], rows: list[list[object]], marks: list[str] | None = None) -> str:
        head = "".join(f"<th>{esc(h)}</th>" for h in headers)
        body = "".join(
            f'<tr class="{marks[i] if marks else ""}">' + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
            for i, row in enumerate(rows)
        )
        return f"<table><tr>{head}</tr>{body}</table>"

    files = table(
        ["file", "status", "tasks", "assignments", "review", "jurisdiction", "notes"],
        [
            [
                f["path"],
                f["status"],
                f["tasks"],
                f["assignments"],
                f["review"],
                f["jurisdiction"],
                "; ".join(f["notes"]),
            ]
            for f in data["files"]
        ],
        ["bad" if f["status"] == "refused" else "" for f in data["files"]],
    )
    review = (
        table(
            ["file", "table", "row", "line", "code", "words", "what to do"],
            [
                [r["file"], r["table_no"], r["seq"], r["line"], r["code"], r["words"], r["message"]]
                for r in data["review"]
            ],
            ["warn"] * len(data["review"]),
        )
        if data["review"]
        else "<p>None: every cell was read.</p>"
    )
    errors = (
        table(["code", "message"], [[e["code"], e["message"]] for e in data["errors"]], ["bad"] * len(data["errors"]))
        if data["errors"]
        else "<p>None.</p>"
    )
    checks = table(
        ["suite", "v", "rule", "expectation", "result", "rows", "unexpected", "examples"],
        [
            [
                o["suite"],
                o["suite_version"],
                o["rule"],
                o["expectation"],
                "pass" if o["success"] else "FAIL",
                o["element_count"],
                o["unexpected_count"],
                "; ".join(o["examples"]),
            ]
            for o in data["expectations"]
        ],
        ["" if o["success"] else "bad" for o in data["expectations"]],
    )
    counts = table(["table", "rows"], [[k, v] for k, v in data["row_counts"].items()])
    new_units = (
        table(
            ["unit", "kind", "jurisdiction", "first seen in"],
            [[u["unit_name"], u["unit_kind"], u["jurisdiction"], u["first_file"]] for u in data["new_units"]],
        )
        if data["new_units"]
        else "<p>None (or this is the first build).</p>"
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Build report: {esc(data["status"])}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin-bottom:2em}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}
tr.bad td{{background:#fdd}}tr.warn td{{background:#ffe9c2}}</style>
</head><body>
<h1>Build {esc(data["status"])}</h1>
<p>Started {esc(data["started_at"])} UTC, took {esc(data["seconds"])} s.</p>
<h2>Cells to review</h2>
<p>Tasks kept without assignments: their responsibility cell could not be read in full.</p>{review}
<h2>Problems</h2>{errors}
<h2>Files</h2>{files}
<h2>Rows built</h2>{counts}
<h2>Units seen for the first time</h2>
<p>Check these: a misspelt name or a missing alias shows up here as a new unit.</p>{new_units}
<h2>Expectations</h2>{checks}
</body></html>
"""
