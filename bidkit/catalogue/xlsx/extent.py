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


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def split_ref(ref: str | None) -> tuple[int | None, int | None]:
    """A cell reference's (column, row), 0-based; None for a part it lacks or cannot mean."""
    if ref is None:
        return None, None
    text = ref.strip()
    digits = text.lstrip(_LETTERS)
    letters = text[: len(text) - len(digits)]
    if len(letters) > 3 or len(digits) > 7 or (digits and not (digits.isascii() and digits.isdigit())):
        return None, None
    return (col_index(letters) if letters else None), (int(digits) - 1 if digits else None)


class Placer:
    """Places rows and cells as calamine does, and measures the cells with content.

    A row goes by its number, or else one below the previous row; a cell by its
    reference, or else one column right of the previous cell in its row.  Empty
    cells (``<c r="XFD1048576"/>``) do not count: calamine skips them too.  A
    reference is only read when the cell's place is asked for or the next cell
    needs it, so a sheet of empty formatted cells is measured quickly.
    """

    def __init__(self) -> None:
        self.extent = Extent()
        self._row = -1  # the current row
        self._cell_row = -1  # the current cell's row and column
        self._col = -1
        self._ref: str | None = None  # the current cell's reference, not read yet

    def row(self, ref: str | None) -> int:
        """Place a row (its ``r`` attribute); returns its 0-based index."""
        number = int(ref) - 1 if ref is not None and ref.isascii() and ref.isdigit() else split_ref(ref)[1]
        self._row = number if number is not None else self._row + 1
        self._col = -1
        self._ref = None
        return self._row if self._row > 0 else 0

    def cell(self, ref: str | None) -> None:
        """A cell starts (its ``r`` attribute)."""
        if ref is None:
            self._read_ref()
            self._col += 1
            self._cell_row = self._row
        else:
            self._ref = ref

    def _read_ref(self) -> None:
        if self._ref is not None:
            col, row = split_ref(self._ref)
            self._ref = None
            self._col = col if col is not None else self._col + 1
            self._cell_row = row if row is not None else self._row

    def position(self) -> tuple[int, int]:
        """The current cell's 0-based (row, column)."""
        self._read_ref()
        return (self._cell_row if self._cell_row > 0 else 0), (self._col if self._col > 0 else 0)

    def count(self) -> None:
        """The current cell holds something."""
        self.extent.add(*self.position())
