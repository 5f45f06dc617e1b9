"""The build report analysts open: what was read, what was refused and why, every expectation."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analysis import sections
from analysis.html import esc, page, table
from pipeline.errors import PipelineError
from pipeline.outcomes import FileOutcome, NearDuplicate, Outcome
from pipeline.records import ReviewRow

JSON_NAME = "build-report.json"
HTML_NAME = "build-report.html"
REJECTS_NAME = "rejects.tsv"


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
    stages: dict[str, float] = field(default_factory=dict)  # seconds spent in each stage of the build
    near_duplicates: tuple[NearDuplicate, ...] = ()
    reader_stages: dict[str, float] = field(default_factory=dict)  # CPU seconds the readers spent per stage


def write_report(report: BuildReport, report_dir: Path) -> Path:
    """Write the report as JSON (for scripts) and HTML (for people); return the HTML path."""
    report_dir.mkdir(parents=True, exist_ok=True)
    data = as_json(report)
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


def as_json(report: BuildReport) -> dict[str, Any]:
    """The report as plain data (its JSON, and what the analyst page reads)."""
    return {
        "status": report.status,
        "started_at": report.started_at,
        "seconds": round(report.seconds, 3),
        "stages": {name: round(seconds, 3) for name, seconds in report.stages.items()},
        "reader_stages": {name: round(seconds, 3) for name, seconds in report.reader_stages.items()},
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
        "near_duplicates": [asdict(d) for d in report.near_duplicates],
        "why_empty": why_empty(report),
    }


def why_empty(report: BuildReport) -> str:
    """Why a build's tables hold no rows, in one sentence (for a report whose tables are empty)."""
    if report.row_counts.get("documents"):
        return ""
    if not report.files:
        return "No tables: raw/ holds no attachment."
    if report.status in ("refused", "failed-expectations"):
        return "No tables: the build was refused, and output/ was left as it was."
    if all(f.status == "skipped" for f in report.files):
        return "No tables: no file in raw/ holds a task table (every one was skipped; see Files)."
    return "No tables: no file could be built (see Files and Problems)."


def _as_html(data: dict[str, Any]) -> str:
    files = table(
        ["file", "status", "tasks", "assignments", "review", "jurisdiction", "notes"],
        [
            [f["path"], f["status"], f["tasks"], f["assignments"], f["review"], f["jurisdiction"], _notes(f)]
            for f in data["files"]
        ],
        ["bad" if f["status"] == "refused" else "" for f in data["files"]],
        empty="No files: raw/ holds no attachment.",
    )
    errors = table(
        ["code", "message"],
        [[e["code"], e["message"]] for e in data["errors"]],
        ["bad"] * len(data["errors"]),
        empty="None.",
    )
    counts = table(["table", "rows"], [[k, v] for k, v in data["row_counts"].items()], empty=data["why_empty"])
    body = f"""<h1>Build {esc(data["status"])}</h1>
<p>Started {esc(data["started_at"])} UTC, took {esc(data["seconds"])} s. The tables are in output/; what they
hold is drawn in output/report.html.</p>
<h2>Cells to review</h2>
<p>Tasks kept without assignments: their responsibility cell could not be read in full.</p>
{sections.review(data["review"])}
<h2>Problems</h2>{errors}
<h2>Files</h2>{files}
<h2>Near copies</h2>
<p>Files whose rows are nearly all another file's (a corrected re-issue, a copy under another name): both are
counted unless raw/manifest.toml says which one the newer supersedes.</p>{sections.near_copies(data["near_duplicates"])}
<h2>Rows built</h2>{counts}
<h2>Units seen for the first time</h2>
<p>Check these: a misspelt name or a missing alias shows up here as a new unit.</p>
{sections.new_units(data["new_units"])}
<h2>Expectations</h2>{sections.expectations(data["expectations"])}"""
    return page(f"Build report: {data['status']}", body)


def _notes(outcome: dict[str, Any]) -> str:
    return "; ".join(outcome["notes"])
