"""How far a sheet's cells reach, measured before the cell reader lays the sheet out.

python-calamine builds a sheet as one dense block of 32-byte cells from the
first to the last cell holding a value, and bidkit asks for it from A1.  One
value at ``XFD1048576`` makes it ask for 1,048,576 x 16,384 cells (512 GiB)
and the whole process aborts: an allocation failure, which no ``try`` catches.
So a sheet's cells are placed first, the way calamine places them
(:class:`Placer`, fed by the sheet parser in sheetscan.py), and a sheet that
would need more than :data:`MAX_CELLS` cells is refused with the cell that
makes it so.

A sheet needs no measuring when :func:`plain` finds every row and cell tag
carrying its reference first, spelled plainly, and none beyond column Z or row
99,999: it fits in 26 x 99,999 cells, well inside the limit.  Anything else
(wide or very long sheets, a writer that leaves out references or spells
them otherwise, a namespace prefix) is measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CELLS = 10_000_000  # about 400 MB to read; a 200,000-row catalogue of 12 columns is 2.4 million

# A row or cell tag that is not plainly inside A1:Z99999 with its reference first.
_OUTSIDE = re.compile(rb'<(?:c(?! r="[A-Z][0-9]{1,5}")|row(?! r="[0-9]{1,5}"))[\s>/]')
_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")  # calamine reads <x:c> like <c>, whatever the prefix
_REF = re.compile(r"([A-Za-z]{1,3})?([0-9]{1,7})?")


@dataclass
class Extent:
    """Rows and columns from A1 to the farthest value, and the cell most to blame (0-based row, column)."""

    rows: int = 0
    cols: int = 0
    far: tuple[int, int] = (0, 0)

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    def add(self, row: int, col: int) -> None:
        """Count a cell with content at (row, col)."""
        self.rows = max(self.rows, row + 1)
        self.cols = max(self.cols, col + 1)
        if (row + 1) * (col + 1) > (self.far[0] + 1) * (self.far[1] + 1):
            self.far = (row, col)


def plain(chunk: bytes) -> bool:
    """True when every row and cell tag in ``chunk`` is plainly inside A1:Z99999."""
    return _OUTSIDE.search(chunk) is None and _PREFIXED.search(chunk) is None


def col_index(letters: str) -> int:
    """``'A'`` -> 0, ``'AB'`` -> 27 (lower-case letters as upper-case, as calamine reads them)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number - 1


def split_ref(ref: str | None) -> tuple[int | None, int | None]:
    """A cell reference's (column, row), 0-based; None for a part it lacks or cannot mean."""
    found = _REF.fullmatch(ref.strip()) if ref is not None else None
    if found is None:
        return None, None
    letters, digits = found.groups()
    return (col_index(letters) if letters else None), (int(digits) - 1 if digits else None)


class Placer:
    """Places rows and cells as calamine does, and measures the cells with content.

    A row goes by its number, or else one below the previous row; a cell by its
    reference, or else one column right of the previous cell in its row.  Empty
    cells (``<c r="XFD1048576"/>``) do not count: calamine skips them too.
    """

    def __init__(self) -> None:
        self.extent = Extent()
        self._row = -1
        self._col = -1

    def row(self, ref: str | None) -> int:
        """Place a row (its ``r`` attribute); returns its 0-based index."""
        _, number = split_ref(ref)
        self._row = number if number is not None else self._row + 1
        self._col = -1
        return max(self._row, 0)

    def cell(self, ref: str | None) -> tuple[int, int]:
        """Place a cell (its ``r`` attribute); returns its 0-based (row, column)."""
        col, row = split_ref(ref)
        self._col = col if col is not None else self._col + 1
        return max(row if row is not None else self._row, 0), max(self._col, 0)

    def count(self, row: int, col: int) -> None:
        """A placed cell holds something."""
        self.extent.add(row, col)
