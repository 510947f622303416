"""The catalogue contract: a member's workbook in, a checked :class:`Catalogue` out.

Every non-blank row becomes a component or a reported problem; nothing is
dropped silently.  All problems of a workbook are collected before failing so
the firm can fix them in one go.  The contract itself is docs/catalogue-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bidkit.catalogue.contract import cells, headers
from bidkit.catalogue.contract.components import price_break_count, read_components, read_price_breaks
from bidkit.catalogue.contract.member import read_member
from bidkit.catalogue.contract.model import Catalogue, Components, PlainRow
from bidkit.catalogue.contract.table import SheetView, problem_order
from bidkit.catalogue.xlsx.reader import SheetInfo, Workbook, open_workbook
from bidkit.errors import CatalogueError, Location, Problem, ProblemList


@dataclass
class LoadReport:
    """What loading one workbook gave: the catalogue (None if unusable), every problem, and counts.

    The counts are of the rows that were read correctly, so a checker can say
    "410 components, 2 errors" even when the errors keep the catalogue out of a bid.
    """

    catalogue: Catalogue | None
    problems: list[Problem]
    components: int = 0
    price_breaks: int = 0


def load_catalogue(path: Path, display: str | None = None) -> tuple[Catalogue | None, list[Problem]]:
    """Load one member workbook; returns the catalogue (None if unusable) and every problem."""
    report = inspect_catalogue(path, display)
    return report.catalogue, report.problems


def inspect_catalogue(path: Path, display: str | None = None) -> LoadReport:
    """Load one member workbook and say how far it got."""
    label = display or str(path)
    try:
        with open_workbook(path, label) as book:
            return _load(book, path, label)
    except CatalogueError as exc:
        return LoadReport(None, exc.problems)


def _load(book: Workbook, path: Path, label: str) -> LoadReport:
    problems = ProblemList()
    roles = _sheets_by_role(book.sheets, label, problems)
    views = {role: SheetView(book.read(info.name), label, problems) for role, info in roles.items()}
    member = read_member(views["Member"], path) if "Member" in views else None
    components: dict[str, PlainRow] = {}
    head = None
    if "Components" in views:
        components, head = read_components(views["Components"], member)
    if "PriceBreaks" in views and head is not None:
        read_price_breaks(views["PriceBreaks"], components, views["Components"].skus)
    breaks = price_break_count(components)
    problems.items.sort(key=problem_order)
    if member is None or head is None or problems.errors:
        return LoadReport(None, problems.items, len(components), breaks)
    digest = book.sha256  # of the bytes read, not of the file as it may be by now
    columns = {name: cells.col_letter(col) for name, col in head.known.items()}
    catalogue = Catalogue(path=label, member=member, components=Components.from_rows(member.id, components),
                          sha256=digest, sheet=roles["Components"].name, header_row=head.row + 1,
                          columns=columns, titles=head.titles)  # fmt: skip
    return LoadReport(catalogue, problems.items, len(components), breaks)


def _sheets_by_role(sheets: list[SheetInfo], label: str, problems: ProblemList) -> dict[str, SheetInfo]:
    """Sheets by their role; a visible sheet wins over a hidden one with the same role."""
    roles: dict[str, SheetInfo] = {}
    for sheet in sorted(sheets, key=lambda s: not s.visible):
        role = headers.sheet_role(sheet.name)
        if role and role not in roles:
            roles[role] = sheet
        elif role:  # its rows would be left out without a word
            first = roles[role].name
            where = Location(label, sheet=sheet.name)
            if sheet.visible:
                problems.error(f"a second {role} sheet: '{first}' is the one read, so the rows here would be "
                               f"left out; move them to '{first}' and delete this sheet", where)  # fmt: skip
            else:
                problems.warn(f"this hidden sheet is a second {role} sheet and is not read ('{first}' is); "
                              "delete it if it is an old copy", where)  # fmt: skip
    for required, danish in (("Member", "Medlem"), ("Components", "Komponenter")):
        if required not in roles:
            names = ", ".join(s.name for s in sheets) or "none"
            message = f"no sheet named '{required}' or '{danish}' (sheets found: {names})"
            problems.error(message, Location(label))
    return roles


__all__ = ["LoadReport", "inspect_catalogue", "load_catalogue"]
