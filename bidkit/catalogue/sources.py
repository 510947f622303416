"""Which workbooks a bid's catalogue folders hold, and loading them all.

Unchanged workbooks come from the catalogue cache when the caller gives one
(bidkit/speed/catalogues.py); the others are read.  When the caller asks for ``jobs``
> 1, worker processes do both, cached entries checked there too (bidkit/speed/parallel.py).
The result is the same either way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from bidkit.catalogue.contract.loader import load_catalogue
from bidkit.catalogue.contract.model import Catalogue
from bidkit.errors import Location, Problem
from bidkit.files import kind_of
from bidkit.speed.catalogues import CatalogueCache, CheckedEntry, check_entry, encode, file_digest, unpack
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


Plan = tuple[str, CatalogueCache | None]  # a workbook's label, and the cache to look in


def load_entry(path: Path, plan: Plan) -> tuple[CheckedEntry | None, bool, list[Problem]]:
    """One workbook, in a worker process, as a checked cache entry (``plan``: its label, the cache).

    The cached entry when there is one that passes its checks, else the workbook read and its
    entry checked likewise; also whether it was read (the caller stores it in the cache) and the
    problems besides the entry's own (all of them when there is no entry: the workbook is unusable).
    An entry is a few strings and arrays, quick to hand back; a catalogue as Python objects costs
    as much to pickle and unpickle as reading the entry does.
    """
    label, cache = plan
    refused: list[Problem] = []
    digest = _digest(path) if cache is not None else None
    found = cache.checked(digest, label) if cache is not None and digest else None
    if isinstance(found, CheckedEntry):
        return found, False, []
    if found is not None:
        refused.append(found)
    catalogue, problems = load_catalogue(path, label)
    if catalogue is None:
        return None, True, [*refused, *problems]
    return check_entry(encode(catalogue, problems), catalogue.sha256), True, refused


def _digest(path: Path) -> str | None:
    try:
        return file_digest(path)
    except OSError:
        return None  # the loader reports the unreadable file


def _load_all(paths: list[Path], labels: list[str], cache: CatalogueCache | None,
              done: Callable[[], None] | None, jobs: int) -> Iterator[Loaded]:  # fmt: skip
    """Each workbook's catalogue (None if unusable) and problems, in the order given.

    With ``jobs`` > 1 worker processes check the cached entries and read the other workbooks
    (:func:`load_entry`); this process makes the catalogues of the entries they checked.
    """
    if jobs <= 1 or len(paths) <= 1:
        yield from _load_here(paths, labels, cache, done)
        return
    plans = [(label, cache) for label in labels]
    loaded = map_jobs(load_entry, paths, plans, jobs)
    for (checked, read, problems), label in zip(loaded, labels, strict=True):
        if checked is None:
            yield None, problems
        else:
            if read and cache is not None:
                cache.put(checked.digest, checked.data)
            catalogue, warnings = unpack(checked, label)
            yield catalogue, [*problems, *warnings]
        if done:
            done()


def _load_here(paths: list[Path], labels: list[str], cache: CatalogueCache | None,
               done: Callable[[], None] | None) -> Iterator[Loaded]:  # fmt: skip
    """:func:`_load_all` in this process: each cached entry checked, each other workbook read and stored."""
    for path, label in zip(paths, labels, strict=True):
        digest = _digest(path) if cache is not None else None
        hit = cache.get(digest, label) if cache is not None and digest else None
        if isinstance(hit, tuple):
            yield hit
        else:
            catalogue, problems = read_workbook(path, label)
            if cache is not None and catalogue is not None:
                cache.put(catalogue.sha256, encode(catalogue, problems))
            yield catalogue, [hit, *problems] if isinstance(hit, Problem) else problems
        if done:
            done()


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
