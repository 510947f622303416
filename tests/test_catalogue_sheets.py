"""What cell values alone hide: formulas, error cells, hidden and merged cells, absurd sheet sizes."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from bidkit.catalogue import load_catalogue
from bidkit.catalogue.xlsx import sheetscan as sheetxml
from tests.helpers import convert, write_catalogue

HEAD = ["sku", "name", "category", "unit", "unit_price", "description"]
ROWS = [["A", "Alpha", "Pumps", "pcs", 10, "a"], ["B", "Beta", "Pumps", "pcs", "=E2*2", "b"]]
UNCACHED = ("this formula has no saved result (the file was written by a program that does not calculate); "
            "open the file in Excel or LibreOffice and save it again")  # fmt: skip
COMPONENTS = "xl/worksheets/sheet2.xml"


def edit_sheet(path: Path, member: str, edit: Any) -> Path:
    """Rewrite one sheet's XML in place, as another program would have written it."""
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    parts[member] = edit(parts[member].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return path


def load(path: Path) -> tuple[dict[str, Any], list[str]]:
    catalogue, problems = load_catalogue(path, path.name)
    return (catalogue.components if catalogue else {}), [str(p) for p in problems]


def test_a_formula_without_a_saved_result_is_an_error_not_a_blank(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "cat.xlsx", ROWS, head=HEAD)
    assert load(path) == ({}, [f"cat.xlsx:Components!E3: {UNCACHED}"])


def test_a_formula_with_a_saved_result_gives_that_result(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "cat.xlsx", ROWS, head=HEAD)
    edit_sheet(path, COMPONENTS, lambda x: x.replace("<f>E2*2</f><v></v>", "<f>E2*2</f><v>20</v>"))
    components, problems = load(path)
    assert problems == []
    assert components["B"].unit_price == 20


def test_a_formula_whose_saved_result_is_empty_text_is_blank(tmp_path: Path) -> None:
    rows = [["A", "Alpha", "Pumps", "pcs", 10, '=IF(1,"","x")']]
    path = write_catalogue(tmp_path / "cat.xlsx", rows, head=HEAD)
    edit_sheet(path, COMPONENTS, lambda x: re.sub(r'<c r="F2"([^>]*)><f>', r'<c r="F2"\1 t="str"><f>', x))
    components, problems = load(path)
    assert problems == []
    assert components["A"].description == ""


def test_error_cells_are_errors_with_their_cell(tmp_path: Path) -> None:
    rows = [["A", "Alpha", "Pumps", "pcs", "#REF!", "a"], ["B", "Beta", "Pumps", "pcs", 5, "=1/0"]]
    path = write_catalogue(tmp_path / "cat.xlsx", rows, head=HEAD)
    edit_sheet(path, COMPONENTS, lambda x: x.replace("<f>1/0</f><v></v>", "<f>1/0</f><v>#DIV/0!</v>")
               .replace('<c r="F3">', '<c r="F3" t="e">'))  # fmt: skip
    assert load(path)[1] == [
        "cat.xlsx:Components!E2: the cell shows the error #REF!; correct the formula or type the value",
        "cat.xlsx:Components!F3: the cell shows the error #DIV/0!; correct the formula or type the value",
    ]


def test_formula_problems_in_the_member_sheet(tmp_path: Path) -> None:
    member = {"id": "cat", "name": "=B2", "currency": "DKK"}
    path = write_catalogue(tmp_path / "cat.xlsx", ROWS[:1], head=HEAD, member=member)
    assert load(path)[1] == [f"cat.xlsx:Member!B3: {UNCACHED}"]


@pytest.mark.libreoffice
def test_opening_and_saving_in_libreoffice_cures_it(soffice: str, tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "cat.xlsx", ROWS, head=HEAD)
    saved = convert(soffice, path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "saved", tmp_path / "profile")
    components, problems = load(saved)
    assert problems == []
    assert components["B"].unit_price == 20


def test_hidden_rows_columns_and_sheets_are_read_with_a_warning(tmp_path: Path) -> None:
    rows = [[s, f"Item {s}", "Pumps", "pcs", 10, ""] for s in "ABCDE"]
    path = write_catalogue(tmp_path / "cat.xlsx", rows, head=HEAD)
    wb = load_workbook(path)
    ws = wb["Components"]
    for r in (3, 5, 6):
        ws.row_dimensions[r].hidden = True
    ws.row_dimensions[9].hidden = True  # hidden but empty: nothing to say
    ws.column_dimensions["E"].hidden = True
    ws.sheet_state = "hidden"
    wb.save(path)
    components, problems = load(path)
    assert sorted(components) == ["A", "B", "C", "D", "E"]
    assert problems == [
        "cat.xlsx:Components: warning: this sheet is hidden; it is read like the others",
        "cat.xlsx:Components!E1: warning: this column is hidden; its values are read like the others",
        "cat.xlsx:Components!A3: warning: row 3 is hidden; hidden rows are read like the others",
        "cat.xlsx:Components!A5: warning: rows 5-6 are hidden; hidden rows are read like the others",
    ]


def test_merged_cells_fill_down_in_their_first_column(tmp_path: Path) -> None:
    rows = [["A", "Alpha", "Pumps", "pcs", 10, "", ""], ["B", "Beta", None, "pcs", 10, "", ""],
            ["C", "Gamma", None, "pcs", 10, "", ""], ["D", "Delta", "Valves", "pcs", 10, "long text", None]]  # fmt: skip
    path = write_catalogue(tmp_path / "cat.xlsx", rows, head=[*HEAD, "notes"],
                           above_header=[["PumpCo price list"]])  # fmt: skip
    wb = load_workbook(path)
    ws = wb["Components"]
    ws.merge_cells("A1:F1")  # the title: above the header, nothing to say
    ws.merge_cells("C3:C5")
    ws.merge_cells("F6:G6")
    wb.save(path)
    components, problems = load(path)
    assert [components[s].category for s in "ABCD"] == ["Pumps", "Pumps", "Pumps", "Valves"]
    assert (components["D"].description, components["D"].extra) == ("long text", {"notes": ""})
    assert problems == [
        "cat.xlsx:Components!C3: warning: cells C3:C5 are merged; rows 3-5 each take the value 'Pumps'",
        "cat.xlsx:Components!F6: warning: cells F6:G6 are merged; the value belongs to column F only",
    ]


def test_a_sheet_claiming_a_million_rows_but_holding_40_loads_at_once(tmp_path: Path) -> None:
    rows = [[f"S{i}", f"Item {i}", "Pumps", "pcs", i + 1, ""] for i in range(40)]
    path = write_catalogue(tmp_path / "cat.xlsx", rows, head=HEAD)
    edit_sheet(
        path, COMPONENTS, lambda x: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', x)
    )
    start = time.perf_counter()
    components, problems = load(path)
    assert (len(components), problems) == (40, [])
    assert time.perf_counter() - start < 1.0


@pytest.mark.slow
def test_a_million_formatted_empty_rows_are_not_data(tmp_path: Path) -> None:
    rows = [[f"S{i}", f"Item {i}", "Pumps", "pcs", i + 1, ""] for i in range(40)]
    path = write_catalogue(tmp_path / "cat.xlsx", rows, head=HEAD)
    tail = "".join(
        f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/></row>' for r in range(42, 1048577)
    )
    edit_sheet(path, COMPONENTS, lambda x: x.replace("</sheetData>", tail + "</sheetData>"))
    start = time.perf_counter()
    components, problems = load(path)
    assert (len(components), problems) == (40, [])
    assert time.perf_counter() - start < 30.0  # the sheet parser places all 2 million tags to measure it


def facts_of(xml: str, tmp_path: Path) -> sheetxml.SheetFacts:
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("sheet.xml", xml)
    with zipfile.ZipFile(path) as zf:
        return sheetxml.scan_sheet(zf, "sheet.xml")


def test_scan_reads_prefixed_xml_as_some_programs_write_it(tmp_path: Path) -> None:
    xml = ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:cols>'
           '<x:col min="3" max="4" hidden="1"/></x:cols><x:sheetData><x:row r="2" hidden="true">'
           '<x:c r="B2"><x:f>1+1</x:f></x:c><x:c r="C2" t="e"><x:v>#N/A</x:v></x:c>'
           '<x:c r="D2" t="inlineStr"><x:is><x:t>hidden="1" t="e"</x:t></x:is></x:c></x:row>'
           '</x:sheetData></x:worksheet>')  # fmt: skip
    facts = facts_of(xml, tmp_path)
    assert (facts.uncached, facts.errors) == ([(1, 1)], {(1, 2): "#N/A"})
    assert (facts.hidden_rows, facts.hidden_cols) == ({1}, {2, 3})


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize("prefix", ["", "x:", "ss:"])
def test_scan_understands_every_legal_spelling(tmp_path: Path, prefix: str) -> None:
    """Spaces around '=', single quotes, attributes in any order, a prefix, 'e' as a character reference."""
    p = prefix
    xmlns = f'xmlns:{p[:-1]}="{MAIN_NS}"' if p else f'xmlns="{MAIN_NS}"'
    xml = (f"<{p}worksheet {xmlns}><{p}cols><{p}col hidden = '1' max='4' min = \"3\"/></{p}cols>"
           f"<{p}sheetData><{p}row hidden\n=\t'true' r = '2'>"
           f"<{p}c t = 'e' r='C2'><{p}v>#DIV/0!</{p}v></{p}c>"
           f"<{p}c s=\"1\" r = \"B2\"><{p}f>1+1</{p}f></{p}c>"
           f"<{p}c r='D2' t = \"str\"><{p}f>\"\"</{p}f><{p}v></{p}v></{p}c>"
           f'<{p}c t="&#101;" r="E2"><{p}v>#REF!</{p}v></{p}c>'
           f"<{p}c r='F2' t='inlineStr'><{p}is><{p}t>hidden=\"1\" t=\"e\"</{p}t></{p}is></{p}c></{p}row>"
           f"<{p}row r = '3'><{p}c r = 'AB3'><{p}v>1</{p}v></{p}c></{p}row></{p}sheetData>"
           f"<{p}mergeCells count='1'><{p}mergeCell ref = 'A5:B6'/></{p}mergeCells></{p}worksheet>")  # fmt: skip
    facts = facts_of(xml, tmp_path)
    assert facts.uncached == [(1, 1)]  # D2's saved result is an empty text: it has one
    assert facts.errors == {(1, 2): "#DIV/0!", (1, 4): "#REF!"}
    assert (facts.hidden_rows, facts.hidden_cols) == ({1}, {2, 3})
    assert facts.merged == [(4, 0, 5, 1)]
    assert facts.extent is not None and (facts.extent.rows, facts.extent.cols) == (3, 28)


def test_a_catalogue_spelled_unusually_gives_the_same_problems(tmp_path: Path) -> None:
    rows = [["A", "Alpha", "Pumps", "pcs", "#REF!", "a"], ["B", "Beta", "Pumps", "pcs", 5, "b"],
            ["C", "Gamma", "Pumps", "pcs", 6, "c"]]  # fmt: skip
    path = write_catalogue(tmp_path / "cat.xlsx", rows, head=HEAD)
    edit_sheet(path, COMPONENTS, lambda x: x.replace('<row r="3"', "<row hidden = '1' r=\"3\"")
               .replace('<c r="E2" t="e">', "<c t = 'e' r = 'E2'>"))  # fmt: skip
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(COMPONENTS).decode()
    assert "<c t = 'e' r = 'E2'>" in xml and "<row hidden = '1' r=\"3\"" in xml
    assert load(path)[1] == [
        "cat.xlsx:Components!E2: the cell shows the error #REF!; correct the formula or type the value",
        "cat.xlsx:Components!A3: warning: row 3 is hidden; hidden rows are read like the others",
    ]


def test_scan_finds_every_fact_across_chunk_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheetxml, "_CHUNK", 97)
    hide = ' hidden="1"'
    rows = "".join(f'<row r="{r}"{hide if r % 7 == 0 else ""}><c r="A{r}"><f>B{r}</f></c>'
                   f'<c r="B{r}" t="e"><v>#REF!</v></c><c r="C{r}"><f>1</f><v>1</v></c></row>'
                   for r in range(1, 301))  # fmt: skip
    facts = facts_of(f"<worksheet><sheetData>{rows}</sheetData></worksheet>", tmp_path)
    assert facts.uncached == [(r, 0) for r in range(300)]
    assert facts.errors == {(r, 1): "#REF!" for r in range(300)}
    assert facts.hidden_rows == {r - 1 for r in range(7, 301, 7)}


def test_unrelated_sheets_are_not_read(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "cat.xlsx", ROWS[:1], head=HEAD)
    wb = load_workbook(path)
    junk = wb.create_sheet("Notes")
    junk["A1"] = "=1/0"  # would be an error on a catalogue sheet
    junk["B2"] = "#REF!"
    wb.save(path)
    assert load(path)[1] == []


def test_only_worksheets_are_candidates(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Member"
    wb.active.append(["name", "X"])
    wb.active.append(["currency", "DKK"])
    wb.create_chartsheet("Components")
    wb.save(tmp_path / "c.xlsx")
    assert load(tmp_path / "c.xlsx")[1] == [
        "c.xlsx: no sheet named 'Components' or 'Komponenter' (sheets found: Member)"
    ]


def test_damaged_parts_are_one_line_each(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "a.xlsx", ROWS[:1], head=HEAD)
    edit_sheet(path, "xl/workbook.xml", lambda x: x[:50])
    assert load(path)[1] == [
        "a.xlsx: the workbook cannot be read (ParseError: unclosed token: line 1, column 0); "
        "open it in Excel or LibreOffice and save it again"
    ]
    path = write_catalogue(tmp_path / "b.xlsx", ROWS[:1], head=HEAD)
    edit_sheet(path, COMPONENTS, lambda x: x.replace("</sheetData>", "</sheetDat>"))
    assert load(path)[1] == [
        "b.xlsx:Components: the workbook cannot be read (XmlError: sheetData); "
        "open it in Excel or LibreOffice and save it again"
    ]
    assert load(tmp_path / "missing.xlsx")[1] == ["missing.xlsx: file not found"]


def test_numbers_no_spreadsheet_can_hold_are_errors(tmp_path: Path) -> None:
    rows = [["A", "Alpha", "Pumps", "pcs", 10, ""], ["B", "Beta", "Pumps", "pcs", 11, ""]]
    path = write_catalogue(tmp_path / "cat.xlsx", rows, head=HEAD)
    edit_sheet(
        path, COMPONENTS, lambda x: x.replace("<v>10</v>", "<v>1e400</v>").replace("<v>11</v>", "<v>NaN</v>")
    )
    assert load(path)[1] == [
        "cat.xlsx:Components!E2: unit_price is not a finite number",
        "cat.xlsx:Components!E3: unit_price is not a finite number",
    ]


def test_a_formula_cell_without_an_address_is_placed_as_the_reader_places_it(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path / "cat.xlsx", ROWS, head=HEAD)
    edit_sheet(path, COMPONENTS, lambda x: x.replace('<c r="E3">', "<c>"))  # right of D3: E3
    assert load(path)[1] == [f"cat.xlsx:Components!E3: {UNCACHED}"]
