"""A diff between two drafts as terminal tables and as a review workbook to annotate.

The summaries compared can come from anywhere, so their text is data in both: escaped for
rich's markup in the terminal, and in the workbook a text cell (with ``quotePrefix`` when it
starts like a formula, as in the cost workbook), never a formula.  Figures in the workbook are
numbers (old, new and their change) in the field's format, with the fields named as a reader
names them ("Line total", not ``line_total``), printed landscape on A4 like the cost workbook.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

from bidkit.outputs.terminal import escape
from bidkit.outputs.text import xml_safe
from bidkit.outputs.workbook.styles import count_format, money_format, places
from bidkit.outputs.workbook.xmltext import column_letter, needs_quote_prefix
from bidkit.review.diff import MAX_AMOUNT, Diff, FigureChange, line_label


def _signed(value: Decimal) -> str:
    return f"{value:+,.2f}"


def print_diff(diff: Diff, console: Console | None = None) -> None:
    console = console or Console()
    if diff.empty:
        console.print("No changes: same lines, same figures.")
        return
    lines = Table(title="Lines", title_justify="left")
    for col in ("", "Where", "Change"):
        lines.add_column(col)
    for sign, kind, added in (("-", "removed", diff.removed), ("+", "added", diff.added)):
        for x in added:
            change = f"{kind}: {x['qty']} x {x['unit_sell']} = {x['line_total']}"
            lines.add_row(sign, escape(line_label(x)), escape(change))
    for x, changes in diff.changed:
        text = ", ".join(f"{k} {a} -> {b}" for k, (a, b) in changes.items())
        lines.add_row("~", escape(line_label(x)), escape(text))
    console.print(lines)
    for title, items in (("Sections", diff.sections), ("Members", diff.members), ("Totals", diff.totals)):
        console.print(_figures(f"{title} ({diff.currency})", [c for c in items if c.change]))


def _figures(title: str, items: list[FigureChange]) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("", "Old", "New", "Change"):
        table.add_column(col, justify="left" if not col else "right")
    for c in items:
        table.add_row(escape(c.title), f"{c.old:,.2f}", f"{c.new:,.2f}", _signed(c.change))
    return table


# The review workbook's columns: (title, width); Old, New and Change hold numbers.
_COLUMNS = (("Kind", 9), ("Section/option", 16), ("Bundle", 16), ("Reference", 22), ("Name", 36),
            ("Field", 16), ("Old", 16), ("New", 16), ("Change", 16), ("Comment", 40))  # fmt: skip
_NUMERIC = (7, 8, 9)
# A line's fields as the review workbook names them, and how their figures are shown.
_FIELDS = {"qty": "Qty", "catalogue_price": "Catalogue price", "unit_cost": "Unit cost", "markup": "Markup",
           "unit_sell": "Unit sell", "line_total": "Line total"}  # fmt: skip
_TOTALS = {"subtotal": "Subtotal", "total": "Total"}


@dataclass(frozen=True)
class _Row:
    kind: str
    group: str
    bundle: str
    ref: str
    name: str
    field: str  # a key of _FIELDS, or "subtotal", "sell", "amount"
    old: object
    new: object


def _number(value: object) -> Decimal | None:
    """A figure from a summary as an exact number, or None when it is not one (it stays text)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() and number.copy_abs() < MAX_AMOUNT else None


def _format(field: str, value: Decimal, currency: str) -> str:
    if field == "qty":
        return count_format(places(value))
    if field == "catalogue_price":
        return "#,##0.00##"
    if field == "markup":
        return "0.00##%"
    return money_format(currency) if currency else "#,##0.00"


def _rows(diff: Diff) -> list[_Row]:
    rows = []
    for kind, items in (("removed", diff.removed), ("added", diff.added)):
        for x in items:
            old, new = (x["line_total"], None) if kind == "removed" else (None, x["line_total"])
            where = (x["group_id"], x.get("bundle") or "", x["ref"], x["name"])
            rows.append(_Row(kind, *where, "line_total", old, new))
    for x, changes in diff.changed:
        rows += [_Row("changed", x["group_id"], x.get("bundle") or "", x["ref"], x["name"], k, a, b)
                 for k, (a, b) in changes.items()]  # fmt: skip
    for kind, field, figures in (("section", "subtotal", diff.sections), ("member", "sell", diff.members),
                                 ("total", "amount", diff.totals)):  # fmt: skip
        for c in figures:
            if c.change:
                name = _TOTALS.get(c.id, c.title) if kind == "total" else c.title
                rows.append(_Row(kind, c.id if kind != "total" else "", "", "", name, field, c.old, c.new))
    return rows


def _text(ws: Any, r: int, c: int, value: object) -> None:
    """Summary text as a text cell: never a formula, and marked literal if it starts like one."""
    text = xml_safe(str(value))
    if not text:
        return
    cell = ws.cell(row=r, column=c)
    cell.value = text
    cell.data_type = "s"  # text stays text: a name starting with '=' is never a formula
    if needs_quote_prefix(text):
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited


def _old_new_change(ws: Any, r: int, row: _Row, currency: str) -> None:
    """Old, New and Change as numbers in the field's format; a value that is no number stays text."""
    old, new = _number(row.old), _number(row.new)
    for c, raw, number in ((7, row.old, old), (8, row.new, new)):
        if number is not None:
            ws.cell(row=r, column=c, value=number).number_format = _format(row.field, number, currency)
        elif raw is not None:
            _text(ws, r, c, raw)
    known = [n for n, raw in ((old, row.old), (new, row.new)) if raw is not None]
    if known and all(n is not None for n in known):
        change = (new or Decimal(0)) - (old or Decimal(0))
        ws.cell(row=r, column=9, value=change).number_format = _format(row.field, change, currency)


def _page_setup(ws: Any, rows: int) -> None:
    """Landscape A4 fitted to the page width, the header row frozen and repeated, page numbers."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{column_letter(len(_COLUMNS))}{max(rows + 1, 2)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.left.text = "bidkit diff"
    ws.oddFooter.center.text = "&A"
    ws.oddFooter.right.text = "Page &P of &N"


def diff_workbook(diff: Diff) -> bytes:
    """A review workbook: one row per change, old, new and change as numbers, a Comment column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Changes"
    for c, (title, width) in enumerate(_COLUMNS, start=1):
        cell = ws.cell(row=1, column=c, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="right" if c in _NUMERIC else "left")
        ws.column_dimensions[column_letter(c)].width = width
    rows = _rows(diff)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate((row.kind, row.group, row.bundle, row.ref, row.name), start=1):
            _text(ws, r, c, value)
        _text(ws, r, 6, _FIELDS.get(row.field, row.field.capitalize()))
        _old_new_change(ws, r, row, diff.currency)
        ws.cell(row=r, column=len(_COLUMNS)).alignment = Alignment(wrap_text=True, vertical="top")
    _page_setup(ws, len(rows))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
