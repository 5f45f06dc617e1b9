"""Where documents are read: this process, a pool of local processes, or a Dask cluster.

Every executor maps one function over jobs and yields the results in the jobs' order, holding at
most a window of results that the caller has not taken yet: memory stays flat however many
documents a build reads, and the tables come out the same whichever executor read them.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, Protocol, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")

# A reader loads the word tables and the gazetteer (seconds) before its first document, so a pool
# forks one reader per this many documents, up to one per core.
JOBS_PER_WORKER = 8

_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends

# Jobs in flight per worker: enough to keep every worker reading while the caller validates and
# writes a batch (a few seconds: some dozens of documents), few enough that the results waiting to be
# taken stay a bounded few megabytes, however many documents the build reads.
WINDOW_PER_WORKER = 32


class Executor(Protocol):
    """Maps a function over jobs, results in order."""

    def map(self, function: Callable[[Job], Result], jobs: Iterable[Job]) -> Iterator[Result]:
        """Results of `function` on each job, in the jobs' order."""
        ...

    def close(self) -> None:
        """Release the workers."""
        ...


class InProcess:
    """Reads in this process (one job at a time)."""

    def map(self, function: Callable[[Job], Result], jobs: Iterable[Job]) -> Iterator[Result]:
        """Results of `function` on each job, in order."""
        return map(function, jobs)

    def close(self) -> None:
        """Nothing to release."""


class LocalPool:
    """Reads in a pool of processes on this machine, one per core, forked when the first jobs are
    submitted. The builder forks them cold, before it loads great-expectations, so that the readers
    load the word tables while the builder loads the validator: on two cores a build of one file
    costs the longer of the two, not their sum."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or len(os.sched_getaffinity(0))
        self.pool: ProcessPoolExecutor | None = None

    def map(self, function: Callable[[Job], Result], jobs: Iterable[Job]) -> Iterator[Result]:
        """Results of `function` on each job, in order; the first window is submitted at once."""
        queued = list(jobs)
        if self.workers < 2 or not queued:
            return map(function, queued)
        if self.pool is None:
            workers = min(self.workers, math.ceil(len(queued) / JOBS_PER_WORKER))
            self.pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"), initializer=_die_with, initargs=(os.getpid(),)
            )
        pool = self.pool
        return _ordered(lambda job: pool.submit(function, job), queued, self.workers * WINDOW_PER_WORKER)

    def close(self) -> None:
        """Stop the worker processes."""
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None


def _die_with(parent: int) -> None:
    """Make a reader end when the build that forked it ends, even when that build is killed (Linux):
    a reader left behind would wait for work forever."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build ended before the line above took effect
        os._exit(1)


class DaskCluster:
    """Reads on the workers of a Dask cluster: one at `address`, or a local one started here.

    Each worker reads its documents from the paths under raw/, so a remote cluster needs raw/ on
    storage its workers share.
    """

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        from dask.distributed import Client, LocalCluster

        self.cluster: Any = None
        if address:
            self.client: Any = Client(address)  # type: ignore[no-untyped-call]
        else:
            count = workers or len(os.sched_getaffinity(0))
            self.cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self.cluster)  # type: ignore[no-untyped-call]
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def map(self, function: Callable[[Job], Result], jobs: Iterable[Job]) -> Iterator[Result]:
        """Results of `function` on each job, in order."""
        client = self.client
        return _ordered(lambda job: client.submit(function, job, pure=False), jobs, self.workers * WINDOW_PER_WORKER)

    def close(self) -> None:
        """Disconnect, and stop the cluster if this process started it."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _ordered(submit: Callable[[Any], Any], jobs: Iterable[Any], window: int) -> Iterator[Any]:
    """Submit the first `window` jobs now and one more as each result is taken; results in order."""
    pending = iter(jobs)
    flight: deque[Future[Any]] = deque(submit(job) for job in islice(pending, window))
    return _taken(submit, pending, flight)


def _taken(submit: Callable[[Any], Any], pending: Iterator[Any], flight: deque[Future[Any]]) -> Iterator[Any]:
    while flight:
        result = flight.popleft().result()
        flight.extend(submit(job) for job in islice(pending, 1))
        yield result


def executor(name: str, address: str | None = None, workers: int | None = None) -> Executor:
    """The executor a build asked for: `local` (a process per core), `serial`, or `dask`."""
    if name == "dask":
        return DaskCluster(address, workers)
    if name == "serial" or workers == 1:
        return InProcess()
    return LocalPool(workers)
