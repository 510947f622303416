"""How far a build is: the pipeline reports its steps here, the command line may show them.

The library stays silent (this base class does nothing); ``bidkit build`` passes
a subclass that draws a progress bar on a terminal (bidkit/cli/progress.py).
"""

from __future__ import annotations


class Progress:
    """Receives each step's name and size, then one ``advance`` per unit of it done."""

    def start(self, step: str, total: int) -> None:
        """A step begins: ``total`` units of work (catalogues, documents)."""

    def advance(self) -> None:
        """One unit of the current step is done."""

    def stop(self) -> None:
        """The current step is over."""
