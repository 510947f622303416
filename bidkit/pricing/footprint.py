"""The green annex's figures: embodied CO2e of priced lines, as the catalogues give it per unit.

Pure functions over priced lines.  A line's CO2e is ``co2e_kg x qty``, exact (never rounded:
these are kilograms, not money); a line without a figure adds nothing and lowers the coverage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from bidkit.money import ZERO, percent_of

if TYPE_CHECKING:
    from bidkit.pricing.model import PricedLine


def co2e_kg(lines: Iterable[PricedLine]) -> Decimal:
    """The sum of ``co2e_kg x qty`` over the lines that have a figure."""
    return sum((x.qty * x.co2e_kg for x in lines if x.co2e_kg is not None), ZERO)


def co2e_coverage(lines: Sequence[PricedLine]) -> Decimal:
    """The share of ``lines`` that have a CO2e figure, in percent, two decimals (0 with no lines)."""
    with_figure = sum(1 for x in lines if x.co2e_kg is not None)
    return percent_of(Decimal(with_figure), Decimal(len(lines)))
