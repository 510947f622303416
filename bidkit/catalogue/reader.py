"""Reading a workbook's cells: the one place that knows which spreadsheet library is used.

python-calamine (Rust) reads about 90k rows/s against openpyxl read-only's
13k, and it does not trust a sheet's declared ``<dimension>`` (openpyxl's
read-only mode silently drops rows beyond an understated one).  Everything
above this module sees plain rows of Python values, so the reader can be
swapped without touching the catalogue contract.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bidkit.errors import CatalogueError, Location

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class SheetData:
    """A sheet's cells as rows from A1; ``rows[r][c]`` is the cell at row r+1, column c+1."""

    name: str
    visible: bool
    rows: list[list[Any]]


@dataclass(frozen=True)
class WorkbookData:
    path: str
    sheets: list[SheetData]

    def sheet(self, name: str) -> SheetData | None:
        return next((s for s in self.sheets if s.name == name), None)


def sniff_kind(path: Path) -> str:
    """Decide what a file is from its first bytes, never from its name."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        return "empty"
    if head.startswith(_ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return "corrupt"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "xl/workbook.bin" in names:
            return "xlsb"
        if "mimetype" in names and "content.xml" in names:
            return "ods"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    return "other"


_KIND_MESSAGES = {
    "empty": "the file is empty; save the workbook again from Excel or LibreOffice",
    "corrupt": "the file is damaged or incomplete (not a readable .xlsx); save it again and resend",
    "xlsb": "this is an Excel binary workbook (.xlsb); save it as 'Excel Workbook (.xlsx)'",
    "ods": "this is an OpenDocument spreadsheet (.ods); save it as 'Excel Workbook (.xlsx)'",
    "docx": "this is a Word document, not a spreadsheet",
    "zip": "this is a zip archive, not an Excel workbook",
    "ole": (
        "this is an old-format Excel file (.xls) or a password-protected workbook; "
        "remove any password and save it as 'Excel Workbook (.xlsx)'"
    ),
    "other": "this is not an Excel workbook (.xlsx); save the price list as 'Excel Workbook (.xlsx)'",
}


def read_workbook(path: Path, display: str | None = None) -> WorkbookData:
    """Read every sheet of an .xlsx into rows of values, or raise one clear CatalogueError."""
    label = display or str(path)
    where = Location(label)
    if not path.is_file():
        raise CatalogueError("file not found", where)
    kind = sniff_kind(path)
    if kind != "xlsx":
        raise CatalogueError(_KIND_MESSAGES[kind], where)
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in book.sheets_metadata:
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            visible = meta.visible == calamine.SheetVisibleEnum.Visible
            sheets.append(SheetData(meta.name, visible, rows))
    except Exception as exc:  # calamine raises several unrelated classes for bad files
        raise CatalogueError(f"cannot read the workbook ({exc}); open it and save it again", where) from exc
    return WorkbookData(label, sheets)
