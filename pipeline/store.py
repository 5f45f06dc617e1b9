"""Writing output/: a Parquet dataset per table, replaced together or not at all, one build at a time.

    output/<table>/part-<id>.parquet   one file per part: the documents read together in one build
    output/units/units.parquet         the units table, merged across parts
    output/_units/part-<id>.parquet    each part's unit sightings (hidden from dataset readers)
    output/_rows/part-<id>.parquet     each part's task row keys, for near copies (hidden)
    output/_counts/part-<id>.parquet   each part's counts for the report page (hidden)

A build stages the new output beside output/: the parts it keeps are hard-linked into the staging
folder (nothing is copied or rewritten), the parts it reads are written; then the two folders are
swapped in one atomic rename (renameat2 RENAME_EXCHANGE), so a reader, or a build killed at any
moment, sees either the old set or the new set, never a mix. One build at a time: `pipeline.lock`.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.frames import DOCUMENT_TABLES
from pipeline.schemas import COUNTS, ROW_KEYS, SCHEMAS, SIGHTINGS

KEEP_FILE = ".gitkeep"  # output/ is kept in git, empty
UNITS = "units"
# The build's own tables, kept per part beside the published ones. A leading underscore: pyarrow,
# DuckDB and Spark readers of output/ pass them over.
SIGHTINGS_DIR = "_units"
ROW_KEYS_DIR = "_rows"
COUNTS_DIR = "_counts"
HIDDEN_SCHEMAS: dict[str, pa.Schema] = {SIGHTINGS_DIR: SIGHTINGS, ROW_KEYS_DIR: ROW_KEYS, COUNTS_DIR: COUNTS}
PART_TABLES: tuple[str, ...] = (*DOCUMENT_TABLES, *HIDDEN_SCHEMAS)
# The tables of output/, in the order the command line and the report count them.
TABLES: tuple[str, ...] = (
    "documents",
    "tables",
    "tasks",
    "assignments",
    UNITS,
    "review",
    "targets",
    "task_terms",
    "links",
)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def part_file(folder: Path, table: str, part: str) -> Path:
    """Where one part of one table lives."""
    return folder / table / f"part-{part}.parquet"


def read_parts(out_dir: Path, table: str, columns: list[str] | None = None) -> pa.Table | None:
    """Every part of a table of an output folder, as one table; None when there is none."""
    parts = list(iter_parts(out_dir, table, columns))
    return pa.concat_tables(parts, promote_options="permissive") if parts else None


def iter_parts(out_dir: Path, table: str, columns: list[str] | None = None) -> Iterator[pa.Table]:
    """Each part of a table of an output folder in turn, for what must not hold a whole table."""
    folder = out_dir / table
    for file in sorted(folder.glob("*.parquet")) if folder.is_dir() else []:
        yield pq.read_table(file, columns=columns)


def row_count(out_dir: Path, table: str) -> int:
    """The rows of a table of an output folder, from its files' footers (no row is read)."""
    folder = out_dir / table
    return sum(pq.ParquetFile(f).metadata.num_rows for f in folder.glob("*.parquet")) if folder.is_dir() else 0


def read_table(out_dir: Path, table: str, columns: list[str] | None = None) -> pa.Table:
    """Every part of a table of an output folder, as one table (an empty one, with its schema, when
    the folder has none)."""
    found = read_parts(out_dir, table, columns)
    if found is not None:
        return found
    schema = SCHEMAS.get(table) or HIDDEN_SCHEMAS[table]
    return schema.empty_table() if columns is None else schema.empty_table().select(columns)


def previous_ingestion(out_dir: Path) -> dict[str, datetime]:
    """doc_id → ingested_at from the output already there, so rebuilds keep first-seen times."""
    table = read_parts(out_dir, "documents", ["doc_id", "ingested_at"])
    if table is None:
        return {}
    return dict(zip(table["doc_id"].to_pylist(), table["ingested_at"].to_pylist(), strict=True))


def previous_units(out_dir: Path) -> set[str] | None:
    """unit_ids of the output already there; None on a first build (then nothing is new)."""
    table = read_parts(out_dir, UNITS, ["unit_id"])
    return None if table is None else set(table["unit_id"].to_pylist())


class Staging:
    """The next output/, assembled beside the current one and swapped in whole."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir.parent / f".{out_dir.name}.staging"
        shutil.rmtree(self.path, ignore_errors=True)  # what a killed build left behind
        for table in (*TABLES, *HIDDEN_SCHEMAS):
            (self.path / table).mkdir(parents=True)
        (self.path / KEEP_FILE).touch()

    def keep(self, part: str) -> None:
        """Carry a part of the current output over unchanged (a hard link: no bytes copied)."""
        for table in PART_TABLES:
            source, target = part_file(self.out_dir, table, part), part_file(self.path, table, part)
            try:
                os.link(source, target)
            except OSError:  # a file system without hard links: copy instead
                shutil.copy2(source, target)

    def write(self, part: str, tables: Mapping[str, pa.Table]) -> None:
        """Write a new part of every per-document table (and of the hidden ones)."""
        for table in PART_TABLES:
            _write(tables[table], part_file(self.path, table, part))
            _crash_point(f"staged-{table}")

    def write_units(self, units: pa.Table) -> None:
        """Write the units table, merged across all parts."""
        _write(units, self.path / UNITS / f"{UNITS}.parquet")
        _crash_point(f"staged-{UNITS}")

    def publish(self) -> bool:
        """Swap the staged output in; False (and nothing swapped) when it equals the current one."""
        for folder in (*(self.path / t for t in (*TABLES, *HIDDEN_SCHEMAS)), self.path):
            _fsync(folder)
        if _same_files(self.path, self.out_dir):
            shutil.rmtree(self.path)
            return False
        _crash_point("before-swap")
        if self.out_dir.exists():
            _exchange(self.path, self.out_dir)
            _crash_point("after-swap")
            shutil.rmtree(self.path)
        else:
            os.rename(self.path, self.out_dir)
        _fsync(self.out_dir.parent)
        return True

    def discard(self) -> None:
        """Drop the staged output (a refused build changes nothing)."""
        shutil.rmtree(self.path, ignore_errors=True)


def _write(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path)
    _fsync(path)


# The crash tests set this to a point's name to have the build killed there (SIGKILL, no clean-up),
# so that "killed at any point" is shown at each step of publishing, not left to timing.
CRASH_AT_ENV = "TASKDIV_CRASH_AT"


def _crash_point(name: str) -> None:
    if os.environ.get(CRASH_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


# The analyst page is written anew by every build (it says when): it alone never makes an output new.
PAGE = "report.html"


def _files(folder: Path) -> Iterator[Path]:
    return (p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and p.name != PAGE)


def _same_files(a: Path, b: Path) -> bool:
    """Whether two output folders hold the same files with the same bytes (hard links need no read)."""
    if not b.is_dir():
        return False
    names = sorted(_files(a))
    if names != sorted(_files(b)):
        return False
    for name in names:
        left, right = (a / name).stat(), (b / name).stat()
        same_inode = (left.st_ino, left.st_dev) == (right.st_ino, right.st_dev)
        if not same_inode and (a / name).read_bytes() != (b / name).read_bytes():
            return False
    return True


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux renameat2); elsewhere, two renames in quick succession."""
    # The process's own symbols: ctypes.util.find_library would fork ldconfig, a copy of this process.
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        errno = ctypes.get_errno()
        if errno not in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot swap
            raise OSError(errno, os.strerror(errno), str(b))
    aside = b.with_name(b.name + ".old")
    shutil.rmtree(aside, ignore_errors=True)
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
