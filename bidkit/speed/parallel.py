"""Independent work spread over processes, only when the caller asks for it with ``jobs``.

This is the one place bidkit starts processes.  ``jobs=1`` (the library's default) runs
everything in the calling process and thread, with no child process at all, so a
long-running, multi-threaded host (a web server) can call bidkit safely.  ``jobs > 1`` uses a
:class:`~concurrent.futures.ProcessPoolExecutor`; the results are the same either way, in
the order of the inputs.

A process that has started threads is never forked (a child forked from it could inherit a
lock another thread held); its workers are started by a fork server instead.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")
R = TypeVar("R")


def _context() -> BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")  # cheap, and safe in a single-threaded process
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def map_jobs(fn: Callable[[A, B], R], first: Sequence[A], second: Sequence[B], jobs: int = 1) -> Iterator[R]:
    """``fn(a, b)`` for each pair of ``first`` and ``second``, in order, each as soon as it is ready.

    ``fn`` and its arguments must be picklable when ``jobs > 1`` (a module-level function).
    """
    if len(first) != len(second):
        raise ValueError("map_jobs needs as many of each argument")
    workers = min(jobs, len(first))
    if workers <= 1:
        for a, b in zip(first, second, strict=True):
            yield fn(a, b)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        yield from pool.map(fn, first, second)
