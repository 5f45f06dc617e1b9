"""Reading one document where an executor runs it: bytes → parse → normalize → rows to write.

This is the unit of work a build hands to its workers, so it takes and returns plain picklable
records: the job names the file and its settings; the result holds the document's rows as Arrow
tables, ready to be validated and written, or the error that refused it.
"""

from __future__ import annotations

import gc
import hashlib
import time
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyarrow as pa

from derived.document import derive
from normalizers.document import Settings, normalize
from parsers import PARSER_VERSION, parse
from pipeline.errors import Code, Location, ParseError, PipelineError
from pipeline.frames import document_tables, page_counts, row_keys, sightings
from pipeline.outcomes import FileOutcome
from pipeline.records import ReviewRow, Source
from pipeline.store import COUNTS_DIR, ROW_KEYS_DIR, SIGHTINGS_DIR


@dataclass(frozen=True)
class ReadJob:
    """One document to read: where it is, what it should hash to, the settings it is read under."""

    source: Source
    file: str  # the path to read (absolute)
    settings: Settings
    ingested_at: datetime
    duplicates: tuple[str, ...] = ()


class Tables(dict[str, pa.Table]):
    """A document's tables by name. They cross from a worker to the build as Arrow IPC streams, one
    per table: writing and reading those takes a fifth of the time of pickling the tables column by
    column (a few milliseconds of every document)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_tables_from_streams, ({name: _stream(table) for name, table in self.items()},))


def _stream(table: pa.Table) -> pa.Buffer:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _tables_from_streams(streams: dict[str, pa.Buffer]) -> Tables:
    return Tables({name: pa.ipc.open_stream(stream).read_all() for name, stream in streams.items()})


@dataclass(frozen=True)
class ReadResult:
    """A document read: its rows (per table, with the hidden tables of its part), its outcome and review
    rows; or the error that refused it."""

    source: Source
    tables: Tables | None
    outcome: FileOutcome | None
    review: tuple[ReviewRow, ...] = ()
    error: PipelineError | None = None
    seconds: tuple[tuple[str, float], ...] = ()  # CPU seconds of the reader in each stage (ReaderStage)


class ReaderStage(StrEnum):
    """The stages of reading a document, timed where it is read (the build report sums them)."""

    PARSING = "parsing (file to tables and rows)"
    NORMALIZING = "normalizing (cells to units and roles)"
    DERIVING = "deriving (targets, topics, links)"
    TABLES = "rows to Arrow tables"


def read_document(job: ReadJob) -> ReadResult:
    """Read one document; any problem with it comes back as its error, never raised."""
    collecting = gc.isenabled()
    gc.disable()  # a document's records hold no cycles: collecting would only cost time (a fifth of it)
    try:
        return _read(job)
    finally:
        if collecting:
            gc.enable()


def _read(job: ReadJob) -> ReadResult:
    clock = _StageClock()
    try:
        data = Path(job.file).read_bytes()
        if hashlib.sha256(data).hexdigest() != job.source.doc_id:
            raise ParseError("file changed while the build was reading raw/", Location(job.source.path))
        parsed = parse(job.source, data)
        clock.lap(ReaderStage.PARSING)
        document = normalize(parsed, job.settings)
        clock.lap(ReaderStage.NORMALIZING)
    except PipelineError as error:
        return ReadResult(job.source, None, None, error=error, seconds=clock.laps())
    except OSError as error:
        return ReadResult(
            job.source, None, None, error=ParseError(f"cannot read file ({error})", Location(job.source.path))
        )
    derived = derive(document)
    clock.lap(ReaderStage.DERIVING)
    tables = Tables(document_tables(document, derived, job.ingested_at, PARSER_VERSION))
    tables[SIGHTINGS_DIR] = sightings(document)
    tables[ROW_KEYS_DIR] = row_keys(document)
    tables[COUNTS_DIR] = page_counts(document, derived)
    clock.lap(ReaderStage.TABLES)
    outcome = FileOutcome.built(document, job.duplicates)
    return ReadResult(job.source, tables, outcome, document.review, seconds=clock.laps())


class _StageClock:
    """CPU time of this process between laps, by stage."""

    def __init__(self) -> None:
        self.last = time.process_time()
        self.seconds: dict[str, float] = {}

    def lap(self, stage: ReaderStage) -> None:
        now = time.process_time()
        self.seconds[stage.value] = self.seconds.get(stage.value, 0.0) + now - self.last
        self.last = now

    def laps(self) -> tuple[tuple[str, float], ...]:
        return tuple(self.seconds.items())


def is_skipped(error: PipelineError) -> bool:
    """Whether a document's error only says it holds no task table (skipped, unless strict)."""
    return error.code is Code.NO_TABLE
