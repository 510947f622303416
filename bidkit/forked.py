"""One piece of work run in a forked child process while the caller goes on with another.

A big bid's cost workbook and proposal each take a few tenths of a second of
pure Python, and neither needs the other: on a machine with two cores the
proposal is rendered in a child (which sees the priced bid through fork, with
nothing to serialise) while the parent writes the workbook.  The child sends
back bytes through a pipe.  If it fails for any reason, the work is done again
in the caller, so an error surfaces there with its usual message and traceback.
Where ``os.fork`` does not exist the work simply runs when its result is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import TracebackType


class Forked:
    """``make()`` started in a child now; :meth:`result` waits for its bytes."""

    def __init__(self, make: Callable[[], bytes], parallel: bool = True):
        self.make = make
        self.pid: int | None = None
        self.pipe: int | None = None
        if parallel and hasattr(os, "fork") and (os.cpu_count() or 1) > 1:
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do the work, send it, leave without running the parent's exit code
            os.close(read)
            status = 1
            try:
                data = self.make()
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self.pid, self.pipe = pid, read

    def result(self) -> bytes:
        if self.pid is None or self.pipe is None:
            return self.make()
        with os.fdopen(self.pipe, "rb") as inp:
            self.pipe = None
            data = inp.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return data if os.waitstatus_to_exitcode(status) == 0 else self.make()

    def close(self) -> None:
        """Abandon the child (the caller failed before asking for the result)."""
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None
        if self.pid is not None:
            os.waitpid(self.pid, 0)
            self.pid = None

    def __enter__(self) -> Forked:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def join(*parts: bytes) -> bytes:
    """Several results as one, each behind its length, for one child to send back."""
    return b"".join(len(part).to_bytes(8, "big") + part for part in parts)


def split(joined: bytes) -> list[bytes]:
    """The results :func:`join` put together."""
    parts, at = [], 0
    while at < len(joined):
        size = int.from_bytes(joined[at : at + 8], "big")
        parts.append(joined[at + 8 : at + 8 + size])
        at += 8 + size
    return parts
