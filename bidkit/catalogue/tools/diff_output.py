"""A catalogue diff as a terminal table, as JSON, and as a workbook the member can send along.

Catalogue text is data everywhere: it is shown through ``rich.text.Text``
(never parsed as markup), and written to the workbook as text cells with a
quote prefix (never a formula, even when it starts with ``=``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from bidkit.catalogue.tools.diff import CatalogueDiff, Change, Value
from bidkit.money import decimal_text
from bidkit.outputs.text import xml_safe

EXCEL_TEXT_LIMIT = 32767
HEAD = ("Change", "SKU", "Name", "Field", "Old", "New", "Change %")


def show(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def rows(diff: CatalogueDiff) -> Iterator[tuple[str, str, str, str, Value, Value, Decimal | None]]:
    """The diff as flat rows, one per change: what every output shows."""
    for ch in diff.member_changes:
        yield ("member", "", "", ch.field, ch.old, ch.new, None)
    for comp in diff.added:
        yield ("added", comp.sku, comp.name, "", None, f"{comp.unit_price:f} {comp.currency}", None)
    for comp in diff.removed:
        yield ("removed", comp.sku, comp.name, "", f"{comp.unit_price:f} {comp.currency}", None, None)
    for item in diff.changed:
        for ch in item.changes:
            yield ("changed", item.sku, item.name, ch.field, ch.old, ch.new, ch.change_pct)


def summary_line(diff: CatalogueDiff) -> str:
    if diff.empty:
        return f"{diff.member}: no changes between {diff.old_path} and {diff.new_path}"
    return (f"{diff.member}: {len(diff.added)} added, {len(diff.removed)} removed, "
            f"{len(diff.changed)} changed ({diff.old_path} -> {diff.new_path})")  # fmt: skip


def _pct(value: Decimal | None) -> str:
    return "" if value is None else f"{value:+f}%"


def print_diff(diff: CatalogueDiff, console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    if not diff.empty:
        table = Table(title=Text(f"{diff.member}: {diff.old_path} -> {diff.new_path}"), title_justify="left")
        for col in HEAD:
            table.add_column(col, justify="right" if col == "Change %" else "left")
        for change, sku, name, field, old, new, pct in rows(diff):
            table.add_row(*(Text(x) for x in (change, sku, name, field, show(old), show(new), _pct(pct))))
        console.print(table)
    console.print(Text(summary_line(diff)))


def _change_json(ch: Change) -> dict[str, Any]:
    out: dict[str, Any] = {"field": ch.field, "old": _json_value(ch.old), "new": _json_value(ch.new)}
    if ch.field == "unit_price":
        out["change_pct"] = None if ch.change_pct is None else decimal_text(ch.change_pct)
    return out


def _json_value(value: Value) -> Any:
    return value if isinstance(value, int) or value is None else show(value)


def to_json(diff: CatalogueDiff) -> str:
    def brief(c: Any) -> dict[str, Any]:
        return {
            "sku": c.sku,
            "name": c.name,
            "unit_price": decimal_text(c.unit_price),
            "currency": c.currency,
        }

    data = {
        "old": diff.old_path,
        "new": diff.new_path,
        "member": diff.member,
        "summary": {"added": len(diff.added), "removed": len(diff.removed), "changed": len(diff.changed)},
        "member_changes": [_change_json(ch) for ch in diff.member_changes],
        "added": [brief(c) for c in diff.added],
        "removed": [brief(c) for c in diff.removed],
        "changed": [
            {"sku": item.sku, "name": item.name, "changes": [_change_json(ch) for ch in item.changes]}
            for item in diff.changed
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _put(ws: Any, row: int, col: int, value: Value, number_format: str = "#,##0.00") -> None:
    """Text is always a text cell (quote-prefixed, never a formula); numbers and dates stay typed."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return
    if isinstance(value, str):
        text = xml_safe(value)
        if len(text) > EXCEL_TEXT_LIMIT:
            note = f" [cut: {len(text)} characters in the catalogue]"
            text = text[: EXCEL_TEXT_LIMIT - len(note)] + note
        cell.value = text
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, Decimal):
        cell.value = float(value)
        cell.number_format = number_format
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    else:
        cell.value = value


def to_xlsx(diff: CatalogueDiff) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    about = wb.active
    about.title = "Summary"
    facts: list[tuple[str, Value]] = [
        ("Member", diff.member), ("Old catalogue", diff.old_path), ("New catalogue", diff.new_path),
        ("Added", len(diff.added)), ("Removed", len(diff.removed)), ("Changed", len(diff.changed)),
    ]  # fmt: skip
    for r, (label, value) in enumerate(facts, start=1):
        _put(about, r, 1, label)
        _put(about, r, 2, value)
        about.cell(row=r, column=1).font = Font(bold=True)
        about.cell(row=r, column=2).alignment = Alignment(horizontal="left")
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 16, 60
    ws = wb.create_sheet("Changes")
    for c, title in enumerate(HEAD, start=1):
        _put(ws, 1, c, title)
        ws.cell(row=1, column=c).font = Font(bold=True)
    for r, (change, sku, name, field, old, new, pct) in enumerate(rows(diff), start=2):
        for c, value in enumerate((change, sku, name, field, old, new), start=1):
            _put(ws, r, c, value)
        _put(ws, r, 7, None if pct is None else pct / 100, "+0.00%;-0.00%;0.00%")
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (10, 16, 40, 18, 30, 30, 10), strict=True):
        ws.column_dimensions[letter].width = width
    for sheet in (about, ws):  # printed or saved as PDF: whole rows on landscape pages
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
