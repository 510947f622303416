"""The values of the rows that problems point at, so a firm sees which row a cell is in.

Read with the library's own workbook reader, and only from files that passed its safety checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from bidkit.catalogue.contract.cells import col_letter
from bidkit.catalogue.xlsx.reader import open_workbook
from bidkit.errors import BidkitError, Problem

CELL = re.compile(r"^[A-Z]{1,3}([0-9]{1,7})$")
MAX_COLUMNS = 30
MAX_TEXT = 120

RowKey = tuple[str, int]


def row_of(problem: Problem) -> RowKey | None:
    """(sheet, row number) of a problem that points at a cell."""
    where = problem.location
    if where is None or where.sheet is None or where.cell is None:
        return None
    match = CELL.match(where.cell)
    return (where.sheet, int(match.group(1))) if match else None


def row_values(path: Path, label: str, problems: Iterable[Problem]) -> dict[RowKey, list[list[str]]]:
    """Each wanted row's non-empty cells as ``[column letter, text]`` pairs."""
    wanted = {key for key in map(row_of, problems) if key is not None}
    if not wanted:
        return {}
    found: dict[RowKey, list[list[str]]] = {}
    try:
        with open_workbook(path, label) as book:
            names = {info.name for info in book.sheets}
            for sheet in sorted({s for s, _ in wanted} & names):
                rows = book.read(sheet).rows
                for s, number in wanted:
                    if s == sheet and 0 < number <= len(rows):
                        found[(s, number)] = _cells(rows[number - 1])
    except BidkitError:
        return {}
    return found


def _cells(row: list[object]) -> list[list[str]]:
    cells = []
    for index, value in enumerate(row[:MAX_COLUMNS]):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a whole number typed in a cell reads as 7.0; the firm typed 7
        text = "" if value is None else str(value)
        if text.strip():
            cells.append([col_letter(index), text[:MAX_TEXT]])
    return cells
