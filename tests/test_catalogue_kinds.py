"""The wrong kind of file gets one line saying what it is and what to do, decided by its bytes."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.helpers import convert, write_catalogue

XLSX_CURE = "save it as 'Excel Workbook (.xlsx)'"


def sample(tmp_path: Path) -> Path:
    return write_catalogue(
        tmp_path / "src" / "real.xlsx", [["A", "Alpha", "Pumps", "pcs", 10, None, 4, "DK", 1]]
    )


def rezip(src: Path, dest: Path, change: dict[str, bytes | None]) -> Path:
    """Copy a zip, replacing (bytes) or dropping (None) members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = change.get(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item.filename, data)
        for name, data in change.items():
            if name not in zin.namelist() and data is not None:
                zout.writestr(name, data)
    return dest


def ole(*streams: str) -> bytes:
    """A compound-file header followed by directory entry names, as Office stores them."""
    names = b"".join(s.encode("utf-16-le") + b"\x00\x00" for s in ("Root Entry", *streams))
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + names.ljust(1024, b"\x00")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def make(kind: str, tmp_path: Path) -> Path:
    real = sample(tmp_path)
    path = tmp_path / "pumpco.xlsx"  # every one of them is named .xlsx: the bytes decide
    if kind == "xlsm":
        types = (
            zipfile.ZipFile(real)
            .read("[Content_Types].xml")
            .replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
        )
        return rezip(real, path, {"[Content_Types].xml": types, "xl/vbaProject.bin": b"\x00" * 64})
    if kind == "strict":
        book = (
            zipfile.ZipFile(real)
            .read("xl/workbook.xml")
            .replace(
                b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                b"http://purl.oclc.org/ooxml/spreadsheetml/main",
            )
        )
        return rezip(real, path, {"xl/workbook.xml": book})
    data = {
        "empty": b"",
        "truncated": real.read_bytes()[: real.stat().st_size // 2],
        "xls": ole("Workbook", "\x05SummaryInformation"),
        "encrypted": ole("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"),
        "doc": ole("WordDocument", "1Table"),
        "ole": ole("PowerPoint Document"),
        "ods": zip_bytes(
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}
        ),
        "docx": zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        "zip": zip_bytes({"readme.txt": b"hello"}),
        "xlsb": zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x00"}),
        "csv": "\ufeffsku;name;unit;unit_price\nA;Alpha;pcs;10\n".encode(),
        "html": b"<html><body><table><tr><td>sku</td></tr></table></body></html>",
        "xml2003": b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "text": b"Dear export department, please find our prices below.\n",
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40,
    }[kind]
    path.write_bytes(data)
    return path


CASES = {
    "empty": "the file is empty (0 bytes); save the workbook again from Excel or LibreOffice and resend it",
    "truncated": "the file is damaged or incomplete (a cut-off .xlsx); save the workbook again and resend it",
    "xls": f"this is an old Excel 97-2003 workbook (.xls); open it and {XLSX_CURE}",
    "encrypted": "the workbook is protected with a password to open, so it cannot be read; remove the "
    "password (Excel: File > Info > Protect Workbook) and save it again",
    "doc": "this is an old Word document (.doc), not a spreadsheet",
    "ole": f"this is an old-format Office file, not an .xlsx workbook; {XLSX_CURE}",
    "xlsm": f"this workbook contains macros (.xlsm); {XLSX_CURE}, since catalogues must be plain workbooks",
    "xlsb": f"this is an Excel binary workbook (.xlsb); {XLSX_CURE}",
    "ods": "this is an OpenDocument spreadsheet (.ods), which bidkit does not read; "
    "save it as 'Excel 2007-365 (.xlsx)'",
    "docx": "this is a Word document, not a spreadsheet; send the price list as an Excel workbook (.xlsx)",
    "zip": "this is a zip archive, not an Excel workbook; send the .xlsx file itself",
    "csv": "this is a text (CSV) file, not a workbook; a catalogue needs its Member and Components sheets: "
    "start from `bidkit catalogue new` and paste the rows in",
    "html": "this is a web page (HTML) saved with a spreadsheet name; open it in Excel and "
    "save it as 'Excel Workbook (.xlsx)'",
    "xml2003": f"this is an 'XML Spreadsheet 2003' file; {XLSX_CURE}",
    "pdf": "this is a PDF, not a spreadsheet; send the price list as an Excel workbook (.xlsx)",
    "text": "this is a text file, not a spreadsheet; send the price list as an Excel workbook (.xlsx)",
    "png": "this is not a spreadsheet; send the price list as an Excel workbook (.xlsx)",
    "strict": f"the workbook is saved as 'Strict Open XML Spreadsheet', which bidkit cannot read; {XLSX_CURE}",
}


@pytest.mark.parametrize("kind", list(CASES))
def test_each_wrong_kind_is_one_line(kind: str, tmp_path: Path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    make(kind, tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("catalogue", "check", "pumpco.xlsx")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"pumpco.xlsx: {CASES[kind]}",
        "pumpco.xlsx: 0 components, 0 price breaks, 1 error, 0 warnings",
    ]


def test_a_workbook_is_read_whatever_its_name(tmp_path: Path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(sample(tmp_path), tmp_path / "prices.dat")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("catalogue", "check", "prices.dat")
    assert (code, out) == (0, "prices.dat: 1 component, 0 price breaks, 0 errors, 0 warnings\n")


@pytest.mark.libreoffice
@pytest.mark.parametrize(("fmt", "expected"), [("xls:MS Excel 97", "xls"), ("ods", "ods"), ("csv", "csv")])
def test_real_files_saved_by_libreoffice(  # type: ignore[no-untyped-def]
    fmt: str, expected: str, soffice: str, tmp_path: Path, run_cli, monkeypatch
) -> None:
    out_file = convert(soffice, sample(tmp_path), fmt, tmp_path / "lo", tmp_path / "profile")
    monkeypatch.chdir(out_file.parent)
    code, out, _ = run_cli("catalogue", "check", out_file.name)
    assert code == 1
    assert out.splitlines()[0] == f"{out_file.name}: {CASES[expected]}"


def test_unusual_but_valid_packages_are_read(tmp_path: Path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real = sample(tmp_path)
    with zipfile.ZipFile(real) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    with zipfile.ZipFile(tmp_path / "windows.xlsx", "w") as zout:  # Windows path separators in the zip
        for name, data in parts.items():
            zout.writestr(name.replace("/", "\\") if name.startswith("xl/") else name, data)
    moved = dict(parts)  # the workbook part outside xl/, found through the package relationships
    moved["workbook.xml"] = moved.pop("xl/workbook.xml")
    moved["_rels/workbook.xml.rels"] = moved.pop("xl/_rels/workbook.xml.rels")
    moved["_rels/.rels"] = moved["_rels/.rels"].replace(b'Target="xl/workbook.xml"', b'Target="workbook.xml"')
    moved["[Content_Types].xml"] = moved["[Content_Types].xml"].replace(b"/xl/workbook.xml", b"/workbook.xml")
    with zipfile.ZipFile(tmp_path / "moved.xlsx", "w") as zout:
        for name, data in moved.items():
            zout.writestr(name, data)
    monkeypatch.chdir(tmp_path)
    for name in ("windows.xlsx", "moved.xlsx"):
        assert run_cli("catalogue", "check", name) == (0, f"{name}: 1 component, 0 price breaks, 0 errors, "
                                                          "0 warnings\n", "")  # fmt: skip


def test_a_file_too_large_for_any_readable_workbook_is_refused_before_reading(  # type: ignore[no-untyped-def]
    tmp_path: Path, run_cli, monkeypatch
) -> None:
    """The file is read into memory once (reader.py); one larger than safety.py's limits allow is not."""
    import os

    from bidkit.catalogue.xlsx import reader

    rezip(sample(tmp_path), tmp_path / "pictures.xlsx", {"xl/media/image1.bin": os.urandom(3 << 19)})
    monkeypatch.setattr(reader, "MAX_FILE", 1 << 20)  # 528 MiB really; a test-sized file here
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("catalogue", "check", "pictures.xlsx")
    assert (code, out.splitlines()[0]) == (
        1,
        "pictures.xlsx: the file is larger than 1 MiB, more than any workbook bidkit reads; remove "
        "pictures or other embedded files, or split the catalogue, and save it again",
    )
