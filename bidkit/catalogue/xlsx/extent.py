"""How far a sheet's cells reach, measured before the cell reader lays the sheet out.

python-calamine builds a sheet as one dense block of 32-byte cells from the
first to the last cell holding a value, and bidkit asks for it from A1.  One
value at ``XFD1048576`` makes it ask for 1,048,576 x 16,384 cells (512 GiB)
and the whole process aborts: an allocation failure, which no ``try`` catches.
So a sheet's XML is measured first and a sheet that would need more than
:data:`MAX_CELLS` cells is refused with the cell that makes it so.

Measuring every cell reference costs about a third of what calamine itself
spends on a sheet, so it is done only when needed.  :func:`plain` is a quick
pass over a chunk of sheet XML: it finds nothing when every row and cell
carries its reference first and no reference lies beyond column Z or row
99,999.  Such a sheet fits in 26 x 99,999 cells, well inside the limit.  When
it does find something (wide or very long sheets, a writer that leaves out
references, a namespace prefix), :func:`measure` walks every row and cell tag
and places it the way calamine does: a cell by its reference, or else one
column right of the previous cell; a row by its number, or else one below
the previous row.  Empty cells (``<c r="XFD1048576"/>``) do not count; calamine
skips them too.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

MAX_CELLS = 10_000_000  # about 400 MB to read; a 200,000-row catalogue of 12 columns is 2.4 million
_CHUNK = 1 << 22

# A row or cell tag that is not plainly inside A1:Z99999 with its reference first.
_OUTSIDE = re.compile(rb'<(?:c(?! r="[A-Z][0-9]{1,5}")|row(?! r="[0-9]{1,5}"))[\s>/]')
_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")  # calamine reads <x:c> like <c>, whatever the prefix
# A row or cell tag without its reference first: it must be placed the way calamine places it.
_IRREGULAR = re.compile(rb'<(?:c|row)(?:[>/]|\s(?!r="))')
# A cell with content and its reference: (column letters, row number).
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?:\s[^>]*)?(?<!/)>')
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(\s[^>]*|/)?>")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]{0,3})([0-9]{0,7})["']""")


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


def col_index(letters: bytes) -> int:
    """``b'A'`` -> 0, ``b'AB'`` -> 27 (lower-case letters as upper-case, as calamine reads them)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number - 1


def _regular(chunk: bytes, extent: Extent) -> None:
    """Every cell carries its reference: the farthest row and the widest column decide."""
    refs = _CELL.findall(chunk)
    if not refs:
        return
    letters, digits = zip(*refs, strict=True)
    deepest = digits.index(max(digits, key=int))
    longest = len(max(letters, key=len))
    widest = letters.index(max(x for x in letters if len(x) == longest))
    for i in (deepest, widest):
        extent.add(int(digits[i]) - 1, col_index(letters[i]))


class _Walker:
    """Places row and cell tags as calamine does, counting the cells with content."""

    def __init__(self) -> None:
        self.extent = Extent()
        self.row = -1
        self.col = -1

    def feed(self, data: bytes) -> None:
        for tag in _TAG.finditer(data):
            name, attrs = tag.group(1), tag.group(2) or b""
            ref = _REF.search(attrs)
            letters, digits = (ref.group(1), ref.group(2)) if ref else (b"", b"")
            if name == b"row":
                self.row = int(digits) - 1 if digits else self.row + 1
                self.col = -1
                continue
            self.col = col_index(letters) if letters else self.col + 1
            row = int(digits) - 1 if digits else self.row
            if not attrs.endswith(b"/"):
                self.extent.add(max(row, 0), max(self.col, 0))


def _chunks(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The part in pieces of a few MB, each ending after a ``>`` so no tag is cut in two."""
    buffer = b""
    with zf.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            buffer += chunk
            cut = buffer.rfind(b">") + 1
            yield buffer[:cut]
            buffer = buffer[cut:]
    yield buffer


def measure(zf: zipfile.ZipFile, member: str) -> Extent:
    """The extent of one sheet part, read in chunks (memory stays bounded)."""
    extent = Extent()
    for chunk in _chunks(zf, member):
        if _IRREGULAR.search(chunk) or _PREFIXED.search(chunk):
            walker = _Walker()  # start again, placing every tag
            for again in _chunks(zf, member):
                walker.feed(again)
            return walker.extent
        _regular(chunk, extent)
    return extent
