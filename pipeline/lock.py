"""One build at a time per output folder: a second one is refused at once, not queued.

The lock is a POSIX record lock (lockf), which belongs to the process that took it: the readers a
build forks do not hold it, so a reader left behind by a killed build cannot keep the output locked.
Such locks do not exclude one another within a process, so the folders locked here are kept too.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import BusyError, Location

_HELD: set[Path] = set()  # output folders this process is building


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output's lock for the whole build; a second build is refused, not queued."""
    lock_path = (out_dir.parent / f".{out_dir.name}.lock").resolve()
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        try:
            if lock_path in _HELD:
                raise BlockingIOError(errno.EAGAIN, "held by this process")
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            raise BusyError(
                f"another build is writing {out_dir.name}/; try again when it ends", Location(str(out_dir))
            ) from None
        _HELD.add(lock_path)
        try:
            yield
        finally:
            _HELD.discard(lock_path)
            fcntl.lockf(handle, fcntl.LOCK_UN)
