"""The I/O floor a build is measured against: fastexcel reads, raw XML strings written.

Read every catalogue row with fastexcel, and write a 10,000-row .xlsx and .docx as raw XML
strings in a zip.  Nothing here is reusable bidkit code.

The rows written are as wide as bidkit's own: a cost line of 23 cells, three of them formulas
(the issue's "10k workbook rows with 3 formulas each"), and a Word table row of six cells, each a
paragraph in a style.  Only the raw string work is counted: no checks, no number formatting.

Usage: python bench/floor.py BENCH_DIR OUT_DIR
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import fastexcel

LINES = 10_000
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def read_all(folder: Path) -> int:
    rows = 0
    for path in sorted(folder.glob("*.xlsx")):
        reader = fastexcel.read_excel(str(path))
        for name in reader.sheet_names:
            rows += reader.load_sheet_by_name(name, header_row=None).height
    return rows


def _xlsx_row(r: int) -> str:
    """Nine text cells, eleven numbers, three formulas with cached values: 23 cells like a cost line."""
    text = "".join(
        f'<c r="{c}{r}" t="inlineStr"><is><t>{escape(f"{c} text {r}")}</t></is></c>' for c in "ABCDEFGHI"
    )
    numbers = "".join(f'<c r="{col}{r}"><v>{r * 1.5 + i}</v></c>' for i, col in enumerate("JKLMNOPQRST"))
    formulas = (
        f'<c r="U{r}"><f>ROUND(J{r}*K{r},2)</f><v>{r}</v></c>'
        f'<c r="V{r}"><f>ROUND(U{r}*(1+L{r}),2)</f><v>{r}</v></c>'
        f'<c r="W{r}"><f>ROUND(M{r}*V{r},2)</f><v>{r}</v></c>'
    )
    return f'<row r="{r}">{text}{numbers}{formulas}</row>'


def write_xlsx(path: Path, n: int) -> None:
    rows = "".join(_xlsx_row(r) for r in range(1, n + 1))
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    sheet = f'{head}<worksheet xmlns="{_MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", sheet)


def _docx_cell(text: str, width: int) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>'
        f'</w:pPr><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
    )


def write_docx(path: Path, n: int) -> None:
    rows = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + _docx_cell(f"{r}", 700) + _docx_cell(f"Line {r}", 4000) + _docx_cell(f"{r % 400}", 900)
        + _docx_cell("pcs", 800) + _docx_cell(f"{r * 1.12:.2f}", 1400) + _docx_cell(f"{r * 2.24:.2f}", 1500)
        + "</w:tr>"
        for r in range(n)
    )  # fmt: skip
    body = f'<w:document xmlns:w="{_WORD}"><w:body><w:tbl>{rows}</w:tbl></w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("word/document.xml", body)


if __name__ == "__main__":
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    count = read_all(root / "catalogues")
    write_xlsx(out / "floor.xlsx", LINES)
    write_docx(out / "floor.docx", LINES)
    print(count)
