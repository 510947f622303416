"""One exception root for every user-facing failure, carrying where it happened.

A bid is assembled from files other people wrote (catalogue workbooks, bid YAML,
templates).  When something is wrong, the person fixing it needs the place
(``bid.yaml:12:5`` or ``catalogues/pumpco.xlsx:Components!F14``) and every
problem at once, not one per run.  So errors are collected as :class:`Problem`
values and raised together in a single :class:`BidkitError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file: a line/column in text, or a sheet/cell in a workbook."""

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}!{self.cell}" if self.cell else f"{self.file}:{self.sheet}"
        if self.line is not None:
            return f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"
        return self.file


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in the input, with its place."""

    message: str
    location: Location | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        kind = "warning: " if self.severity is Severity.WARNING else ""
        return f"{prefix}{kind}{self.message}"


class BidkitError(Exception):
    """The root of every error a user can fix by changing their input.

    The CLI catches exactly this class, prints each problem and exits 1;
    anything else escaping is a bug in bidkit and keeps its traceback.
    """

    def __init__(self, problems: Iterable[Problem] | str, location: Location | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, location)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def location(self) -> Location | None:
        return self.problems[0].location if self.problems else None


class BidError(BidkitError):
    """The bid YAML is wrong."""


class CatalogueError(BidkitError):
    """A member catalogue workbook is wrong or unreadable."""


class PricingError(BidkitError):
    """The bid cannot be priced with the catalogues and rates given."""


class TemplateError(BidkitError):
    """A proposal template or text block is wrong."""


class OutputError(BidkitError):
    """An output file cannot be written."""


@dataclass
class ProblemList:
    """Collects problems across a whole load so they can be reported together."""

    items: list[Problem] = field(default_factory=list)

    def error(self, message: str, location: Location | None = None) -> None:
        self.items.append(Problem(message, location, Severity.ERROR))

    def warn(self, message: str, location: Location | None = None) -> None:
        self.items.append(Problem(message, location, Severity.WARNING))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def raise_if_errors(self, kind: type[BidkitError] = BidkitError) -> None:
        """Raise every problem (warnings included, for context) if any is an error."""
        if self.errors:
            raise kind(self.items)


@contextmanager
def output_errors(where: Path | str) -> Iterator[None]:
    """Turn an ``OSError`` while writing at ``where`` into one line naming the path and the reason.

    A read-only folder, a path below a file, a loop of symbolic links or a name longer than the
    file system allows is the user's to fix, never a traceback.
    """
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", Location(str(where))) from None
