"""Long proposal tables written straight as WordprocessingML text.

docxtpl renders a template row loop through Jinja and then re-parses and walks
the whole document several times, so the appendix of a big bid (thousands of
component rows) is not a template loop: here each row is a few formatted
strings.  The tables take their look from the template's styles (the table
style ``Bidkit Table``, the paragraph style ``Table Text``) and from the same
colours the shipped template uses, and come out in tables of at most
``TABLE_ROWS`` rows: LibreOffice lays out one long table in time that grows
much faster than its length, many short ones in time that grows with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from bidkit.outputs.proposal.context import Supplier
from bidkit.outputs.text import ILLEGAL_CHARS, xml_safe

TABLE_ROWS = 500
TWIPS_PER_CM = 567
HEADER_FILL, GROUP_FILL, GREY, WHITE = "0B2E4F", "EEF2F6", "5F666D", "FFFFFF"
BORDER = "B8C2CC"
# Characters text_xml does more with than copy: XML's own, line breaks and tabs, and those XML
# cannot carry (text.xml_safe; a test checks the two agree).  Most text has none of them.
_SPECIAL = re.compile(f"[&<>\t\n{ILLEGAL_CHARS}]")


@dataclass(frozen=True)
class Column:
    title: str
    cm: float
    right: bool = False

    @property
    def twips(self) -> int:
        return int(self.cm * TWIPS_PER_CM)


@dataclass(frozen=True)
class Styles:
    """Style ids of the template to use; None where the template lacks the style."""

    table: str | None
    text: str | None


def escape(text: str) -> str:
    """XML text escaping (xml.sax.saxutils would import urllib and ssl with it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_xml(text: str) -> str:
    """Text as the inside of ``<w:r>``: escaped, line breaks and tabs as Word's own elements."""
    return f'<w:t xml:space="preserve">{inner_text(text)}</w:t>'


def inner_text(text: str) -> str:
    """What goes between ``<w:t>`` and ``</w:t>`` for the text (see text_xml)."""
    safe = escape(xml_safe(text))
    if "\n" in safe or "\t" in safe:
        safe = safe.replace("\r\n", "\n").replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
        safe = safe.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    return safe


def run(text: str, bold: bool = False, colour: str | None = None, half_points: int | None = None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:color w:val="{colour}"/>' if colour else "")
    props += f'<w:sz w:val="{half_points}"/>' if half_points else ""
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{text_xml(text)}</w:r>"


class TableWriter:
    """Rows of one column layout, cut into tables of at most ``TABLE_ROWS`` rows."""

    def __init__(self, columns: Sequence[Column], styles: Styles, max_rows: int = TABLE_ROWS):
        self.columns = columns
        self.styles = styles
        self.max_rows = max_rows
        self.tables: list[list[str]] = []
        # A body row is one %-pattern that the cells' texts are put into: worked out once, not per row.
        cells = "".join(
            (self._cell_open(c) + self._para("", c.right).removesuffix("</w:p>")).replace("%", "%%")
            + '<w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p></w:tc>'
            for c in self.columns
        )
        self.row = f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>"

    def _para(self, runs: str, right: bool = False, keep_next: bool = False) -> str:
        style = f'<w:pStyle w:val="{self.styles.text}"/>' if self.styles.text else ""
        props = style + ("<w:keepNext/>" if keep_next else "") + ('<w:jc w:val="right"/>' if right else "")
        return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"

    @staticmethod
    def _cell_open(column: Column, fill: str | None = None, span: int = 1, twips: int | None = None) -> str:
        width = f'<w:tcW w:w="{twips or column.twips}" w:type="dxa"/>'
        spans = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        return f"<w:tc><w:tcPr>{width}{spans}{shade}</w:tcPr>"

    def header(self) -> str:
        cells = "".join(
            self._cell_open(c, HEADER_FILL)
            + self._para(run(c.title, bold=True, colour=WHITE, half_points=18), c.right)
            + "</w:tc>"
            for c in self.columns
        )
        return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>"

    def add(self, values: tuple[str, ...]) -> None:
        """A body row of plain text cells (one check for the row: usually there is nothing to escape)."""
        if _SPECIAL.search("".join(values)) is not None:
            values = tuple(inner_text(v) for v in values)
        self._append(self.row % values)

    def add_spanning(self, runs: str, fill: str | None = None) -> None:
        """A row of one cell across every column (a group heading), kept with the row after it."""
        width = sum(c.twips for c in self.columns)
        opening = self._cell_open(self.columns[0], fill, len(self.columns), width)
        cell = f"{opening}{self._para(runs, keep_next=True)}</w:tc>"
        self._append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell}</w:tr>")

    def _append(self, row: str) -> None:
        if not self.tables or len(self.tables[-1]) >= self.max_rows:
            self.tables.append([])
        self.tables[-1].append(row)

    def full(self, room: int = 1) -> bool:
        """True when fewer than ``room`` rows fit in the current table (the next row starts another)."""
        return bool(self.tables) and len(self.tables[-1]) > self.max_rows - room

    def break_table(self) -> None:
        if self.tables and self.tables[-1]:
            self.tables.append([])

    def xml(self) -> str:
        """Every table, a small empty paragraph between two (Word would otherwise join them)."""
        style = f'<w:tblStyle w:val="{self.styles.table}"/>' if self.styles.table else ""
        borders = "".join(
            f'<w:{side} w:val="{"single" if side in ("top", "bottom", "insideH") else "nil"}" '
            f'w:sz="4" w:color="{BORDER}"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        grid = "".join(f'<w:gridCol w:w="{c.twips}"/>' for c in self.columns)
        head = (
            f'<w:tbl><w:tblPr>{style}<w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
            'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{self.header()}"
        )
        spacer = self._para("")
        return spacer.join(f"{head}{''.join(rows)}</w:tbl>" for rows in self.tables)


# Qty and Unit wide enough for "123.456,5" and "pauschal" at 9 pt.
APPENDIX_COLUMNS = (2.8, 7.1, 2.1, 1.9, 2.7)


def appendix_xml(
    groups: Sequence[Supplier],
    texts: Mapping[str, str],
    number: Callable[[Decimal], str],
    country: Callable[[str], str],
    styles: Styles,
    max_rows: int = TABLE_ROWS,
) -> str:
    """The component appendix: a shaded row per member, then one row per component reference.

    When a table is full, the next one starts again with the member's row, marked as continued.
    """
    titles = [texts[k] for k in ("reference", "description", "qty", "unit", "origin")]
    columns = [Column(t, cm, right=t == texts["qty"]) for t, cm in zip(titles, APPENDIX_COLUMNS, strict=True)]
    writer = TableWriter(columns, styles, max_rows)
    country = cache(country)  # a few codes, thousands of rows
    for group in groups:
        heading = run(group.name, bold=True) + run(f"  ·  {country(group.country)}", colour=GREY)
        if writer.full(room=2):  # a member's row never ends a table
            writer.break_table()
        writer.add_spanning(heading, GROUP_FILL)
        for component in group.components:
            if writer.full():
                writer.add_spanning(heading + run(f"  ({texts['continued']})", colour=GREY), GROUP_FILL)
            writer.add(
                (component.sku or "–", component.name, number(component.qty), component.unit,
                 country(component.origin))
            )  # fmt: skip
    return writer.xml() if writer.tables else ""
