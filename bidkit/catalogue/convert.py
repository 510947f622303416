"""A Components column converted in one pass: checked values, or the cell's problem reported.

A catalogue column is nearly always of one kind: every name a text, every price
a number.  So each column is first tried as a whole (one list comprehension
over its cells, C-speed for text, Decimal from each float for money); only a
column holding something else (blanks, numbers typed as text, dates, errors)
takes the cell-by-cell path through :mod:`bidkit.catalogue.cells`, which gives
the same values and reports each problem at its cell.  Both paths return the
same list, so the fast one is an optimisation and never a second set of rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from bidkit.catalogue import cells, headers
from bidkit.catalogue.table import SheetView
from bidkit.money import CENT

BAD: Any = object()  # a cell whose problem was reported: its row is not a component

CONVERTERS: dict[str, Callable[[Any, str], Any]] = {
    "unit_price": cells.to_price,
    "lead_time_weeks": cells.to_weeks,
    "min_order_qty": cells.to_quantity,
    "weight_kg": cells.to_quantity,
    "co2e_kg": cells.to_quantity,
    "valid_until": cells.to_date,
}
REQUIRED = frozenset(headers.REQUIRED_COMPONENT_FIELDS)
# What an empty optional cell gives (the Component's default).
EMPTY: dict[str, Any] = {name: None for name in CONVERTERS}
_NOISE = Decimal("1e-9")


def column_values(sheet: SheetView, rows: Sequence[int], col: int, name: str, title: str) -> list[Any]:
    """The values of one column at the given (0-based) sheet rows."""
    data = sheet.rows
    raw = [data[r][col] for r in rows]
    fast = _whole_column(name, raw)
    if fast is not None:
        return fast
    convert = CONVERTERS.get(name)
    required = name in REQUIRED
    empty = EMPTY.get(name, "")
    out: list[Any] = []
    for r, value in zip(rows, raw, strict=True):
        if type(value) is str:
            value = value.strip()
            if value and convert is None:
                out.append(value)
                continue
        if value == "" or value is None:
            out.append(_empty(sheet, r, col, title) if required else empty)
            continue
        try:
            out.append(convert(value, title) if convert else cells.to_text(value))
        except ValueError as exc:
            sheet.error(str(exc), r, col)
            out.append(BAD)
    return out


def _empty(sheet: SheetView, r: int, col: int, title: str) -> Any:
    """Report a required cell left empty (unless it is a flagged formula or error cell)."""
    if (r, col) not in sheet.flagged:
        sheet.error(f"{title} is empty", r, col)
    return BAD


def _whole_column(name: str, raw: list[Any]) -> list[Any] | None:
    """The column converted at once when all its cells are of the common kind, else None."""
    kinds = set(map(type, raw))
    if name not in CONVERTERS:
        if not kinds <= {str}:
            return None
        values = [v.strip() for v in raw]
        return None if name in REQUIRED and "" in values else values
    if kinds != {float} or not all(map(math.isfinite, raw)) or min(raw, default=0.0) < 0:
        return None
    if name == "unit_price":
        return _prices(raw)
    if name == "lead_time_weeks":
        return [int(v) for v in raw] if all(v.is_integer() for v in raw) else None
    if name == "valid_until":
        return None
    return [Decimal(int(v)) if v.is_integer() else Decimal(repr(v)) for v in raw]


def _prices(raw: list[float]) -> list[Any] | None:
    """Money in whole cents (float noise removed), as cells.to_price gives it: (amount, no sign)."""
    exact = list(map(Decimal, map(repr, raw)))
    quantize = Decimal.quantize
    try:
        cents = [quantize(d, CENT, ROUND_HALF_UP) for d in exact]
    except InvalidOperation:
        return None  # too large: the cell-by-cell path says which
    if exact != cents and any(abs(d - c) > _NOISE for d, c in zip(exact, cents, strict=True)):
        return None
    return list(zip(cents, [None] * len(cents), strict=True))
