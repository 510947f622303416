"""Reading a workbook's cells: the one place that knows which spreadsheet libraries are used.

python-calamine (Rust) reads cells far faster than openpyxl, and it does not
trust a sheet's declared ``<dimension>`` (openpyxl's read-only mode silently
drops rows beyond an understated one; a sheet that claims a million rows but
holds 40 is read as 40).  What calamine hides (formulas never calculated,
error cells, hidden rows, merged ranges, how far the cells reach) comes from
parsing the sheet XML in :mod:`bidkit.catalogue.xlsx.sheetscan`.  Everything
above this module sees plain rows of Python values plus those facts, so the
readers can be swapped without touching the catalogue contract.

Once its first bytes say it is a workbook (sniff.py), the file is read into
memory once, and everything after works on those bytes: the safety checks,
both readers and the SHA-256 that the catalogue cache and the price lock
record.  A workbook saved again while it is being read (a ``--watch`` build, a
copy landing in a shared folder) can then never be cached or locked under the
digest of other bytes than those parsed, which would price a later build from
the old rows without a word.

Sheets are read on demand: a workbook's unrelated sheets cost nothing.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.parsers.expat import ExpatError

from bidkit.catalogue.contract.cells import cell_ref
from bidkit.catalogue.contract.clean import clean_rows
from bidkit.catalogue.xlsx.extent import MAX_CELLS, Extent
from bidkit.catalogue.xlsx.safety import (
    MAX_DIRECTORY,
    MAX_TOTAL,
    UnsafePackage,
    check_package,
    require_xml_defences,
)
from bidkit.catalogue.xlsx.sheetscan import (
    SheetFacts,
    StrictWorkbookError,
    UnsafeXml,
    scan_sheet,
    sheet_parts,
)
from bidkit.catalogue.xlsx.sniff import MESSAGES, sniff
from bidkit.errors import CatalogueError, Location

# A larger file cannot be a package that bidkit/catalogue/xlsx/safety.py lets through: its parts may unpack to
# MAX_TOTAL in all, and its zip directory may take MAX_DIRECTORY.
MAX_FILE = MAX_TOTAL + MAX_DIRECTORY
_STRICT = (
    "the workbook is saved as 'Strict Open XML Spreadsheet', which bidkit cannot read; "
    "save it as 'Excel Workbook (.xlsx)'"
)


def _broken_file_errors() -> tuple[type[Exception], ...]:
    """What zipfile, defusedxml and calamine raise for a bad file; a bug in bidkit keeps its traceback."""
    import python_calamine as calamine

    return (calamine.CalamineError, zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError,
            ValueError, SyntaxError, OverflowError, ExpatError)  # fmt: skip


@dataclass(frozen=True)
class SheetData:
    """A sheet's cells as rows from A1; ``rows[r][c]`` is the cell at row r+1, column c+1.

    Rows may be shorter than others and end before the last flagged cell:
    a formula with no saved value or an error cell reads as ``''``, so those
    are listed in ``facts`` by position.  ``merged`` holds each merged range
    as (first row, first col, last row, last col), 0-based and inclusive.
    """

    name: str
    visible: bool
    rows: list[list[Any]]
    facts: SheetFacts = field(default_factory=SheetFacts)
    merged: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool


class Workbook:
    """An open .xlsx (the file's bytes): its worksheets' names, and each sheet's cells on request."""

    def __init__(self, data: bytes, label: str):
        import python_calamine as calamine

        self.label = label
        self._data = data
        self._where = Location(label)
        self._broken = _broken_file_errors()
        require_xml_defences()
        try:
            check_package(io.BytesIO(data))  # zip bombs, duplicate entries, DTDs: before any parser
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            self._parts = sheet_parts(self._zip)
            self._book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            worksheet = calamine.SheetTypeEnum.WorkSheet
            self.sheets = [
                SheetInfo(m.name, m.visible == calamine.SheetVisibleEnum.Visible)
                for m in self._book.sheets_metadata
                if m.typ == worksheet
            ]
        except StrictWorkbookError:
            self.close()
            raise CatalogueError(_STRICT, self._where) from None
        except UnsafePackage as exc:
            self.close()
            raise CatalogueError(str(exc), self._where) from None
        except self._broken as exc:
            self.close()
            raise _unreadable(exc, self._where) from exc

    @cached_property
    def sha256(self) -> str:
        """The SHA-256 of exactly the bytes this workbook was read from."""
        return hashlib.sha256(self._data).hexdigest()

    def read(self, name: str) -> SheetData:
        """Every cell of one worksheet, with the facts the values alone do not show."""
        info = next(s for s in self.sheets if s.name == name)
        where = Location(self.label, sheet=name)
        part = self._parts.get(name)
        if part is None:  # calamine found a sheet the package's relationships do not lead to
            raise CatalogueError("the sheet's part is missing from the file; save the workbook again", where)
        try:
            facts = scan_sheet(self._zip, part)
            if facts.extent is not None:
                _check_extent(facts.extent, where)
            rows = self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except UnsafeXml as exc:
            raise CatalogueError(str(exc), where) from None
        except self._broken as exc:  # a damaged sheet must become one clear line
            raise _unreadable(exc, where) from exc
        facts.replaced = clean_rows(rows)
        return SheetData(name, info.visible, rows, facts, tuple(facts.merged))

    def close(self) -> None:
        for handle in ("_book", "_zip"):
            obj = getattr(self, handle, None)
            if obj is not None:
                obj.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _check_extent(extent: Extent, where: Location) -> None:
    """Refuse a sheet whose cells reach so far that laying it out would exhaust memory (extent.py)."""
    if extent.cells <= MAX_CELLS:
        return
    row, col = extent.far
    raise CatalogueError(
        f"this cell lies far outside the table: reading the sheet would take {extent.rows:,} rows x "
        f"{extent.cols:,} columns (bidkit reads at most {MAX_CELLS:,} cells a sheet); delete everything "
        "outside the table and save it again",
        Location(where.file, sheet=where.sheet, cell=cell_ref(row, col)),
    )


def _unreadable(exc: Exception, where: Location) -> CatalogueError:
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return CatalogueError(MESSAGES["truncated"], where)
    text = (str(exc).strip().splitlines() or [""])[0][:200]
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return CatalogueError(
        f"the workbook cannot be read ({detail}); open it in Excel or LibreOffice and save it again",
        where,
    )


def open_workbook(path: Path, display: str | None = None) -> Workbook:
    """Open an .xlsx for reading, or raise one CatalogueError saying what the file is instead."""
    label = display or str(path)
    where = Location(label)
    if not path.is_file():
        raise CatalogueError("file not found", where)
    try:
        kind = sniff(path)
    except OSError as exc:
        raise CatalogueError(f"cannot open the file: {exc.strerror}", where) from None
    if kind != "xlsx":
        raise CatalogueError(MESSAGES[kind], where)
    return Workbook(_read_once(path, where), label)


def _read_once(path: Path, where: Location) -> bytes:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE + 1)
    except OSError as exc:
        raise CatalogueError(f"cannot open the file: {exc.strerror}", where) from None
    if len(data) > MAX_FILE:
        raise CatalogueError(
            f"the file is larger than {MAX_FILE // (1 << 20)} MiB, more than any workbook bidkit reads; "
            "remove pictures or other embedded files, or split the catalogue, and save it again",
            where,
        )
    return data
