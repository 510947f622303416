"""Loading a bid with everything it names: the bid file, its catalogues and its price lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bidkit.bid.loader import Bid, load_bid
from bidkit.catalogue.contract.model import Catalogue
from bidkit.catalogue.sources import display_path, expand_sources, load_catalogues, not_a_workbook
from bidkit.errors import Problem, ProblemList
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
    bid = load_bid(path, label)
    problems = ProblemList()
    named = [bid.folder / rel for rel in bid.spec.catalogues]
    sources = [bid.resolve(rel) for rel in bid.spec.catalogues]
    readable = []
    for i, (given, source) in enumerate(zip(named, sources, strict=True)):
        where = bid.at(("catalogues", i))
        if given.is_symlink() and not given.exists():
            problems.error(f"catalogue '{bid.spec.catalogues[i]}': {not_a_workbook(given)}", where)
        elif not source.exists():
            problems.error(
                f"catalogue '{bid.spec.catalogues[i]}' not found (looked for {display_path(source)})", where
            )
        elif not source.is_dir() and not source.is_file():
            problems.error(f"catalogue '{bid.spec.catalogues[i]}': {not_a_workbook(source)}", where)
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
    problems.raise_if_errors()
    lock_file = lock_path(bid.path)
    lock = read_lock(lock_file, display_path(lock_file), bid.spec.id)
    return Project(bid, catalogues, problems.warnings, lock)
