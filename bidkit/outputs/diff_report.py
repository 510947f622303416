"""A diff between two drafts as terminal tables and as a review workbook to annotate.

The summaries compared can come from anywhere, so their text is data in both: escaped for
rich's markup in the terminal, and in the workbook a text cell (with ``quotePrefix`` when it
starts like a formula, as in the cost workbook), never a formula.
"""

from __future__ import annotations

import io
from decimal import Decimal

from rich.console import Console
from rich.table import Table

from bidkit.outputs.terminal import escape
from bidkit.outputs.text import xml_safe
from bidkit.outputs.workbook.xmltext import needs_quote_prefix
from bidkit.review.diff import Diff, FigureChange, line_label


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


def diff_workbook(diff: Diff) -> bytes:
    """A review workbook: one row per change, with an empty Comment column for the reviewer."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Changes"
    ws.append(["Kind", "Section/option", "Bundle", "Reference", "Name", "Field", "Old", "New", "Comment"])
    rows: list[list[str]] = []
    for kind, items in (("removed", diff.removed), ("added", diff.added)):
        for x in items:
            old, new = (x["line_total"], "") if kind == "removed" else ("", x["line_total"])
            rows.append(
                [kind, x["group_id"], x.get("bundle", ""), x["ref"], x["name"], "line_total", old, new]
            )
    for x, changes in diff.changed:
        rows += [["changed", x["group_id"], x.get("bundle", ""), x["ref"], x["name"], k, a, b]
                 for k, (a, b) in changes.items()]  # fmt: skip
    for kind, figures in (("section", diff.sections), ("member", diff.members), ("total", diff.totals)):
        rows += [
            [kind, c.id, "", "", c.title, "amount", f"{c.old:f}", f"{c.new:f}"] for c in figures if c.change
        ]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value in ("", None):
                continue
            cell = ws.cell(row=r, column=c)
            text = xml_safe(str(value))
            cell.value = text
            cell.data_type = "s"  # text stays text: a name starting with '=' is never a formula
            if needs_quote_prefix(text):
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{max(len(rows) + 1, 2)}"
    for col, width in zip("ABCDEFGHI", (9, 16, 16, 22, 36, 12, 14, 14, 40), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
