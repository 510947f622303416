"""The progress bar ``bidkit build`` shows on a terminal while a step takes more than a second.

Drawn with rich, only when standard output is a terminal and ``--quiet`` is
not given, and only once a step has run for a second (a warm rebuild shows
nothing).  The bar is redrawn when work is reported, never from a background
thread: with ``--jobs`` the build may start worker processes, which must not
inherit a thread holding the terminal, and a library build starts no thread.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from bidkit.progress import Progress

DELAY = 1.0  # seconds a step runs before its bar appears


class TerminalProgress(Progress):
    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None
        self.step, self.total, self.done, self.began = "", 0, 0, 0.0

    def start(self, step: str, total: int) -> None:
        self.step, self.total, self.done, self.began = step, total, 0, time.monotonic()

    def advance(self) -> None:
        self.done += 1
        if self.bar is None and self.done < self.total and time.monotonic() - self.began > DELAY:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), auto_refresh=False, transient=True)  # fmt: skip
            self.bar.start()
            self.task = self.bar.add_task(self.step, total=self.total)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, refresh=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def progress_for(quiet: bool) -> Progress:
    """A bar on a terminal, silence otherwise."""
    return TerminalProgress() if not quiet and sys.stdout.isatty() else Progress()
