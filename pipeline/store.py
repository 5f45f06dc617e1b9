"""Writing output/: every table replaced together or none at all, one build at a time.

Tables are written into a staging folder beside output/, then the two folders are swapped in one
atomic rename (renameat2 RENAME_EXCHANGE), so a reader, or a build killed at any moment, sees
either the old set or the new set, never a mix. One build at a time: see `pipeline.lock`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

KEEP_FILE = ".gitkeep"  # output/ is kept in git, empty
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def previous_ingestion(out_dir: Path) -> dict[str, datetime]:
    """doc_id → ingested_at from the output already there, so rebuilds keep first-seen times."""
    path = out_dir / "documents.parquet"
    if not path.exists():
        return {}
    table = pq.read_table(path, columns=["doc_id", "ingested_at"])
    return dict(zip(table["doc_id"].to_pylist(), table["ingested_at"].to_pylist(), strict=True))


def previous_units(out_dir: Path) -> set[str] | None:
    """unit_ids of the output already there; None on a first build (then nothing is new)."""
    path = out_dir / "units.parquet"
    if not path.exists():
        return None
    return set(pq.read_table(path, columns=["unit_id"])["unit_id"].to_pylist())


def publish(tables: Mapping[str, pa.Table], out_dir: Path) -> bool:
    """Replace output/'s tables with `tables` all at once; False when they were already identical."""
    staging = out_dir.parent / f".{out_dir.name}.staging"
    shutil.rmtree(staging, ignore_errors=True)  # what a killed build left behind
    staging.mkdir(parents=True)
    (staging / KEEP_FILE).touch()
    for name, table in tables.items():
        path = staging / f"{name}.parquet"
        pq.write_table(table, path)
        _fsync(path)
        _crash_point(f"staged-{name}")
    _fsync(staging)
    if _same_files(staging, out_dir):
        shutil.rmtree(staging)
        return False
    _crash_point("before-swap")
    if out_dir.exists():
        _exchange(staging, out_dir)
        _crash_point("after-swap")
        shutil.rmtree(staging)
    else:
        os.rename(staging, out_dir)
    _fsync(out_dir.parent)
    return True


# The crash tests set this to a point's name to have the build killed there (SIGKILL, no clean-up),
# so that "killed at any point" is shown at each step of publishing, not left to timing.
CRASH_AT_ENV = "TASKDIV_CRASH_AT"


def _crash_point(name: str) -> None:
    if os.environ.get(CRASH_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _same_files(a: Path, b: Path) -> bool:
    if not b.is_dir():
        return False
    names = sorted(p.name for p in a.iterdir())
    if names != sorted(p.name for p in b.iterdir()):
        return False
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in names)


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux renameat2); elsewhere, two renames in quick succession."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
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
