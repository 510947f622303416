"""One worksheet as XML: typed cells in, ``<worksheet>`` text out, with the page and view settings.

Every table sheet gets the same treatment: a frozen header row that is also
repeated on every printed page, landscape A4, a footer with the bid id and
page numbers, and column widths from its content.  A sheet is fitted to the
page width unless it is too wide to stay readable that way (the Lines sheet
prints at full size on as many pages as it needs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from bidkit.outputs.workbook.styles import Style, xf
from bidkit.outputs.workbook.xmltext import (
    SharedStrings,
    column_letter,
    date_serial,
    escape_text,
    needs_quote_prefix,
    number_text,
)

Value = str | Decimal | int | date | None
MAX_WIDTH = 60.0
_NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


class Cell(NamedTuple):
    """A value (or, with ``formula``, the formula's cached result) and its style.

    The style is a :class:`Style`, or a ``cellXfs`` index made by ``count_xf``/``rate_xf``.
    """

    value: Value
    style: Style | int = Style.DEFAULT
    formula: str | None = None  # without the leading "="


def header(
    titles: Sequence[str], numeric: Sequence[int] = (), flags: Sequence[int] = ()
) -> list[Cell | None]:
    """A header row; numeric columns' titles (1-based) sit right and yes/no ones centred, over their cells."""

    def style(c: int) -> Style:
        return Style.HEADER_RIGHT if c in numeric else Style.HEADER_CENTER if c in flags else Style.HEADER

    return [Cell(t, style(c)) for c, t in enumerate(titles, start=1)]


def formula(expr: str, cached: Decimal | int | None, style: Style | int = Style.DEFAULT) -> Cell:
    return Cell(cached, style, expr)


def share_of(part: str, whole: str) -> str:
    """``part`` over ``whole`` in a formula: 4 places, 0 if ``whole`` is 0 (as money.percent_of)."""
    return f"IF({whole}=0,0,ROUND({part}/{whole},4))"


def _xf_of(style: Style | int, quoted: bool = False) -> int:
    return xf(style, quoted) if isinstance(style, Style) else style


_HEADERS = (Style.HEADER, Style.HEADER_RIGHT, Style.HEADER_CENTER)


def text_width(value: Value, style: Style | int) -> float:
    """Roughly how many characters wide a value shows, for column widths."""
    if value is None:
        return 0
    if isinstance(value, str):
        if style in _HEADERS:  # headers wrap: the longest word must fit
            return max((len(w) for w in value.split()), default=0) + 1
        return max((len(part) for part in value.split("\n")), default=0)
    if isinstance(value, date):
        return 10
    if style in (Style.PERCENT, Style.INPUT_PERCENT):
        return 8
    if style in (Style.MONEY, Style.MONEY_BOLD, Style.MONEY_TOTAL):
        return len(f"{value:,.2f}") + 5
    if not isinstance(style, Style):  # a quantity with separators, or a rate with its words
        return len(f"{value:,}" if isinstance(value, int) else f"{value:,f}") + 2
    return len(number_text(value)) + (2 if isinstance(value, Decimal) else 0)


def cell_xml(ref: str, cell: Cell, strings: SharedStrings) -> str:
    value, style, expr = cell
    if expr is not None:
        f = escape_text(expr)
        if isinstance(value, str):  # a formula giving text ("yes"), with its cached text
            return f'<c r="{ref}" s="{_xf_of(style)}" t="str"><f>{f}</f><v>{escape_text(value)}</v></c>'
        v = "" if value is None or isinstance(value, str | date) else f"<v>{number_text(value)}</v>"
        return f'<c r="{ref}" s="{_xf_of(style)}"><f>{f}</f>{v}</c>'
    if isinstance(value, str):
        quoted = needs_quote_prefix(value)
        return f'<c r="{ref}" s="{_xf_of(style, quoted)}" t="s"><v>{strings.index(value)}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{_xf_of(style)}"><v>{date_serial(value)}</v></c>'
    if value is None:
        return f'<c r="{ref}" s="{_xf_of(style)}"/>'
    return f'<c r="{ref}" s="{_xf_of(style)}"><v>{number_text(value)}</v></c>'


@dataclass
class Sheet:
    name: str
    strings: SharedStrings
    header_rows: int = 0  # frozen on screen and repeated on each printed page
    autofilter: bool = False  # over the header row and every row below it
    fit_width: bool = True  # printed fitted to the page width; else at full size over several pages
    title_columns: tuple[str, ...] = ()  # column letters repeated at the left of each printed page
    min_widths: dict[int, float] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    rows: list[str] = field(default_factory=list)
    max_col: int = 1

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def append(self, cells: Sequence[Cell | None], height: float | None = None, measure: bool = True) -> int:
        """Add the next row (``None`` leaves a cell empty); returns its row number.

        ``measure=False`` keeps the row out of the column widths (a title that may overflow).
        """
        r = len(self.rows) + 1
        parts = []
        for c, cell in enumerate(cells, start=1):
            if cell is None or (cell.value is None and cell.formula is None and cell.style == Style.DEFAULT):
                continue
            parts.append(cell_xml(f"{column_letter(c)}{r}", cell, self.strings))
            width = text_width(cell.value, cell.style) if measure else 0
            if width > self.widths.get(c, 0):
                self.widths[c] = width
        self.max_col = max(self.max_col, len(cells))
        self.append_xml("".join(parts), height)
        return r

    def append_xml(self, cells_xml: str, height: float | None = None) -> None:
        """Add a row whose cells are already XML (the fast path for the Lines sheet)."""
        r = len(self.rows) + 1
        ht = f' ht="{height}" customHeight="1"' if height else ""
        self.rows.append(f'<row r="{r}"{ht}>{cells_xml}</row>')

    def column_widths(self) -> str:
        cols = []
        for c in range(1, self.max_col + 1):
            width = max(self.widths.get(c, 0) + 2, self.min_widths.get(c, 8.0))
            cols.append(f'<col min="{c}" max="{c}" width="{min(width, MAX_WIDTH):.1f}" customWidth="1"/>')
        return f"<cols>{''.join(cols)}</cols>"

    @property
    def last_ref(self) -> str:
        return f"{column_letter(self.max_col)}{max(self.row_count, 1)}"

    def xml(self, *, selected: bool, footer: str, drawing: bool) -> str:
        view = ' tabSelected="1"' if selected else ""
        pane = ""
        if self.header_rows:
            top = f"A{self.header_rows + 1}"
            pane = (
                f'<pane ySplit="{self.header_rows}" topLeftCell="{top}" activePane="bottomLeft" '
                f'state="frozen"/><selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>'
            )
        parts = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
            f"<worksheet {_NS}>",
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if self.fit_width else "",
            f'<dimension ref="A1:{self.last_ref}"/>',
            f'<sheetViews><sheetView workbookViewId="0"{view}>{pane}</sheetView></sheetViews>',
            '<sheetFormatPr defaultRowHeight="15"/>',
            self.column_widths(),
            "<sheetData>",
            *self.rows,
            "</sheetData>",
        ]
        if self.autofilter:
            parts.append(f'<autoFilter ref="A{self.header_rows}:{self.last_ref}"/>')
        parts += [
            '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>',
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            if self.fit_width
            else '<pageSetup paperSize="9" orientation="landscape" pageOrder="overThenDown"/>',
            f"<headerFooter><oddFooter>{escape_text(footer)}</oddFooter></headerFooter>",
        ]
        if drawing:
            parts.append('<drawing r:id="rId1"/>')
        parts.append("</worksheet>")
        return "".join(parts)
