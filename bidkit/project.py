"""Loading a bid with everything it names: the bid file, its catalogues and its price lock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bidkit.bid.loader import Bid, BidSchemaError, load_bid
from bidkit.bid.yamlsource import Path_
from bidkit.catalogue.contract.model import Catalogue
from bidkit.catalogue.sources import display_path, expand_sources, load_catalogues, not_a_workbook
from bidkit.errors import BidError, Location, Problem, ProblemList
from bidkit.pricing.references import reference_problems
from bidkit.progress import Progress
from bidkit.review.lock import Lock, lock_path, read_lock
from bidkit.speed.catalogues import CatalogueCache


@dataclass(frozen=True)
class Project:
    """A bid with the catalogues it names, loaded and checked, and its price lock if it has one."""

    bid: Bid
    catalogues: dict[str, Catalogue]
    warnings: list[Problem] = field(default_factory=list)
    lock: Lock | None = None


def load_project(
    bid_path: Path | str, use_cache: bool = True, progress: Progress | None = None, jobs: int = 1
) -> Project:
    """Load the bid, every catalogue it names and its price lock; all problems are raised together.

    Unchanged catalogues come from the catalogue cache (bidkit/speed/catalogues.py) unless
    ``use_cache`` is false.  ``jobs`` workbooks are read at a time (bidkit/speed/parallel.py);
    the default, 1, reads them one after the other in this process.
    """
    path = Path(bid_path)
    try:
        label = display_path(path)
    except (OSError, RuntimeError):  # a loop of symbolic links: reading it says so in one line
        label = str(path)
    try:
        bid = load_bid(path, label)
    except BidSchemaError as exc:
        raise _with_references(exc, path, use_cache, jobs) from None
    problems = ProblemList()
    catalogues = _catalogues(bid.folder, bid.spec.catalogues, bid.at, problems, use_cache, progress, jobs)
    problems.raise_if_errors()
    lock_file = lock_path(bid.path)
    lock = read_lock(lock_file, display_path(lock_file), bid.spec.id)
    return Project(bid, catalogues, problems.warnings, lock)


def _catalogues(
    folder: Path, names: list[str], at: Callable[[Path_], Location], problems: ProblemList,
    use_cache: bool, progress: Progress | None, jobs: int,
) -> dict[str, Catalogue]:  # fmt: skip
    """The catalogues a bid names (``names``, relative to its ``folder``); problems go to ``problems``."""
    readable = []
    for i, name in enumerate(names):
        given, source, where = folder / name, (folder / name).resolve(), at(("catalogues", i))
        if given.is_symlink() and not given.exists():
            problems.error(f"catalogue '{name}': {not_a_workbook(given)}", where)
        elif not source.exists():
            problems.error(f"catalogue '{name}' not found (looked for {display_path(source)})", where)
        elif not source.is_dir() and not source.is_file():
            problems.error(f"catalogue '{name}': {not_a_workbook(source)}", where)
        else:
            readable.append(source)
    listed: list[Problem] = []
    paths = expand_sources(readable, listed)
    problems.extend(listed)
    progress = progress or Progress()
    progress.start("Loading catalogues", len(paths))
    cache = CatalogueCache() if use_cache else None
    catalogues, found = load_catalogues(paths, cache=cache, done=progress.advance, jobs=jobs)
    progress.stop()
    problems.extend(found)
    return catalogues


def _with_references(exc: BidSchemaError, path: Path, use_cache: bool, jobs: int) -> BidError:
    """The bid file's format errors, and with them every reference its readable parts get wrong.

    When the list of catalogues itself is not readable, there is nothing to check references
    against: the format errors alone are reported; when a catalogue has errors, they are reported
    instead of references (as for a bid without format errors: a reference to a catalogue that
    did not load would be reported wrongly).
    """
    names = exc.data.get("catalogues")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        return exc
    problems = ProblemList()
    catalogues = _catalogues(path.resolve().parent, names, exc.source.at, problems, use_cache, None, jobs)
    found = problems.items if problems.errors else reference_problems(exc.data, exc.source, catalogues)
    return BidError(_bid_file_first([*exc.problems, *found], exc.source.file))


def _bid_file_first(problems: list[Problem], bid_file: str) -> list[Problem]:
    """The bid file's problems in the order of its lines, then the others (catalogues) as found."""

    def key(problem: Problem) -> tuple[int, int, int]:
        where = problem.location
        if where is None or where.file != bid_file:
            return (1, 0, 0)
        return (0, where.line or 0, where.column or 0)

    return sorted(problems, key=key)
