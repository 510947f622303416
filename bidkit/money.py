"""Exact money arithmetic: the rounding rules every figure in a bid obeys.

Rules (also in docs/pricing.md):

* Amounts are :class:`~decimal.Decimal`, never float.
* ``round2`` rounds half up (away from zero for .5) to two decimals, the way
  spreadsheet ``ROUND(x, 2)`` does, so the cost workbook's formulas agree with
  the engine to the cent.
* Percentages are written ``12%`` in the bid and held as fractions (``0.12``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


PERCENT_PLACES = 4  # decimals a percentage may have (12.3456%)

_WIDE = Context(prec=50)  # enough digits that quantizing any amount to cents never overflows


def round2(value: Decimal) -> Decimal:
    """Round half up to cents, like a spreadsheet's ``ROUND(x, 2)``."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=_WIDE)


def round_to_multiple(value: Decimal, step: Decimal) -> Decimal:
    """Round to the nearest multiple of ``step``, halves up (``MROUND`` semantics)."""
    with localcontext() as ctx:
        ctx.prec = 50
        units = (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return round2(units * step)


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, two decimals; 0 when ``whole`` is 0."""
    if whole == 0:
        return ZERO
    with localcontext() as ctx:
        ctx.prec = 50
        return round2(part / whole * HUNDRED)


def spread(total: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """``total`` split by ``shares`` (fractions adding up to 1), as payment milestones are.

    Each part is round2(total x share) but the last, which takes the remainder, so the parts add up
    to ``total`` exactly.
    """
    parts: list[Decimal] = []
    for i, share in enumerate(shares):
        parts.append(total - sum(parts, ZERO) if i == len(shares) - 1 else round2(total * share))
    return parts


def parse_percent(text: str) -> Decimal:
    """Parse ``'12%'`` or ``'12.5 %'`` into the fraction ``0.12`` / ``0.125``.

    Raises ValueError with a message meant for the user.
    """
    raw = text.strip()
    if not raw.endswith("%"):
        raise ValueError(f"'{text}' is not a percentage; write it with a percent sign, e.g. 12%")
    digits = raw[:-1].strip()
    if len(digits) > 40:
        raise ValueError("the percentage is too long to be one; write it like 12% or 2.5%")
    try:
        number = Decimal(digits)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a percentage; write it like 12% or 2.5%") from None
    if not number.is_finite():
        raise ValueError(f"'{text}' is not a percentage")
    if "e" in digits.lower():
        raise ValueError(f"'{text}' is written with an exponent; write the percentage out, like 12% or 2.5%")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -PERCENT_PLACES:
        raise ValueError(f"'{text}' has more than {PERCENT_PLACES} decimals; round it")
    return number / HUNDRED


def format_percent(fraction: Decimal) -> str:
    """The inverse of :func:`parse_percent`, without trailing zeros: ``0.125 -> '12.5%'``."""
    value = (fraction * HUNDRED).normalize()
    text = format(value, "f")
    return f"{text}%"


def decimal_text(value: Decimal) -> str:
    """A decimal as plain positional text (no exponent) for JSON and tables: ``format(value, "f")``.

    ``str`` gives the same text unless it writes an exponent, and a big bid writes hundreds of
    thousands of amounts, so ``str`` is tried first: it takes a third of the time of ``format``.
    """
    text = str(value)
    return format(value, "f") if "E" in text else text
