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
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, Generic, TypeVar

A = TypeVar("A")
B = TypeVar("B")
R = TypeVar("R")


def _may_fork() -> bool:
    """Forking is cheap, and safe only in a process that has no other thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _context() -> BaseContext:
    if _may_fork():
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
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


class Beside(Generic[R]):
    """``work()`` started in a worker process while the caller goes on, when ``jobs`` > 1.

    The worker is forked (only from a process without other threads, where the fork start
    method exists), so it inherits ``work`` and everything it refers to: nothing is pickled
    but the result.  Elsewhere, or with ``jobs=1``, ``work`` runs in the caller when
    :meth:`result` is asked for.  If the worker fails for any reason, ``work`` runs again in
    the caller, so an error surfaces there exactly as it would without a worker.  Use it as a
    context manager, so a worker whose result is never asked for is not left behind.
    """

    def __init__(self, work: Callable[[], R], jobs: int = 1):
        self._work = work
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future[R] | None = None
        if jobs > 1 and _may_fork():
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_keep, initargs=(work,))
            self._future = self._pool.submit(_run_kept)

    def result(self) -> R:
        if self._future is None:
            return self._work()
        try:
            done: R = self._future.result()
        except Exception:  # the worker died or failed: do the work here, where its error reads as usual
            return self._work()
        finally:
            self.close()
        return done

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool, self._future = None, None

    def __enter__(self) -> Beside[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_kept: Callable[[], Any] | None = None  # set only in a worker process, by its initializer


def _keep(work: Callable[[], Any]) -> None:
    global _kept
    _kept = work


def _run_kept() -> Any:
    if _kept is None:
        raise RuntimeError("no work was handed to this worker")
    return _kept()
