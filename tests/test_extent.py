"""The sheet scan measures how far a sheet reaches exactly as calamine will lay it out (xlsx/extent.py).

The refusal of absurd sheets is only as good as that agreement, so generated
sheets (rows and cells with and without references, empty cells, a namespace
prefix) are measured and then read by calamine, and the two must agree.
"""

from __future__ import annotations

import io
import zipfile

import python_calamine
from hypothesis import given, settings
from hypothesis import strategies as st

from bidkit.catalogue.xlsx.extent import plain
from bidkit.catalogue.xlsx.sheetscan import parse_sheet
from tests.corpus.ooxml import MAIN, Sheet, column, workbook_parts, zip_parts

# (has a reference, column, the reference's row when it differs from its row's, empty, prefixed)
cell = st.tuples(st.booleans(), st.integers(0, 40), st.one_of(st.none(), st.integers(1, 60)), st.booleans(),
                 st.booleans())  # fmt: skip
row = st.tuples(st.booleans(), st.integers(1, 60), st.lists(cell, max_size=6))  # has ref, row number, cells


Cell = tuple[bool, int, int | None, bool, bool]


def sheet_xml(rows: list[tuple[bool, int, list[Cell]]]) -> str:
    body = []
    for has_ref, number, cells in rows:
        parts = []
        for cell_ref, col, own_row, empty, prefixed in cells:
            tag = "x:c" if prefixed else "c"
            ref = f' r="{column(col)}{own_row or number}"' if cell_ref else ""
            parts.append(f"<{tag}{ref}/>" if empty else f"<{tag}{ref}><v>1</v></{tag}>")
        row_ref = f' r="{number}"' if has_ref else ""
        body.append(f"<row{row_ref}>{''.join(parts)}</row>")
    return "".join(body)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(row, min_size=1, max_size=8))
def test_measure_agrees_with_calamine(rows: list[tuple[bool, int, list[Cell]]]) -> None:
    parts = workbook_parts([Sheet("Data", [], extra_rows=sheet_xml(rows))])
    xml = str(parts["xl/worksheets/sheet1.xml"]).replace("<worksheet ", f'<worksheet xmlns:x="{MAIN}" ', 1)
    parts["xl/worksheets/sheet1.xml"] = xml
    data = zip_parts(parts.items())
    extent = parse_sheet(zipfile.ZipFile(io.BytesIO(data)), "xl/worksheets/sheet1.xml").extent
    assert extent is not None
    laid_out = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Data")
    values = laid_out.to_python(skip_empty_area=False)
    assert (extent.rows, extent.cols) == (len(values), max((len(r) for r in values), default=0))


def test_plain_sheets_need_no_measuring() -> None:
    assert plain(b'<row r="1"><c r="A1"><v>1</v></c><c r="Z99999" t="s"><v>0</v></c></row>')
    for outside in (b'<c r="AA1">', b'<c r="A100000">', b'<row r="100000">', b"<c>", b"<row>", b'<c s="1" r="A1">',
                    b'<x:c r="A1">', b"<c/>"):  # fmt: skip
        assert not plain(outside), outside
