"""A Components column converted in one pass: plain values, or the cell's problem reported.

A catalogue column is nearly always of one kind: every name a text, every price
a number.  So each column is first tried as a whole (C-speed maps over its
cells); only a column holding something else (blanks, numbers typed as text,
dates, errors, float noise) takes the cell-by-cell path through
:mod:`bidkit.catalogue.contract.cells`, which gives the same values and reports each
problem at its cell.  Both paths return the same list, so the fast one is an
optimisation and never a second set of rules.

Values come out in plain form (:data:`bidkit.catalogue.contract.model.PLAIN_FIELDS`): a
price as whole cents or the exact text of the Decimal the converter gives, a
quantity as that text, a date as ISO text.  That is what a cache entry stores,
and for a float cell it can be made without making a Decimal at all; the
Decimals are made when a bid looks the component up
(:func:`bidkit.catalogue.contract.model.make_component`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import repeat
from typing import Any

from bidkit.catalogue.contract import cells, headers
from bidkit.catalogue.contract.table import SheetView
from bidkit.money import CENT

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
_CENT_NOISE = 1e-7  # _NOISE in cents
_CENTS_BELOW = 1e13  # (the margin rules out larger prices anyway)


@dataclass
class Column:
    """One column's plain values, the positions whose cell was reported, and currency signs.

    At a position in ``bad`` the value is None; ``signs`` holds, for a price written as text
    with a currency sign, the currencies that sign allows.
    """

    values: list[Any]
    bad: list[int] = field(default_factory=list)
    signs: dict[int, frozenset[str]] = field(default_factory=dict)


def plain(value: Any) -> Any:
    """A converter's value in plain form: a Decimal as its text, a date as ISO text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def column_values(sheet: SheetView, rows: Sequence[int], raw: list[Any], col: int, name: str,
                  title: str) -> Column:  # fmt: skip
    """The values of one column: its cells ``raw`` at the given (0-based) sheet rows."""
    fast = _whole_column(name, raw)
    if fast is not None:
        return Column(fast)
    convert = CONVERTERS.get(name)
    required = name in REQUIRED
    empty = EMPTY.get(name, "")
    column = Column([])
    out = column.values
    for i, (r, value) in enumerate(zip(rows, raw, strict=True)):
        if type(value) is str:
            value = value.strip()
            if value and convert is None:
                out.append(value)
                continue
        if value == "" or value is None:
            if required:
                _empty(sheet, r, col, title)
                column.bad.append(i)
            out.append(None if required else empty)
            continue
        if convert is not None and name != "valid_until" and is_negative_zero(value):
            shown = cells.to_text(value) if type(value) is str else "-0"
            sheet.warn(f"{title} {shown} is a zero with a minus sign; it is read as 0", r, col)
            value = 0.0
        converted: Any
        try:
            converted = convert(value, title) if convert else cells.to_text(value)
        except ValueError as exc:
            sheet.error(str(exc), r, col)
            column.bad.append(i)
            out.append(None)
            continue
        if name == "unit_price":
            converted, sign = converted
            if sign is not None:
                column.signs[i] = sign
        out.append(plain(converted))
    return column


def _empty(sheet: SheetView, r: int, col: int, title: str) -> None:
    """Report a required cell left empty (unless it is a flagged formula or error cell)."""
    if (r, col) not in sheet.flagged:
        sheet.error(f"{title} is empty", r, col)


def _whole_column(name: str, raw: list[Any]) -> list[Any] | None:
    """The column converted at once when all its cells are of the common kind, else None."""
    kinds = set(map(type, raw))
    if name not in CONVERTERS:
        if not kinds <= {str}:
            return None
        values = list(map(str.strip, raw))
        return None if name in REQUIRED and "" in values else values
    if kinds != {float} or not all(map(math.isfinite, raw)) or min(raw, default=0.0) < 0:
        return None
    if _negative_zero(raw):  # reported cell by cell
        return None
    if name == "unit_price":
        return _prices(raw)
    if name == "lead_time_weeks":
        return list(map(int, raw)) if all(map(float.is_integer, raw)) else None
    if name == "valid_until":
        return None
    return _quantities(raw)


def _quantities(raw: list[float]) -> list[str]:
    """As cells.to_quantity gives them, in text: the float's shortest repr, 350 for 350.0.

    That is the Decimal's text unless the repr has an exponent (1e-05, 1e+16) or a sign (-0.0);
    such a column is written by Decimal itself.
    """
    texts = list(map(repr, raw))
    joined = "".join(texts)
    if "e" in joined or "-" in joined:
        return [str(cells.to_quantity(v, "")) for v in raw]
    return list(map(str.removesuffix, texts, repeat(".0")))


def _prices(raw: list[float]) -> list[Any] | None:
    """Money in whole cents (float noise removed), as cells.to_price gives it, in plain form.

    Usually as whole cents (int), found with float arithmetic whose error is bounded: a price
    within a billionth of its cents surely, by a margin of 114 ulps for the float's own error
    and the multiplication's.  A column where that cannot be told (very large prices, noise
    near the limit, a -0) goes through Decimal and comes out as text.
    """
    top = max(raw, default=0.0)
    if top < _CENTS_BELOW:
        hundreds = list(map((100.0).__mul__, raw))
        cents = list(map(round, hundreds))
        worst = max(map(abs, map(float.__sub__, hundreds, cents)), default=0.0)
        if worst + 114 * math.ulp(top) <= _CENT_NOISE and not _negative_zero(raw):
            return cents
    exact = list(map(Decimal, map(repr, raw)))
    quantize = Decimal.quantize
    try:
        rounded = [quantize(d, CENT, ROUND_HALF_UP) for d in exact]
    except InvalidOperation:
        return None  # too large: the cell-by-cell path says which
    if exact != rounded and any(abs(d - c) > _NOISE for d, c in zip(exact, rounded, strict=True)):
        return None
    return list(map(str, rounded))


def is_negative_zero(value: Any) -> bool:
    """A number cell holding -0, or text such as ``-0`` or ``-0,00 kr`` that reads as zero."""
    if type(value) is float:
        return value == 0.0 and math.copysign(1.0, value) < 0
    if type(value) is not str or not value.strip().startswith("-"):
        return False
    try:
        return cells.to_price(value, "")[0] == 0
    except ValueError:
        return False


def _negative_zero(raw: list[float]) -> bool:
    """A -0 cell gives Decimal('-0.00'), which whole cents cannot say."""
    return 0.0 in raw and any(math.copysign(1.0, v) < 0 for v in raw if v == 0.0)
