"""One build: raw/ → parse → normalize → tables → expectations → output/ (all or nothing)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import pyarrow as pa

from normalizers.document import normalize
from parsers import PARSER_VERSION, parse
from pipeline.errors import PipelineError
from pipeline.frames import build_tables
from pipeline.records import NormalizedDocument
from pipeline.report import BuildReport, FileOutcome, write_report
from pipeline.sources import discover
from pipeline.store import build_lock, previous_ingestion, publish
from pipeline.validate import EXPECTATIONS_DIR, Outcome, frames_to_check, validate


class Status(StrEnum):
    """How a build ended."""

    PUBLISHED = "published"  # new tables are in output/
    UNCHANGED = "unchanged"  # the tables built equal those already there
    REFUSED = "refused"  # input could not be read; output/ untouched
    FAILED_EXPECTATIONS = "failed-expectations"  # tables built but failed a check; output/ untouched


@dataclass(frozen=True)
class BuildResult:
    """What the command line needs to tell the user."""

    status: Status
    errors: tuple[PipelineError, ...]
    row_counts: dict[str, int]
    report_path: Path


def build(raw_dir: Path, out_dir: Path, report_dir: Path, suites_dir: Path = EXPECTATIONS_DIR) -> BuildResult:
    """Build output/ from every file in raw/; on any problem, change nothing and say what failed."""
    started, clock = datetime.now(UTC), time.monotonic()
    with build_lock(out_dir):
        files, errors = discover(raw_dir)
        documents: list[NormalizedDocument] = []
        outcomes: list[FileOutcome] = [
            FileOutcome(e.location.file if e.location else "?", "refused", 0, 0, None, (e.message(),)) for e in errors
        ]
        for raw in files:
            try:
                document = normalize(parse(raw.source, raw.data))
            except PipelineError as error:
                errors.append(error)
                outcomes.append(FileOutcome(raw.source.path, "refused", 0, 0, None, (error.message(),)))
                continue
            documents.append(document)
            home = document.jurisdiction
            outcomes.append(
                FileOutcome(
                    raw.source.path,
                    "built",
                    len(document.tasks),
                    len(document.assignments),
                    f"{home.name} ({home.adcode})" if home else None,
                    (*document.notes, *(f"same bytes as {raw.source.path}: {d}" for d in raw.duplicates)),
                )
            )
        tables: dict[str, pa.Table] = {}
        checks: tuple[Outcome, ...] = ()
        status = Status.REFUSED
        if not errors:
            seen = previous_ingestion(out_dir)
            ingested_at = {d.source.doc_id: seen.get(d.source.doc_id, started) for d in documents}
            tables = build_tables(documents, ingested_at, PARSER_VERSION)
            frames = {name: table.to_pandas() for name, table in tables.items()}
            validation = validate(
                frames_to_check(frames, [e for d in documents for e in d.expansions]),
                {d.source.doc_id: d.source.path for d in documents},
                suites_dir,
            )
            checks = validation.outcomes
            errors.extend(validation.errors)
            if validation.success:
                status = Status.PUBLISHED if publish(tables, out_dir) else Status.UNCHANGED
            else:
                status = Status.FAILED_EXPECTATIONS
        counts = {name: table.num_rows for name, table in tables.items()}
        report = BuildReport(
            status.value,
            started.strftime("%Y-%m-%d %H:%M:%S"),
            time.monotonic() - clock,
            tuple(sorted(outcomes, key=lambda f: f.path)),
            tuple(errors),
            checks,
            counts,
        )
        path = write_report(report, report_dir)
    return BuildResult(status, tuple(errors), counts, path)
