"""The cost workbook (plain first version: values, no formulas yet)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from bidkit.pricing.model import PricedBid
from bidkit.render.text import xml_safe

MONEY = "#,##0.00"


def _put(ws: Any, row: int, col: int, value: object) -> None:
    """Write a value; text is always text (never a formula), money stays exact to the cent."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = xml_safe(value)
        cell.data_type = "s"
    elif isinstance(value, Decimal):
        cell.value = float(value)
        cell.number_format = MONEY
    else:
        cell.value = value


def render_workbook(bid: PricedBid) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    rows: list[tuple[str, object]] = [
        ("Bid", bid.id), ("Title", bid.title), ("Client", bid.client.name), ("Currency", bid.currency),
        ("Subtotal", bid.subtotal), ("Contingency", bid.contingency), ("Discount", bid.discount),
        ("Rounding", bid.rounding), ("Total", bid.total), ("Cost", bid.cost), ("Margin", bid.margin),
    ]  # fmt: skip
    for r, (label, value) in enumerate(rows, start=1):
        _put(ws, r, 1, label)
        _put(ws, r, 2, value)
    lines = wb.create_sheet("Lines")
    head = ["Group", "Section", "Bundle", "Member", "Reference", "Name", "Unit", "Qty",
            "Unit cost", "Markup", "Unit sell", "Line cost", "Line total"]  # fmt: skip
    for c, title in enumerate(head, start=1):
        _put(lines, 1, c, title)
    for r, x in enumerate([*bid.lines, *bid.option_lines], start=2):
        values = [x.group, x.group_id, x.bundle, x.member, x.ref, x.name, x.unit, x.qty,
                  x.unit_cost, x.markup, x.unit_sell, x.line_cost, x.line_total]  # fmt: skip
        for c, value in enumerate(values, start=1):
            _put(lines, r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
