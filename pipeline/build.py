"""One build: raw/ → parse → normalize → tables → expectations → output/ (all or nothing).

With nothing changed since the last good build, the build stops after hashing raw/, before any
heavy library loads. Otherwise each document comes from the cache when its bytes, settings and
code are unchanged (`pipeline.cache`), and is parsed and normalized afresh when not.
In keep-going mode, refused documents are left out and listed; the rest are built.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import cache
from pipeline.errors import CellError, Code, ExpectationError, Location, PipelineError
from pipeline.lock import build_lock
from pipeline.manifest import ALIASES_NAME, UNITS_NAME, FileSettings, load_manifest
from pipeline.records import NormalizedDocument, ReviewRow
from pipeline.sources import SETTINGS_FILES, RawFile, discover

if TYPE_CHECKING:  # the heavy modules load only when a build really runs
    from normalizers.document import Settings
    from pipeline.report import FileOutcome
    from pipeline.validate import Outcome

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"

# Rounds of leaving out documents whose rows fail an expectation, in keep-going mode.
MAX_EXPECTATION_ROUNDS = 5


class Status(StrEnum):
    """How a build ended."""

    PUBLISHED = "published"  # new tables are in output/
    UNCHANGED = "unchanged"  # the tables built equal those already there
    REFUSED = "refused"  # input could not be read; output/ untouched (keep-going: the rest published)
    FAILED_EXPECTATIONS = "failed-expectations"  # tables built but failed a check; output/ untouched


@dataclass(frozen=True)
class BuildResult:
    """What the command line needs to tell the user."""

    status: Status
    errors: tuple[PipelineError, ...]
    row_counts: dict[str, int]
    report_path: Path | None  # None when nothing changed and no report was written
    published: bool  # output/ holds this build's tables (also in keep-going with rejects)
    documents_read: int  # parsed afresh, not taken from the cache
    new_units: int
    review: tuple[tuple[str, ReviewRow], ...] = ()  # (file, row) of every cell to review


def build(
    raw_dir: Path,
    out_dir: Path,
    report_dir: Path,
    *,
    keep_going: bool = False,
    strict: bool = False,
    suites_dir: Path = EXPECTATIONS_DIR,
) -> BuildResult:
    """Build output/ from every file in raw/; on a problem, change nothing (or, keep-going, leave it out).

    A cell that cannot be read goes to the review table and its document is still built; `strict`
    refuses such a document instead, and a file with no task table, as earlier versions did."""
    started, clock = datetime.now(UTC), time.monotonic()
    store_dir = cache.cache_dir(out_dir)
    with build_lock(out_dir):
        files, errors = discover(raw_dir)
        code = cache.code_fingerprint()
        settings_files = [raw_dir / name for name in SETTINGS_FILES] + sorted(suites_dir.glob("*.json"))
        fingerprint = cache.inputs_fingerprint(
            f"{code}|strict={strict}",
            [f"{f.source.path}\t{f.source.doc_id}\t{','.join(f.duplicates)}" for f in files],
            settings_files,
        )
        if not errors and cache.unchanged_since_last_build(store_dir, fingerprint, out_dir):
            return BuildResult(Status.UNCHANGED, (), {}, None, True, 0, 0)
        cache.forget_build(store_dir)
        return _full_build(
            _Run(
                raw_dir,
                out_dir,
                report_dir,
                suites_dir,
                store_dir,
                keep_going,
                strict,
                code,
                fingerprint,
                started,
                clock,
            ),
            files,
            errors,
        )


@dataclass(frozen=True)
class _Run:
    raw_dir: Path
    out_dir: Path
    report_dir: Path
    suites_dir: Path
    store_dir: Path
    keep_going: bool
    strict: bool
    code: str
    fingerprint: str
    started: datetime
    clock: float


def _full_build(run: _Run, files: list[RawFile], errors: list[PipelineError]) -> BuildResult:
    from normalizers.aliases import aliases_with
    from normalizers.declared import declared_in
    from normalizers.document import Settings
    from pipeline.report import FileOutcome

    outcomes = [FileOutcome.refused(e.location.file if e.location else "?", [e]) for e in errors]
    try:
        manifest = load_manifest(run.raw_dir, {f.source.path for f in files})
        aliases = aliases_with(run.raw_dir / ALIASES_NAME)
        declared = declared_in(run.raw_dir / UNITS_NAME)
    except PipelineError as error:  # settings for every file: nothing can be built without them
        return _finish(run, Status.REFUSED, [*errors, error], outcomes, {}, (), 0, [])
    tables_digest = cache.mapping_digest({**aliases, **{f"unit:{k}": v.value for k, v in declared.items()}})
    documents: list[NormalizedDocument] = []
    fresh = 0
    for raw in files:
        chosen = manifest.get(raw.source.path, FileSettings())
        settings = Settings(chosen.jurisdiction, chosen.first_listed_leads, aliases, declared)
        try:
            document, was_read = _document(run, raw, settings, tables_digest)
            if run.strict and document.review:
                raise CellError.joined([_review_error(raw.source.path, r) for r in document.review])
        except PipelineError as error:
            if error.code is Code.NO_TABLE and not run.strict:
                outcomes.append(FileOutcome.skipped(raw.source.path, error))
                continue
            errors.extend(error.each())
            outcomes.append(FileOutcome.refused(raw.source.path, error.each()))
            continue
        fresh += was_read
        documents.append(document)
        outcomes.append(FileOutcome.built(document, raw.duplicates))
    if errors and not run.keep_going:
        return _finish(run, Status.REFUSED, errors, outcomes, {}, (), fresh, [])
    return _check_and_publish(run, documents, errors, outcomes, aliases, fresh)


def _review_error(path: str, row: ReviewRow) -> CellError:
    """A review row as an error, for a strict build."""
    return CellError(row.message, Location(path, row.table_no, row.seq, row.line, row.words), code=Code(row.code))


def _document(run: _Run, raw: RawFile, settings: Settings, tables_digest: str) -> tuple[NormalizedDocument, bool]:
    """The normalized document, from the cache when nothing it depends on changed."""
    from normalizers.document import normalize
    from parsers import parse

    home = settings.jurisdiction.adcode if settings.jurisdiction else "-"
    key = cache.document_key(
        raw.source.doc_id + raw.source.path, f"{home}|{settings.first_listed_leads}|{tables_digest}", run.code
    )
    cached = cache.load(run.store_dir, key)
    if cached is not None:
        return cached, False
    document = normalize(parse(raw.source, raw.data), settings)
    cache.store(run.store_dir, key, document)
    return document, True


def _check_and_publish(
    run: _Run,
    documents: list[NormalizedDocument],
    errors: list[PipelineError],
    outcomes: list[FileOutcome],
    aliases: Mapping[str, str],
    fresh: int,
) -> BuildResult:
    from parsers import PARSER_VERSION
    from pipeline.frames import build_tables
    from pipeline.report import FileOutcome
    from pipeline.store import previous_ingestion, previous_units, publish
    from pipeline.validate import frames_to_check, validate

    seen = previous_ingestion(run.out_dir)
    for _ in range(MAX_EXPECTATION_ROUNDS):
        ingested_at = {d.source.doc_id: seen.get(d.source.doc_id, run.started) for d in documents}
        tables = build_tables(documents, ingested_at, PARSER_VERSION, aliases)
        frames = {name: table.to_pandas() for name, table in tables.items()}
        paths = {d.source.doc_id: d.source.path for d in documents}
        checked = frames_to_check(frames)
        validation = validate(checked, paths, run.suites_dir)
        counts = {name: table.num_rows for name, table in tables.items()}
        if validation.success:
            break
        failing = validation.failing_files
        if not run.keep_going or not failing:
            return _finish(
                run,
                Status.FAILED_EXPECTATIONS,
                [*errors, *validation.errors],
                outcomes,
                counts,
                validation.outcomes,
                fresh,
                [],
            )
        left_out = [
            ExpectationError(f"left out: its rows failed expectations: {'; '.join(rules)}", Location(file))
            for file, rules in failing.items()
        ]
        errors.extend(left_out)
        documents = [d for d in documents if d.source.path not in failing]
        named = (*validation.errors, *left_out)
        outcomes = [
            FileOutcome.refused(o.path, (e for e in named if e.location and e.location.file == o.path))
            if o.path in failing
            else o
            for o in outcomes
        ]
    else:
        return _finish(run, Status.FAILED_EXPECTATIONS, errors, outcomes, counts, validation.outcomes, fresh, [])
    known = previous_units(run.out_dir)
    new_units = _new_units(documents, known) if known is not None else []
    changed = publish(tables, run.out_dir)
    if not errors:
        cache.record_build(run.store_dir, run.fingerprint, run.out_dir)
    status = Status.REFUSED if errors else (Status.PUBLISHED if changed else Status.UNCHANGED)
    review = tuple((d.source.path, row) for d in documents for row in d.review)
    return _finish(
        run, status, errors, outcomes, counts, validation.outcomes, fresh, new_units, published=True, review=review
    )


def _new_units(documents: list[NormalizedDocument], known: set[str]) -> list[tuple[str, str, str, str]]:
    """Units no earlier build had: (unit_name, unit_kind, jurisdiction, first file), to be checked."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for document in documents:
        for a in document.assignments:
            if a.unit.unit_id not in known and a.unit.unit_id not in found:
                found[a.unit.unit_id] = (
                    a.unit.unit_name,
                    a.unit.unit_kind.value,
                    a.unit.jurisdiction or "",
                    document.source.path,
                )
    return sorted(found.values())


def _finish(
    run: _Run,
    status: Status,
    errors: list[PipelineError],
    outcomes: list[FileOutcome],
    counts: dict[str, int],
    checks: tuple[Outcome, ...],
    fresh: int,
    new_units: list[tuple[str, str, str, str]],
    *,
    published: bool = False,
    review: tuple[tuple[str, ReviewRow], ...] = (),
) -> BuildResult:
    from pipeline.report import BuildReport, write_rejects, write_report

    report = BuildReport(
        status.value,
        run.started.strftime("%Y-%m-%d %H:%M:%S"),
        time.monotonic() - run.clock,
        tuple(sorted(outcomes, key=lambda f: f.path)),
        tuple(errors),
        tuple(checks),
        counts,
        tuple(new_units),
        review,
    )
    path = write_report(report, run.report_dir)
    write_rejects(report, run.report_dir)
    return BuildResult(status, tuple(errors), counts, path, published, fresh, len(new_units), review)
