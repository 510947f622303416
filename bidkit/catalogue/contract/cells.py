"""Turning spreadsheet cell values into catalogue values, with messages a firm understands.

Each converter takes the raw value a reader produced (str, float, int, bool,
date, datetime or ``''`` for empty) and the column's title as the firm wrote
it, and returns the typed value or raises ``ValueError`` whose text names
what was wrong; the loader adds the cell.  Numbers typed as text are read by
:mod:`bidkit.catalogue.contract.numbers`.  The common cases (a float, a plain string)
take the first branch: a 200,000-row catalogue passes through here a few
million times.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any

from bidkit.catalogue.contract.numbers import AmbiguousNumber, parse_text_number
from bidkit.money import CENT

# Float noise: 19.99 stored as 19.989999999999998 is still 19.99.
_NOISE = Decimal("1e-9")
_EXCEL_EPOCH = date(1899, 12, 30)
# Serial day numbers read as dates only in a plausible range (1990-01-01 .. 2099-12-31),
# so a year typed as 2027 is not taken for 1905-07-19.
_SERIALS = range(32874, 73051)
_DAY_FIRST = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")


def cell_ref(row: int, col: int) -> str:
    """A1-style reference for 0-based row and column indexes."""
    return f"{col_letter(col)}{row + 1}"


@cache
def col_letter(col: int) -> str:
    """``A`` for column index 0, ``AA`` for 26 (without importing openpyxl just for that)."""
    letters = ""
    number = col + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_blank(value: Any) -> bool:
    if value == "" or value is None:
        return True
    return isinstance(value, str) and not value.strip()


def to_text(value: Any) -> str:
    """Any cell as text; whole-number floats lose their ``.0`` (SKU 1001, not 1001.0)."""
    if type(value) is str:
        return value.strip()
    if value is None:
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


def _number(value: Any, what: str, currency: bool) -> tuple[Decimal, frozenset[str] | None]:
    if type(value) is float:
        if not math.isfinite(value):
            raise ValueError(f"{what} is not a finite number")
        return Decimal(repr(value)), None
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value), None
    if not isinstance(value, str):
        raise ValueError(f"{what} '{to_text(value)}' is not a number")
    text = value.strip()
    try:
        return parse_text_number(text, currency=currency)
    except AmbiguousNumber as exc:
        whole, _, part = str(exc).replace(".", ",").partition(",")
        raise ValueError(
            f"{what} '{text}' is ambiguous: it could be {whole}{part} or {whole}.{part}; "
            f"type it as a number, or write the decimals too ({whole}.{part},00 or {whole},{part}.00)"
        ) from None
    except ValueError:
        raise ValueError(f"{what} '{text}' is not a number") from None


def to_decimal(value: Any, what: str) -> Decimal:
    """A number from a numeric cell or from numeric text in either convention."""
    return _number(value, what, currency=False)[0]


def to_price(value: Any, what: str) -> tuple[Decimal, frozenset[str] | None]:
    """A non-negative amount in whole cents, and the currencies a sign in the text allows.

    Float noise below a billionth is rounded away; anything finer than a cent is an error.
    """
    number, marker = _number(value, what, currency=True)
    if number < 0:
        raise ValueError(f"{what} {to_text(value)} is negative")
    try:
        cents = number.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"{what} {to_text(value)} is too large") from None
    if abs(number - cents) > _NOISE:
        raise ValueError(f"{what} {to_text(value)} has fractions of a cent; use whole cents")
    return cents, marker


def to_money(value: Any, what: str) -> Decimal:
    return to_price(value, what)[0]


def to_quantity(value: Any, what: str) -> Decimal:
    if type(value) is float and value >= 0 and math.isfinite(value):  # the common case, fast
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    number = to_decimal(value, what)
    if number < 0:
        raise ValueError(f"{what} {to_text(value)} is negative")
    if number == 0:
        return Decimal(0)
    plain = number.normalize()  # 12.50 -> 12.5, but 100 must not become 1E+2
    exponent = plain.as_tuple().exponent
    return plain.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else plain


def to_weeks(value: Any, what: str) -> int:
    if type(value) is float and value >= 0 and value.is_integer():  # the common case, fast
        return int(value)
    number = to_decimal(value, what)
    if number < 0 or number != number.to_integral_value():
        raise ValueError(f"{what} {to_text(value)} is not a whole number of weeks")
    return int(number)


def to_date(value: Any, what: str) -> date:
    """A date cell, an Excel day number, ISO text (2027-06-30) or day-first text (30.06.2027)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and math.isfinite(value) and int(value) in _SERIALS:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    text = to_text(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    day_first = _DAY_FIRST.match(text)
    if day_first:
        day, month, year = (int(g) for g in day_first.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise ValueError(f"{what} '{text}' is not a date; write it as YYYY-MM-DD (2027-06-30)")
