"""One sheet seen as a table: where its header is, and what the cell values alone do not say.

Firms put a title, a logo or a date above their column names, merge cells
down a category, hide rows of discontinued items and leave formulas in
their price columns.  This module finds the header row, reports every
formula with no saved value and every error cell (they read as blanks),
warns about hidden rows, columns and sheets (loaded like any other), and
fills merged cells down so that each row carries the value the firm sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bidkit.catalogue.contract import cells
from bidkit.catalogue.contract.clean import replaced_message
from bidkit.catalogue.contract.headers import ENGLISH
from bidkit.catalogue.xlsx.reader import SheetData
from bidkit.errors import Location, Problem, ProblemList

HEADER_SEARCH_ROWS = 50
_CELL = re.compile(r"^([A-Z]+)(\d+)$")
UNCACHED = (
    "this formula has no saved result (the file was written by a program that does not calculate); "
    "open the file in Excel or LibreOffice and save it again"
)


@dataclass
class Header:
    """The header row and which column holds which field (0-based indexes)."""

    row: int
    known: dict[str, int] = field(default_factory=dict)
    extra: dict[str, int] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


def row_blank(row: list[Any]) -> bool:
    """True when no cell holds anything but spaces (a plain loop: this runs once per row)."""
    for value in row:
        if value != "" and value is not None and (type(value) is not str or value.strip()):
            return False
    return True


class SheetView:
    """A sheet plus the file label, so every problem gets its cell."""

    def __init__(self, data: SheetData, label: str, problems: ProblemList):
        self.data, self.label, self.problems = data, label, problems
        facts = data.facts
        self.flagged: set[tuple[int, int]] = {*facts.uncached, *facts.errors}
        self.skus: set[str] = set()

    @property
    def rows(self) -> list[list[Any]]:
        return self.data.rows

    def at(self, row: int | None, col: int | None = None) -> Location:
        if row is None or row < 0:
            return Location(self.label, sheet=self.data.name)
        return Location(self.label, sheet=self.data.name, cell=cells.cell_ref(row, max(col or 0, 0)))

    def error(self, message: str, row: int | None, col: int | None = None) -> None:
        self.problems.error(message, self.at(row, col))

    def warn(self, message: str, row: int | None, col: int | None = None) -> None:
        self.problems.warn(message, self.at(row, col))

    def find_header(
        self, lookup: Callable[[object], str | None], required: Iterable[str], needs: str
    ) -> Header | None:
        """The first row holding every required column; an error naming what is missing if none does."""
        wanted = set(required)
        best: tuple[int, int] | None = None
        for r, row in enumerate(self.rows[:HEADER_SEARCH_ROWS]):
            found = {lookup(v) for v in row if not cells.is_blank(v)} - {None}
            if wanted <= found:
                return self._columns(r, lookup)
            if len(found) >= 2 and (best is None or len(found) > best[1]):
                best = (r, len(found))
        if best is not None:
            have = self._columns(best[0], lookup).known
            missing = ", ".join(ENGLISH[f] for f in required if f not in have)  # as the template names them
            self.error(f"required column(s) missing from the header row: {missing}", best[0])
        elif row_blank([v for row in self.rows[:HEADER_SEARCH_ROWS] for v in row]):
            self.error(f"the sheet is empty; it needs a header row with the columns {needs}", 0)
        else:
            self.error(f"no header row found in the first {HEADER_SEARCH_ROWS} rows: "
                       f"the sheet needs the columns {needs}", 0)  # fmt: skip
        return None

    def _columns(self, row: int, lookup: Callable[[object], str | None]) -> Header:
        """Map contract fields (and extra columns) to column indexes from the header row."""
        header = Header(row)
        for col, raw in enumerate(self.rows[row]):
            title = cells.to_text(raw)
            if not title:
                continue
            name = lookup(raw)
            target, key = (header.known, name) if name else (header.extra, title)
            if key in target:
                self.problems.error(f"column '{title}' appears twice in the header", self.at(row, col))
            else:
                target[key] = col
                if name:
                    header.titles[name] = title
        return header

    def report_facts(self, first_row: int, columns: Iterable[int]) -> None:
        """Errors for uncached formulas and error cells, warnings for hidden rows/columns/sheet."""
        used = set(columns)
        facts = self.data.facts
        if not self.data.visible:
            self.warn("this sheet is hidden; it is read like the others", None)
        for r, c in sorted(facts.uncached):
            if r >= first_row and c in used:
                self.error(UNCACHED, r, c)
        for (r, c), shown in sorted(facts.errors.items()):
            if r >= first_row and c in used:
                self.error(f"the cell shows the error {shown}; correct the formula or type the value", r, c)
        for (r, c), text in sorted(facts.inexact.items()):
            if r >= first_row and c in used:
                self.error(f"the number {text} has more digits than a spreadsheet number holds (15 "
                           f"significant digits) and reads as {float(text)!r}; store it as text if it is a "
                           "code, or round it", r, c)  # fmt: skip
        for (r, c), codes in sorted(facts.replaced.items()):
            if r >= first_row and c in used:
                self.warn(replaced_message(codes), r, c)
        for col in sorted(used & facts.hidden_cols):
            self.warn("this column is hidden; its values are read like the others", first_row, col)
        self._hidden_rows(first_row)

    def _hidden_rows(self, first_row: int) -> None:
        hidden = sorted(r for r in self.data.facts.hidden_rows
                        if r > first_row and r < len(self.rows) and not row_blank(self.rows[r]))  # fmt: skip
        runs: list[list[int]] = []
        for r in hidden:
            if runs and r == runs[-1][-1] + 1:
                runs[-1].append(r)
            else:
                runs.append([r])
        for run in runs:
            which = f"row {run[0] + 1} is" if len(run) == 1 else f"rows {run[0] + 1}-{run[-1] + 1} are"
            self.warn(f"{which} hidden; hidden rows are read like the others", run[0])

    def fill_merged(self, first_row: int, columns: Iterable[int]) -> None:
        """Give every row of a merged block the value of its top cell (first column only)."""
        used = set(columns)
        for r0, c0, r1, c1 in self.data.merged:
            if r0 <= first_row or not any(c in used for c in range(c0, c1 + 1)):
                continue
            span = f"{cells.cell_ref(r0, c0)}:{cells.cell_ref(r1, c1)}"
            value = self.rows[r0][c0] if c0 < len(self.rows[r0]) else ""
            notes = []
            if r1 > r0:
                for r in range(r0 + 1, min(r1, len(self.rows) - 1) + 1):
                    row = self.rows[r]
                    row.extend([""] * (c0 + 1 - len(row)))
                    row[c0] = value
                notes.append(f"rows {r0 + 1}-{r1 + 1} each take the value '{cells.to_text(value)}'")
            if c1 > c0:
                notes.append(f"the value belongs to column {cells.col_letter(c0)} only")
            self.warn(f"cells {span} are merged; {' and '.join(notes)}", r0, c0)


_SHEET_ORDER = {"Member": 0, "Medlem": 0, "Components": 1, "Komponenter": 1}


def problem_order(problem: Problem) -> tuple[str, int, str, int, int]:
    """Sort key putting a file's problems in reading order: sheet, then row, then column."""
    where = problem.location
    if where is None:
        return ("", -1, "", 0, 0)
    row, col = 0, 0
    found = _CELL.match(where.cell or "")
    if found:
        letters, digits = found.groups()
        row = int(digits)
        for ch in letters:
            col = col * 26 + ord(ch) - 64
    sheet = where.sheet or ""
    return (where.file, _SHEET_ORDER.get(sheet, 2 if sheet else -1), sheet, row, col)
