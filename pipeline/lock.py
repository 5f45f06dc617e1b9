"""One build at a time per output folder: a second one is refused at once, not queued."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import BusyError, Location


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output's lock for the whole build; a second build is refused, not queued."""
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BusyError(
                f"another build is writing {out_dir.name}/; try again when it ends", Location(str(out_dir))
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
