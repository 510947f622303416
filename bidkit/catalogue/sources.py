"""Which workbooks a bid's catalogue folders hold, and loading them all (cached, in parallel).

Kept apart from the reading of one workbook (loader.py and the modules it uses):
a rebuild whose catalogues are all in the cache never reads a workbook, so it
never needs those modules, and the command starts that much sooner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from bidkit.catalogue.contract.model import Catalogue
from bidkit.errors import Location, Problem

if TYPE_CHECKING:
    from bidkit.speed.catalogues import CatalogueCache

# Files a folder of catalogues is searched for.  Kinds bidkit does not read are
# included on purpose: a pumpco.xls dropped in the folder is reported, not skipped.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xls", ".xlsb", ".ods", ".csv")


def load_catalogues(
    sources: Iterable[Path],
    base: Path | None = None,
    cache: CatalogueCache | None = None,
    done: Callable[[], None] | None = None,
    jobs: int = 1,
) -> tuple[dict[str, Catalogue], list[Problem]]:
    """Load every workbook in the given files/folders, keyed by member id.

    With a ``cache``, unchanged workbooks are not read again (cache.py); ``done`` is
    called as each workbook is loaded (for a progress bar).
    """
    from bidkit.catalogue.batch import load_all

    problems: list[Problem] = []
    found: dict[str, Catalogue] = {}
    paths = expand_sources(sources, problems)
    labels = [display_path(path, base) for path in paths]
    for catalogue, issues in load_all(paths, labels, cache, done):
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


def expand_sources(sources: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """Folders become their spreadsheet files (sorted; Office lock files and hidden files skipped)."""
    paths: list[Path] = []
    for src in sources:
        if src.is_dir():
            paths.extend(
                p for p in sorted(src.iterdir())
                if p.suffix.lower() in SPREADSHEET_SUFFIXES and p.is_file()
                and not p.name.startswith(("~$", ".~lock", "."))
            )  # fmt: skip
        elif src.is_file():
            paths.append(src)
        else:
            problems.append(Problem("catalogue file or folder not found", Location(str(src))))
    return paths


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
