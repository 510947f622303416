"""What kind of file a catalogue really is, decided from its bytes and never from its name.

Member firms rename files, export web pages "as Excel", send the old .xls or
a password-protected copy.  Each of those gets one line saying what the file
is and what to do with it, instead of a parser's traceback.  Only a zip
holding ``xl/workbook.xml`` without macros is read as a catalogue.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORKBOOK_TYPES = (b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml")
_OLE_STREAMS = (  # compound-file stream names, as stored (UTF-16LE), most telling first
    ("encrypted", "EncryptedPackage"),
    ("xls", "Workbook"),
    ("xls", "Book"),
    ("doc", "WordDocument"),
)
_CHUNK = 1 << 20

MESSAGES = {
    "empty": "the file is empty (0 bytes); save the workbook again from Excel or LibreOffice and resend it",
    "truncated": (
        "the file is damaged or incomplete (a cut-off .xlsx); save the workbook again and resend it"
    ),
    "xlsm": (
        "this workbook contains macros (.xlsm); save it as 'Excel Workbook (.xlsx)', "
        "since catalogues must be plain workbooks"
    ),
    "xlsb": "this is an Excel binary workbook (.xlsb); save it as 'Excel Workbook (.xlsx)'",
    "ods": (
        "this is an OpenDocument spreadsheet (.ods), which bidkit does not read; "
        "save it as 'Excel 2007-365 (.xlsx)'"
    ),
    "docx": "this is a Word document, not a spreadsheet; send the price list as an Excel workbook (.xlsx)",
    "zip": "this is a zip archive, not an Excel workbook; send the .xlsx file itself",
    "encrypted": (
        "the workbook is protected with a password to open, so it cannot be read; "
        "remove the password (Excel: File > Info > Protect Workbook) and save it again"
    ),
    "xls": ("this is an old Excel 97-2003 workbook (.xls); open it and save it as 'Excel Workbook (.xlsx)'"),
    "doc": "this is an old Word document (.doc), not a spreadsheet",
    "ole": "this is an old-format Office file, not an .xlsx workbook; save it as 'Excel Workbook (.xlsx)'",
    "csv": (
        "this is a text (CSV) file, not a workbook; a catalogue needs its Member and Components "
        "sheets: start from `bidkit catalogue new` and paste the rows in"
    ),
    "html": (
        "this is a web page (HTML) saved with a spreadsheet name; open it in Excel and "
        "save it as 'Excel Workbook (.xlsx)'"
    ),
    "xml2003": "this is an 'XML Spreadsheet 2003' file; save it as 'Excel Workbook (.xlsx)'",
    "pdf": "this is a PDF, not a spreadsheet; send the price list as an Excel workbook (.xlsx)",
    "text": "this is a text file, not a spreadsheet; send the price list as an Excel workbook (.xlsx)",
    "other": "this is not a spreadsheet; send the price list as an Excel workbook (.xlsx)",
}


def sniff(path: Path) -> str:
    """The file's kind: ``xlsx`` for a readable workbook, else a key of :data:`MESSAGES`."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        return "empty"
    if head.startswith((_ZIP_MAGIC, _EMPTY_ZIP)):
        return _zip_kind(path)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(path)
    return _text_kind(head)


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = {name.replace("\\", "/") for name in zf.namelist()}  # some writers use Windows paths
            types = _head(zf, "[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, zlib.error, OSError, KeyError, EOFError):
        return "truncated"
    if any(name.endswith("workbook.bin") for name in names):
        return "xlsb"
    if "mimetype" in names and "content.xml" in names:
        return "ods"
    if "word/document.xml" in names:
        return "docx"
    if b"macroEnabled.main+xml" in types:
        return "xlsm"
    if "xl/workbook.xml" in names or any(t in types for t in _WORKBOOK_TYPES):
        return "xlsx"
    return "zip"


def _head(zf: zipfile.ZipFile, name: str) -> bytes:
    """The start of a part, never all of it: the part may be a zip bomb (refused later, by safety.py)."""
    with zf.open(name) as fh:
        return fh.read(_CHUNK)


def _ole_kind(path: Path) -> str:
    """Tell an encrypted .xlsx from an .xls by the stream names in the compound file."""
    wanted = [(kind, name.lower().encode("utf-16-le")) for kind, name in _OLE_STREAMS]  # some write WORKBOOK
    found: set[str] = set()
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            window = tail + chunk.lower()
            found.update(kind for kind, raw in wanted if raw in window)
            tail = window[-64:]
    return next((kind for kind, _ in _OLE_STREAMS if kind in found), "ole")


def _text_kind(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "pdf"
    if b"\x00" in head:
        return "other"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n").casefold()
    if text.startswith("<?xml") and ("office:spreadsheet" in text or 'progid="excel.sheet"' in text):
        return "xml2003"
    if text.startswith(("<!doctype html", "<html", "<table")) or "<html" in text[:1024]:
        return "html"
    return "csv" if _looks_delimited(text, complete=len(head) < 4096) else "text"


def _looks_delimited(text: str, complete: bool) -> bool:
    """Rows with the same number of separators: CSV (one line needs two, so prose is not CSV)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not complete:
        lines = lines[:-1]
    lines = lines[:5]
    for sep in (";", "\t", ","):
        counts = {line.count(sep) for line in lines}
        if lines and len(counts) == 1 and min(counts) >= (1 if len(lines) > 1 else 2):
            return True
    return False
