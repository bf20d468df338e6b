"""Processes on this machine, one per core by default."""

import ctypes
import ctypes.util
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Pool initializer: on Linux, end this worker when its parent dies.

    Without it, a `marsad` process killed with SIGKILL leaves its idle workers
    behind for ever (seen in the kill test of `monitor run`).
    """
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


class LocalEngine:
    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None

    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """At most two tasks per worker in flight, so memory stays bounded.

        One worker runs the tasks in this process: no pool to start.
        """
        if self.workers == 1:
            yield from map(fn, tasks)
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=get_context("spawn"),
                initializer=die_with_parent,
            )
        pending: set[Future[R]] = set()
        for task in tasks:
            pending.add(self.pool.submit(fn, task))
            if len(pending) >= 2 * self.workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
