"""Which workbooks a bid's catalogue folders hold, and loading them all.

Unchanged workbooks come from the catalogue cache when the caller gives one
(bidkit/speed/catalogues.py); the others are read, in ``jobs`` processes when the
caller asks for more than one (bidkit/speed/parallel.py).  The result is the same
either way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from bidkit.catalogue.contract.loader import load_catalogue
from bidkit.catalogue.contract.model import Catalogue
from bidkit.errors import Location, Problem
from bidkit.files import kind_of
from bidkit.speed.catalogues import CatalogueCache, decode, encode, file_digest
from bidkit.speed.parallel import map_jobs

# Files a folder of catalogues is searched for.  Kinds bidkit does not read are
# included on purpose: a pumpco.xls dropped in the folder is reported, not skipped.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xls", ".xlsb", ".ods", ".csv")

Loaded = tuple[Catalogue | None, list[Problem]]


def load_catalogues(
    sources: Iterable[Path],
    base: Path | None = None,
    cache: CatalogueCache | None = None,
    done: Callable[[], None] | None = None,
    jobs: int = 1,
) -> tuple[dict[str, Catalogue], list[Problem]]:
    """Load every workbook in the given files/folders, keyed by member id.

    With a ``cache``, unchanged workbooks are not read again; ``jobs`` is how many
    processes read the others (1: this process only).  ``done`` is called as each
    workbook is loaded (for a progress bar).
    """
    problems: list[Problem] = []
    found: dict[str, Catalogue] = {}
    paths = expand_sources(sources, problems)
    labels = [display_path(path, base) for path in paths]
    if cache is not None:
        usable, refused = cache.refusal()
        if refused is not None:
            problems.append(refused)
        cache = cache if usable else None
    for catalogue, issues in _load_all(paths, labels, cache, done, jobs):
        problems.extend(issues)
        if catalogue is None:
            continue
        member = catalogue.member.id
        if member in found:
            problems.append(
                Problem(
                    f"member id '{member}' is also used by {found[member].path}",
                    Location(catalogue.path, sheet="Member"),
                )
            )
            continue
        found[member] = catalogue
    return found, problems


def read_workbook(path: Path, label: str) -> Loaded:
    """One workbook read (no cache): its catalogue, None if unusable, and its problems."""
    return load_catalogue(path, label)


def read_entry(path: Path, label: str) -> tuple[bytes | None, str, list[Problem]]:
    """One workbook read in a worker process: its catalogue as a cache entry, its SHA-256, its problems.

    An entry is a few strings and arrays, quick to hand back; a catalogue as Python objects
    costs as much to pickle and unpickle as reading the entry does, and the caller wants the
    entry anyway.  No entry when the workbook is unusable.
    """
    catalogue, problems = load_catalogue(path, label)
    if catalogue is None:
        return None, "", problems
    return encode(catalogue, problems), catalogue.sha256, problems


def _digest(path: Path) -> str | None:
    try:
        return file_digest(path)
    except OSError:
        return None  # the loader reports the unreadable file


def _load_all(paths: list[Path], labels: list[str], cache: CatalogueCache | None,
              done: Callable[[], None] | None, jobs: int) -> list[Loaded]:  # fmt: skip
    """Each workbook's catalogue (None if unusable) and problems, in the order given."""
    results: list[Loaded | None] = [None] * len(paths)
    refusals: dict[int, Problem] = {}
    misses = []
    for i, (path, label) in enumerate(zip(paths, labels, strict=True)):
        digest = _digest(path) if cache is not None else None
        hit = cache.get(digest, label) if cache is not None and digest else None
        if isinstance(hit, tuple):
            results[i] = hit
            if done:
                done()
            continue
        if isinstance(hit, Problem):
            refusals[i] = hit
        misses.append(i)
    for i, (catalogue, problems) in zip(misses, _read_all(misses, paths, labels, cache, jobs), strict=True):
        results[i] = (catalogue, [refusals[i], *problems] if i in refusals else problems)
        if done:
            done()
    return [r for r in results if r is not None]


def _read_all(misses: list[int], paths: list[Path], labels: list[str], cache: CatalogueCache | None,
              jobs: int) -> Iterator[Loaded]:  # fmt: skip
    """The workbooks at ``misses`` read, in order, each stored in the cache when there is one."""
    chosen = [paths[i] for i in misses], [labels[i] for i in misses]
    if jobs <= 1 or len(misses) <= 1:
        for catalogue, problems in map(read_workbook, *chosen):
            if cache is not None and catalogue is not None:
                cache.put(catalogue.sha256, encode(catalogue, problems))
            yield catalogue, problems
        return
    for (entry, digest, problems), label in zip(map_jobs(read_entry, *chosen, jobs), chosen[1], strict=True):
        if entry is None:
            yield None, problems
            continue
        if cache is not None:
            cache.put(digest, entry)
        yield decode(entry, digest, label)  # checked like any entry: the same catalogue as read


def expand_sources(sources: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """Folders become their spreadsheet files (sorted; Office lock files and hidden files skipped)."""
    paths: list[Path] = []
    for src in sources:
        if src.is_dir():
            for p in sorted(src.iterdir()):
                if p.suffix.lower() not in SPREADSHEET_SUFFIXES or p.name.startswith(("~$", ".~lock", ".")):
                    continue
                if p.is_file():
                    paths.append(p)
                elif not p.is_dir():  # a link to nothing, a FIFO: reported, never read and never skipped
                    where = Location(str(Path(display_path(src)) / p.name))
                    problems.append(Problem(not_a_workbook(p), where))
        elif src.is_file():
            paths.append(src)
        elif src.exists() or src.is_symlink():
            problems.append(Problem(not_a_workbook(src), Location(str(src))))
        else:
            problems.append(Problem("catalogue file or folder not found", Location(str(src))))
    return paths


def not_a_workbook(path: Path) -> str:
    """Why ``path``, which is neither a file nor a folder, is not read: a dangling link, a FIFO..."""
    if path.is_symlink() and not path.exists():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"this is a symbolic link to '{target}', which does not exist; it is not read"
    try:
        kind = kind_of(path.stat().st_mode)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    return f"this is {kind}, not a workbook file; it is not read"


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user would type it: relative to the current folder when possible."""
    for root in (Path.cwd(), base):
        if root is None:
            continue
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            continue
    return str(path)
