"""A locked value reads back as the value the catalogue gave, however it is written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bidkit.catalogue.contract import cells
from bidkit.money import decimal_text
from bidkit.review.lock import LockedComponent, locked_component

SHA = "0" * 64
CENTS = st.integers(0, 10**15).map(lambda cents: Decimal(cents).scaleb(-2))
CELLS = st.one_of(st.integers(0, 10**12), st.floats(min_value=0, max_value=1e12, allow_nan=False))


def _entry(**values: object) -> LockedComponent:
    fields: dict[str, object] = {"member": "alpha", "sku": "A", "catalogue": "alpha.xlsx", "catalogue_sha256": SHA,
                                 "unit_price": "1.00", "currency": "EUR"}  # fmt: skip
    return locked_component({**fields, **values})


@given(CENTS, CELLS)
def test_a_locked_value_reads_back_as_the_catalogue_gave_it(price: Decimal, cell: float) -> None:
    quantity = cells.to_quantity(cell, "co2e_kg")  # as a catalogue cell gives it
    written_price, written_quantity = decimal_text(price), decimal_text(quantity)  # as the lock writes them
    entry = _entry(unit_price=written_price, co2e_kg=written_quantity, price_breaks=[[written_quantity, written_price]])
    assert (str(entry.unit_price), str(entry.co2e_kg)) == (str(price), str(quantity))
    assert [(str(q), str(p)) for q, p in entry.price_breaks] == [(str(quantity), str(price))]


@pytest.mark.parametrize(("written", "message"), [
    ("-5.00", "unit_price -5.00 is negative"),
    ("5.001", "unit_price 5.001 has fractions of a cent; use whole cents"),
    ("1,234.50", '"1,234.50" is not a number written as bidkit writes one'),
])  # fmt: skip
def test_any_other_spelling_meets_the_catalogue_rules(written: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        _entry(unit_price=written)
    assert message in str(caught.value)
