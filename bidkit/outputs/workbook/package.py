"""The .xlsx container: workbook, relationships, content types and properties, zipped deterministically.

The same priced bid always gives the same bytes: parts are written in a fixed
order and zipped with fixed entry dates (container.py), and the only date inside
is the bid's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bidkit.outputs.container import zip_parts
from bidkit.outputs.workbook.xmltext import escape_attr, escape_text, sheet_ref

_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"


@dataclass(frozen=True)
class SheetPart:
    name: str
    xml: str
    print_titles: Sequence[str]  # columns and rows repeated on each printed page: "$E:$E", "$1:$1"
    filter_range: str | None  # the autofilter's range, e.g. "$A$1:$W$501"
    charts: Sequence[str] = ()  # chart XML parts shown on this sheet (through one drawing)


@dataclass(frozen=True)
class BookInfo:
    title: str
    subject: str
    created: date
    names: Sequence[tuple[str, str]]  # workbook-level defined names


def _rels(items: Sequence[tuple[str, str]]) -> str:
    body = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(items, start=1)
    )
    return f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{body}</Relationships>'


def _workbook_xml(sheets: Sequence[SheetPart], info: BookInfo) -> str:
    entries = "".join(
        f'<sheet name="{escape_attr(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    names = [f'<definedName name="{n}">{escape_text(ref)}</definedName>' for n, ref in info.names]
    for i, s in enumerate(sheets):
        prefix = escape_text(sheet_ref(s.name))
        if s.filter_range:
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                f"{prefix}!{s.filter_range}</definedName>"
            )
        if s.print_titles:
            titles = ",".join(f"{prefix}!{r}" for r in s.print_titles)
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{titles}</definedName>')
    return (
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{entries}</sheets><definedNames>{''.join(names)}</definedNames>"
        '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'
    )


def _core_xml(info: BookInfo) -> str:
    stamp = f"{info.created.isoformat()}T00:00:00Z"
    return (
        f"{_HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape_text(info.title)}</dc:title><dc:subject>{escape_text(info.subject)}</dc:subject>"
        "<dc:creator>bidkit</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    )


def _app_xml() -> str:
    return (
        f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>bidkit</Application></Properties>"
    )


def _content_types(sheets: Sequence[SheetPart], chart_count: int) -> str:
    over = [
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        ("/xl/styles.xml", f"{_CT}.spreadsheetml.styles+xml"),
        ("/xl/sharedStrings.xml", f"{_CT}.spreadsheetml.sharedStrings+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{_CT}.extended-properties+xml"),
    ]
    over += [
        (f"/xl/worksheets/sheet{i}.xml", f"{_CT}.spreadsheetml.worksheet+xml")
        for i in range(1, len(sheets) + 1)
    ]
    over += [(f"/xl/drawings/drawing{i}.xml", f"{_CT}.drawing+xml")
             for i, _ in enumerate([s for s in sheets if s.charts], start=1)]  # fmt: skip
    over += [(f"/xl/charts/chart{i}.xml", f"{_CT}.drawingml.chart+xml") for i in range(1, chart_count + 1)]
    body = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in over)
    return (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{body}</Types>'
    )


def package(sheets: Sequence[SheetPart], info: BookInfo, styles: str, strings: str,
            drawings: Sequence[str]) -> bytes:  # fmt: skip
    """Zip every part; ``drawings[k]`` is the drawing of the k-th sheet that has charts."""
    parts: list[tuple[str, str]] = []
    book_rels = [(f"{_REL}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(sheets) + 1)]
    book_rels += [(f"{_REL}/styles", "styles.xml"), (f"{_REL}/sharedStrings", "sharedStrings.xml")]
    parts += [
        ("_rels/.rels", _rels([(f"{_REL}/officeDocument", "xl/workbook.xml"),
                               (f"{_PKG_REL}/metadata/core-properties", "docProps/core.xml"),
                               (f"{_REL}/extended-properties", "docProps/app.xml")])),
        ("docProps/core.xml", _core_xml(info)),
        ("docProps/app.xml", _app_xml()),
        ("xl/workbook.xml", _workbook_xml(sheets, info)),
        ("xl/_rels/workbook.xml.rels", _rels(book_rels)),
        ("xl/styles.xml", styles),
        ("xl/sharedStrings.xml", strings),
    ]  # fmt: skip
    chart_no = drawing_no = 0
    for i, sheet in enumerate(sheets, start=1):
        parts.append((f"xl/worksheets/sheet{i}.xml", sheet.xml))
        if not sheet.charts:
            continue
        drawing_no += 1
        parts.append((f"xl/worksheets/_rels/sheet{i}.xml.rels",
                      _rels([(f"{_REL}/drawing", f"../drawings/drawing{drawing_no}.xml")])))  # fmt: skip
        parts.append((f"xl/drawings/drawing{drawing_no}.xml", drawings[drawing_no - 1]))
        first = chart_no + 1
        for chart in sheet.charts:
            chart_no += 1
            parts.append((f"xl/charts/chart{chart_no}.xml", chart))
        targets = [(f"{_REL}/chart", f"../charts/chart{n}.xml") for n in range(first, chart_no + 1)]
        parts.append((f"xl/drawings/_rels/drawing{drawing_no}.xml.rels", _rels(targets)))
    parts.insert(0, ("[Content_Types].xml", _content_types(sheets, chart_no)))
    return zip_parts((name, text.encode("utf-8")) for name, text in parts)
