"""One build: raw/ → read (parse, normalize) → validate → output/ (all or nothing).

With nothing changed since the last good build, the build stops after hashing raw/, before any
heavy library loads. Otherwise the work is proportional to what changed:
- a document whose bytes, settings and code are unchanged is not read: its rows stay in their part
  of the output, which the new output hard-links (`pipeline.cache`, `pipeline.store`);
- new or changed documents are read by an executor (a process per core, or a Dask cluster) and come
  back in order, a window at a time; every BATCH_DOCUMENTS of them are validated together (the
  per-document expectations) and written as one new part, so memory stays flat;
- the units table, which spans documents, is merged from every part's unit sightings and checked
  across documents;
- the new output is swapped in whole.
A cell that cannot be read is a review row and its document is still built; `strict` refuses it.
In keep-going mode, refused documents are left out and listed; the rest are built.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import cache
from pipeline.errors import CellError, Code, ExpectationError, Location, PipelineError
from pipeline.lock import build_lock
from pipeline.manifest import ALIASES_NAME, UNITS_NAME, FileSettings, load_manifest
from pipeline.outcomes import FileOutcome, NearDuplicate, Outcome
from pipeline.records import ReviewRow
from pipeline.sources import SETTINGS_FILES, RawFile, discover

if TYPE_CHECKING:  # the heavy modules load only when a build really runs
    import pyarrow as pa

    from normalizers.document import Settings
    from pipeline.read import ReadResult
    from pipeline.report import BuildReport
    from pipeline.store import Staging
    from pipeline.validate import Validator

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"

# Documents written together as one part of the output: large enough that a part's validation
# pays great-expectations' fixed cost (about half a second a part) once for many documents, small
# enough that memory stays flat: a build of 1,000 documents peaks within 1.2× of a build of 100 with
# parts of 100 (with parts of 200 it reached 1.3×; the reference gives about 1,000 rows a document).
BATCH_DOCUMENTS = 100

# Parts an output may hold before the small ones are merged: builds that each add a few documents
# would otherwise leave thousands of tiny files.
MAX_PARTS = 32

# Rounds of leaving out documents whose rows fail an expectation, in keep-going mode.
MAX_EXPECTATION_ROUNDS = 5


class Status(StrEnum):
    """How a build ended: the same words on the terminal, in the report and in its JSON."""

    PUBLISHED = "published"  # new tables are in output/
    UNCHANGED = "unchanged"  # the tables built equal those already there
    PARTLY_PUBLISHED = "partly-published"  # keep-going: the files that could be read are in output/, the rest refused
    REFUSED = "refused"  # input could not be read; output/ untouched
    FAILED_EXPECTATIONS = "failed-expectations"  # tables built but failed a check; output/ untouched


@dataclass(frozen=True)
class BuildResult:
    """What the command line needs to tell the user."""

    status: Status
    errors: tuple[PipelineError, ...]
    row_counts: dict[str, int]
    report_path: Path | None  # None when nothing changed and no report was written
    published: bool  # output/ holds this build's tables (also in keep-going with rejects)
    documents_read: int  # parsed afresh, not carried over from the output
    new_units: int
    review: tuple[tuple[str, ReviewRow], ...] = ()  # (file, row) of every cell to review
    seconds: float = 0.0
    roles: dict[str, int] = field(default_factory=dict)  # assignment rows by role


@dataclass(frozen=True)
class Options:
    """How to build, as the command line asked."""

    keep_going: bool = False
    strict: bool = False
    suites_dir: Path = EXPECTATIONS_DIR
    executor: str = "local"  # local, serial, dask
    address: str | None = None  # a Dask scheduler's address (dask executor)
    workers: int | None = None  # worker processes (default: one per core)
    progress: Callable[[int, int], None] | None = None  # told (documents read, documents to read)


def build(
    raw_dir: Path,
    out_dir: Path,
    report_dir: Path,
    *,
    keep_going: bool = False,
    strict: bool = False,
    suites_dir: Path = EXPECTATIONS_DIR,
    options: Options | None = None,
) -> BuildResult:
    """Build output/ from every file in raw/; on a problem, change nothing (or, keep-going, leave it out)."""
    chosen = options or Options(keep_going=keep_going, strict=strict, suites_dir=suites_dir)
    started, clock = datetime.now(UTC), time.monotonic()
    store_dir = cache.cache_dir(out_dir)
    with build_lock(out_dir):
        files, errors = discover(raw_dir)
        code = cache.code_fingerprint()
        settings_files = [raw_dir / name for name in SETTINGS_FILES] + sorted(chosen.suites_dir.glob("*.json"))
        fingerprint = cache.inputs_fingerprint(
            f"{code}|strict={chosen.strict}",
            [f"{f.source.path}\t{f.source.doc_id}\t{','.join(f.duplicates)}" for f in files],
            settings_files,
        )
        if not errors and cache.unchanged_since_last_build(store_dir, fingerprint, out_dir):
            return BuildResult(Status.UNCHANGED, (), {}, None, True, 0, 0)
        cache.forget_build(store_dir)
        run = _Run(raw_dir, out_dir, report_dir, store_dir, chosen, code, fingerprint, started, clock)
        return run.build(files, errors)


@dataclass
class _Run:
    raw_dir: Path
    out_dir: Path
    report_dir: Path
    store_dir: Path
    options: Options
    code: str
    fingerprint: str
    started: datetime
    clock: float
    errors: list[PipelineError] = field(default_factory=list)
    outcomes: dict[str, FileOutcome] = field(default_factory=dict)  # by path
    checks: list[Outcome] = field(default_factory=list)
    failed_expectations: bool = False
    read: int = 0
    supersedes: dict[str, str] = field(default_factory=dict)  # newer path → the older one it replaces
    near: tuple[NearDuplicate, ...] = ()
    roles: dict[str, int] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)  # seconds of this process in each stage
    reader_stages: dict[str, float] = field(default_factory=dict)  # CPU seconds of the readers, summed

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage of the build (added up over its passes), for the report."""
        start = time.monotonic()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.monotonic() - start

    def build(self, files: list[RawFile], errors: list[PipelineError]) -> BuildResult:
        from normalizers.aliases import aliases_with
        from normalizers.declared import declared_in

        for error in errors:
            self._refuse(error.location.file if error.location else "?", [error])
        try:
            manifest = load_manifest(self.raw_dir, {f.source.path for f in files})
            aliases = aliases_with(self.raw_dir / ALIASES_NAME)
            declared = declared_in(self.raw_dir / UNITS_NAME)
        except PipelineError as error:  # settings for every file: nothing can be built without them
            self.errors.append(error)
            return self._finish(Status.REFUSED, {})
        self.supersedes = {path: chosen.supersedes for path, chosen in manifest.items() if chosen.supersedes}
        superseded = {older: newer for newer, older in self.supersedes.items()}
        tables_digest = cache.mapping_digest({**aliases, **{f"unit:{k}": v.value for k, v in declared.items()}})
        previous = cache.load_state(self.store_dir, self.out_dir)
        state = cache.OutputState()
        jobs: list[tuple[str, RawFile, Settings]] = []
        for raw in files:
            if raw.source.path in superseded:
                note = f"superseded by {superseded[raw.source.path]} (raw/manifest.toml): not in the tables"
                self.outcomes[raw.source.path] = FileOutcome(raw.source.path, "superseded", 0, 0, None, (note,))
                continue
            settings = _settings(manifest.get(raw.source.path, FileSettings()), aliases, declared)
            key = cache.document_key(
                raw.source.doc_id + raw.source.path, f"{_settings_key(settings)}|{tables_digest}", self.code
            )
            kept = previous.documents.get(key)
            if kept is not None and not (self.options.strict and kept.outcome.get("review")):
                state.documents[key] = kept
                self.outcomes[raw.source.path] = _with_duplicates(FileOutcome.from_stored(kept.outcome), raw)
            else:
                jobs.append((key, raw, settings))
        staging = self._staging()
        plan = _plan_parts(previous, state)
        with self.stage("carrying parts over"):
            for part in plan.keep:
                staging.keep(part)
                state.parts[part] = previous.parts[part]
            for keys in plan.rewrite:
                self._rewrite(staging, previous, keys, state)
        validator = self._validator()
        for chunk in self._chunks(jobs, previous):
            if self.errors and not self.options.keep_going:
                continue  # refused already: the rest is read for the report, not validated or written
            self._write_part(staging, validator, chunk, state)
            if self.failed_expectations and not self.options.keep_going:
                break
        if self.failed_expectations and not self.options.keep_going:
            staging.discard()
            return self._finish(Status.FAILED_EXPECTATIONS, {})
        if self.errors and not self.options.keep_going:
            staging.discard()
            return self._finish(Status.REFUSED, {})
        return self._publish(staging, validator, aliases, state)

    # ---- reading ----------------------------------------------------------------------------------

    def _chunks(
        self, jobs: list[tuple[str, RawFile, Settings]], previous: cache.OutputState
    ) -> Iterator[list[tuple[str, ReadResult]]]:
        """The documents read afresh, BATCH_DOCUMENTS at a time, refused and skipped ones set aside."""
        if not jobs:
            return
        from pipeline.executor import executor
        from pipeline.read import ReadJob, is_skipped, read_document
        from pipeline.store import previous_ingestion
        from pipeline.validate import load_library

        seen = previous_ingestion(self.out_dir)
        keys = [key for key, _, _ in jobs]
        work = (
            ReadJob(raw.source, str(raw.file), settings, seen.get(raw.source.doc_id, self.started))
            for _, raw, settings in jobs
        )
        runner = executor(self.options.executor, self.options.address, self.options.workers)
        chunk: list[tuple[str, ReadResult]] = []
        results = runner.map(read_document, work)
        with self.stage("loading great-expectations (while the readers start)"):
            load_library()  # after the readers forked: they load the word tables meanwhile
        try:
            for key, (_, raw, _) in zip(keys, jobs, strict=True):
                with self.stage("reading (waiting for the readers)"):
                    result = next(results)
                self.read += 1
                for stage, seconds in result.seconds:
                    self.reader_stages[stage] = self.reader_stages.get(stage, 0.0) + seconds
                if self.options.progress is not None:
                    self.options.progress(self.read, len(jobs))
                if result.error is not None:
                    if is_skipped(result.error) and not self.options.strict:
                        self.outcomes[raw.source.path] = FileOutcome.skipped(raw.source.path, result.error)
                    else:
                        self._refuse(raw.source.path, result.error.each())
                    continue
                if self.options.strict and result.review:
                    self._refuse(raw.source.path, [_review_error(raw.source.path, r) for r in result.review])
                    continue
                assert result.outcome is not None
                self.outcomes[raw.source.path] = _with_duplicates(result.outcome, raw)
                chunk.append((key, result))
                if len(chunk) >= BATCH_DOCUMENTS:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk
        finally:
            runner.close()

    def _refuse(self, path: str, errors: list[PipelineError] | tuple[PipelineError, ...]) -> None:
        self.errors.extend(errors)
        self.outcomes[path] = FileOutcome.refused(path, errors)

    # ---- writing ----------------------------------------------------------------------------------

    def _staging(self) -> Staging:
        from pipeline.store import Staging

        return Staging(self.out_dir)

    def _validator(self) -> Validator:
        from pipeline.validate import Validator

        return Validator(self.options.suites_dir)

    def _write_part(
        self, staging: Staging, validator: Validator, chunk: list[tuple[str, ReadResult]], state: cache.OutputState
    ) -> None:
        """Validate a batch of documents read afresh, leave out failing ones in keep-going mode, write
        the rest as one part."""
        from pipeline.frames import DOCUMENT_TABLES
        from pipeline.validate import frames_to_check

        for _ in range(MAX_EXPECTATION_ROUNDS):
            with self.stage("tables to frames and views"):
                tables = _concatenated([result.tables for _, result in chunk if result.tables])
                paths = {result.source.doc_id: result.source.path for _, result in chunk}
                frames = frames_to_check({name: validator.frame(name, tables[name]) for name in DOCUMENT_TABLES})
            with self.stage("expectations (great-expectations)"):
                validation = validator.check(frames, paths)
            if validation.success:
                break
            failing = validation.failing_files
            if not self.options.keep_going or not failing:
                self.failed_expectations = True
                self.errors.extend(validation.errors)
                self.checks.extend(validation.outcomes)
                return
            named = (*validation.errors, *_left_out(failing))
            for path in failing:
                self._refuse(path, [e for e in named if e.location and e.location.file == path])
            chunk = [(key, result) for key, result in chunk if result.source.path not in failing]
            if not chunk:
                return
        else:
            self.failed_expectations = True
            return
        self.checks.extend(validation.outcomes)
        part = _part_id([key for key, _ in chunk])
        with self.stage("writing parts"):
            staging.write(part, tables)
        del tables, frames, validation
        _give_back_memory()
        state.parts[part] = [key for key, _ in chunk]
        for key, result in chunk:
            outcome = self.outcomes[result.source.path]
            state.documents[key] = cache.KeptDocument(result.source.doc_id, result.source.path, part, _stored(outcome))

    def _rewrite(
        self, staging: Staging, previous: cache.OutputState, keys: list[str], state: cache.OutputState
    ) -> None:
        """Write the still-current documents of some old parts as one new part: a part that lost a
        document, or small parts merged."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        from pipeline.store import PART_TABLES, part_file

        parts = sorted({previous.documents[key].part for key in keys})
        doc_ids = [previous.documents[key].doc_id for key in keys]
        tables = {}
        for table in PART_TABLES:
            read = _concatenated([{table: pq.read_table(part_file(self.out_dir, table, p))} for p in parts])[table]
            tables[table] = read.filter(pc.is_in(read["doc_id"], _strings(doc_ids)))
        part = _part_id(keys)
        staging.write(part, tables)
        state.parts[part] = keys
        for key in keys:
            kept = previous.documents[key]
            state.documents[key] = cache.KeptDocument(kept.doc_id, kept.path, part, kept.outcome)

    def _publish(
        self, staging: Staging, validator: Validator, aliases: Mapping[str, str], state: cache.OutputState
    ) -> BuildResult:
        import pyarrow.parquet as pq

        from analysis.counts import role_totals
        from pipeline.frames import units_table
        from pipeline.store import COUNTS_DIR, SIGHTINGS_DIR, TABLES, previous_units, read_table
        from pipeline.validate import frames_to_check

        with self.stage("units merged and checked"):
            seen = read_table(staging.path, SIGHTINGS_DIR)
            units = units_table(seen, aliases)
            validation = validator.check(frames_to_check({"units": validator.frame("units", units)}), {})
        self.checks.extend(validation.outcomes)
        if not validation.success:  # across documents: no one document to leave out
            self.errors.extend(validation.errors)
            staging.discard()
            return self._finish(Status.FAILED_EXPECTATIONS, {})
        staging.write_units(units)
        counts = {
            table: sum(pq.read_metadata(f).num_rows for f in (staging.path / table).glob("*.parquet"))
            for table in TABLES
        }
        # Summed from the documents' page counts (a few rows a document), not from every assignment row.
        self.roles = role_totals(read_table(staging.path, COUNTS_DIR, ["count", "key", "n"]))
        known = previous_units(self.out_dir)
        new_units = _new_units(seen, known, state) if known is not None else []
        review = self._review(staging, state)
        with self.stage("near copies"):
            self.near = self._near_copies(staging, state)
        status = Status.PARTLY_PUBLISHED if self.errors else Status.PUBLISHED
        report = self._report(status, counts, new_units, review)
        with self.stage("analyst page (output/report.html)"):
            from analysis.page import write_page
            from pipeline.report import as_json

            write_page(staging.path, as_json(report))
        with self.stage("publishing (swap)"):
            changed = staging.publish()
        cache.save_state(self.store_dir, state, self.out_dir)
        if not self.errors:
            cache.record_build(self.store_dir, self.fingerprint, self.out_dir)
        if not changed and not self.errors:
            status = Status.UNCHANGED
        return self._finish(status, counts, new_units, review, published=True)

    def _near_copies(self, staging: Staging, state: cache.OutputState) -> tuple[NearDuplicate, ...]:
        """Documents whose rows are nearly all another's, and the pairs the manifest settled."""
        from analysis.duplicates import near_copies, superseded_pairs
        from pipeline.store import ROW_KEYS_DIR, read_parts

        paths = {kept.doc_id: kept.path for kept in state.documents.values()}
        found = near_copies(read_parts(staging.path, ROW_KEYS_DIR), paths)
        return (*superseded_pairs(self.supersedes), *found)

    def _review(self, staging: Staging, state: cache.OutputState) -> tuple[tuple[str, ReviewRow], ...]:
        """Every cell to review in the new output, with its file."""
        from pipeline.store import read_table

        table = read_table(staging.path, "review")
        paths = {kept.doc_id: kept.path for kept in state.documents.values()}
        rows = [ReviewRow(**row) for row in table.to_pylist()]
        found = [(paths.get(row.doc_id, row.doc_id), row) for row in rows]
        return tuple(sorted(found, key=lambda pair: (pair[0], pair[1].table_no, pair[1].seq)))

    def _report(
        self,
        status: Status,
        counts: dict[str, int],
        new_units: list[tuple[str, str, str, str]] | None = None,
        review: tuple[tuple[str, ReviewRow], ...] = (),
    ) -> BuildReport:
        from pipeline.report import BuildReport
        from pipeline.validate import merged

        return BuildReport(
            status.value,
            self.started.strftime("%Y-%m-%d %H:%M:%S"),
            time.monotonic() - self.clock,
            tuple(sorted(self.outcomes.values(), key=lambda f: f.path)),
            tuple(self.errors),
            merged(self.checks),
            counts,
            tuple(new_units or ()),
            review,
            dict(self.stages),
            self.near,
            dict(self.reader_stages),
        )

    def _finish(
        self,
        status: Status,
        counts: dict[str, int],
        new_units: list[tuple[str, str, str, str]] | None = None,
        review: tuple[tuple[str, ReviewRow], ...] = (),
        *,
        published: bool = False,
    ) -> BuildResult:
        from pipeline.report import write_rejects, write_report

        report = self._report(status, counts, new_units, review)
        path = write_report(report, self.report_dir)
        write_rejects(report, self.report_dir)
        found = len(new_units or ())
        errors = tuple(self.errors)
        return BuildResult(
            status, errors, counts, path, published, self.read, found, review, report.seconds, self.roles
        )


@dataclass(frozen=True)
class _Plan:
    keep: list[str]  # parts carried over as they are
    rewrite: list[list[str]]  # groups of document keys to write again as one part each


def _give_back_memory() -> None:
    """Return the memory a written part held to the system: Arrow's pool and the C heap keep freed
    memory for reuse, and over a long build that reads as growth (a fifth more at 1,000 documents)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    # The process's own symbols (no ctypes.util.find_library: it forks ldconfig, a copy of this process).
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # glibc only
    if trim is not None:
        trim(0)


def _plan_parts(previous: cache.OutputState, state: cache.OutputState) -> _Plan:
    """Which old parts carry over: those whose documents are all still current. A part that lost a
    document is written again with the ones left; past MAX_PARTS, the smallest parts are merged."""
    keep: list[str] = []
    leftover: list[str] = []
    for part, keys in sorted(previous.parts.items()):
        current = [key for key in keys if key in state.documents]
        if len(current) == len(keys):
            keep.append(part)
        else:
            leftover.extend(current)
    if len(keep) >= MAX_PARTS:
        small = sorted(keep, key=lambda part: len(previous.parts[part]))[: len(keep) - MAX_PARTS // 2]
        keep = [part for part in keep if part not in small]
        leftover.extend(key for part in small for key in previous.parts[part])
    groups = [leftover[i : i + BATCH_DOCUMENTS] for i in range(0, len(leftover), BATCH_DOCUMENTS)]
    return _Plan(keep, groups)


def _settings(chosen: FileSettings, aliases: Mapping[str, str], declared: Mapping[str, object]) -> Settings:
    from normalizers.document import Settings

    return Settings(chosen.jurisdiction, chosen.first_listed_leads, aliases, declared)  # type: ignore[arg-type]


def _settings_key(settings: Settings) -> str:
    home = settings.jurisdiction.adcode if settings.jurisdiction else "-"
    return f"{home}|{settings.first_listed_leads}"


def _part_id(keys: list[str]) -> str:
    """A part is named by the documents it holds, so the same documents always give the same file."""
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def _concatenated(tables: list[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    import pyarrow as pa

    names = {name for t in tables for name in t}
    return {name: pa.concat_tables([t[name] for t in tables if name in t]) for name in names}


def _strings(values: list[str]) -> pa.Array:
    import pyarrow as pa

    return pa.array(values, pa.string())


def _left_out(failing: Mapping[str, tuple[str, ...]]) -> list[ExpectationError]:
    return [
        ExpectationError(f"left out: its rows failed expectations: {'; '.join(rules)}", Location(file))
        for file, rules in failing.items()
    ]


def _review_error(path: str, row: ReviewRow) -> CellError:
    """A review row as an error, for a strict build."""
    return CellError(row.message, Location(path, row.table_no, row.seq, row.line, row.words), code=Code(row.code))


_DUPLICATE_NOTE = "same bytes as "


def _with_duplicates(outcome: FileOutcome, raw: RawFile) -> FileOutcome:
    """The outcome, noting the other paths that hold the same bytes (they may change between builds)."""
    if not raw.duplicates:
        return outcome
    notes = (*outcome.notes, *(f"{_DUPLICATE_NOTE}{raw.source.path}: {d}" for d in raw.duplicates))
    return replace(outcome, notes=notes)


def _stored(outcome: FileOutcome) -> dict[str, Any]:
    """An outcome as the state keeps it (without the duplicate notes of one build)."""
    return replace(outcome, notes=tuple(n for n in outcome.notes if not n.startswith(_DUPLICATE_NOTE))).stored()


def _new_units(seen: pa.Table, known: set[str], state: cache.OutputState) -> list[tuple[str, str, str, str]]:
    """Units no earlier build had: (unit_name, unit_kind, jurisdiction, first file), to be checked."""
    paths = {kept.doc_id: kept.path for kept in state.documents.values()}
    found: dict[str, tuple[str, str, str, str]] = {}
    for row in seen.to_pylist():
        if row["unit_id"] in known or row["unit_id"] in found:
            continue
        path = paths.get(row["doc_id"], row["doc_id"])
        found[row["unit_id"]] = (row["unit_name"], row["unit_kind"], row["jurisdiction"] or "", path)
    return sorted(found.values())
