"""Turning spreadsheet cell values into catalogue values, with messages a firm understands.

Each converter takes the raw value a reader produced (str, float, int, bool,
date, datetime or ``''`` for empty) and returns the typed value or raises
``ValueError`` whose text names what was wrong; the loader adds the cell.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.utils.cell import get_column_letter

from bidkit.money import CENT, round2

# Float noise: 19.99 stored as 19.989999999999998 is still 19.99.
_NOISE = Decimal("1e-9")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def cell_ref(row: int, col: int) -> str:
    """A1-style reference for 0-based row and column indexes."""
    return f"{get_column_letter(col + 1)}{row + 1}"


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_text(value: Any) -> str:
    """Any cell as text; whole-number floats lose their ``.0`` (SKU 1001, not 1001.0)."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def to_decimal(value: Any, what: str) -> Decimal:
    """A number from a numeric cell or from plain numeric text."""
    if isinstance(value, bool):
        raise ValueError(f"{what} {to_text(value)} is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{what} is not a finite number")
        return Decimal(repr(value))
    text = to_text(value)
    if isinstance(value, str) and _PLAIN_NUMBER.match(text.replace(" ", "")):
        try:
            number = Decimal(text.replace(" ", ""))
        except InvalidOperation:
            pass
        else:
            if number.is_finite():
                return number
    raise ValueError(f"{what} '{text}' is not a number")


def to_money(value: Any, what: str) -> Decimal:
    """A non-negative amount in whole cents; float noise below a billionth is rounded away."""
    number = to_decimal(value, what)
    if number < 0:
        raise ValueError(f"{what} {to_text(value)} is negative")
    cents = round2(number)
    if abs(number - cents) > _NOISE:
        raise ValueError(f"{what} {to_text(value)} has fractions of a cent; use whole cents")
    return cents.quantize(CENT)


def to_quantity(value: Any, what: str) -> Decimal:
    number = to_decimal(value, what)
    if number < 0:
        raise ValueError(f"{what} {to_text(value)} is negative")
    return number.normalize() if number != 0 else Decimal(0)


def to_weeks(value: Any, what: str) -> int:
    number = to_decimal(value, what)
    if number < 0 or number != number.to_integral_value():
        raise ValueError(f"{what} {to_text(value)} is not a whole number of weeks")
    return int(number)


def to_date(value: Any, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = to_text(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{what} '{text}' is not a date; write it as YYYY-MM-DD") from None
