"""What a member catalogue is once it has been read and checked.

Plain frozen dataclasses: their values were checked as the workbook was read
(the loader) or as a cache entry was opened (bidkit/speed/catalogues.py), so
nothing here checks them again.  A catalogue holds thousands of components and
a bid uses a few hundred, so :class:`Components` keeps each one as its checked
values in plain form (:data:`PLAIN_FIELDS`) and makes the :class:`Component`
when it is first looked up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class PriceBreak:
    """From ``min_qty`` (total quantity in the bid) upwards, ``unit_price`` applies."""

    min_qty: Decimal
    unit_price: Decimal
    row: int = 0


@dataclass(frozen=True, slots=True)
class Component:
    """One row of a member's Components sheet, with its price breaks."""

    member: str
    sku: str
    name: str
    unit: str
    unit_price: Decimal
    currency: str
    description: str = ""
    category: str = ""
    lead_time_weeks: int | None = None
    min_order_qty: Decimal | None = None
    origin_country: str = ""
    hs_code: str = ""
    weight_kg: Decimal | None = None
    co2e_kg: Decimal | None = None
    datasheet: str = ""
    valid_until: date | None = None
    extra: dict[str, str] = field(default_factory=dict)
    price_breaks: tuple[PriceBreak, ...] = ()
    row: int = 0

    @property
    def ref(self) -> str:
        return f"{self.member}/{self.sku}"

    def price_breaks_text(self) -> str:
        """The price breaks as one line (``from 100: 5620.00; from 250: 5390.00``), for diffs."""
        return "; ".join(f"from {b.min_qty:f}: {b.unit_price:f}" for b in self.price_breaks)

    def price_for(self, total_qty: Decimal) -> Decimal:
        """The unit price for a bid needing ``total_qty`` of this component (rule 2)."""
        best = self.unit_price
        best_min: Decimal | None = None
        for brk in self.price_breaks:
            if brk.min_qty <= total_qty and (best_min is None or brk.min_qty > best_min):
                best, best_min = brk.unit_price, brk.min_qty
        return best


# A component's checked fields (but member and sku) in plain form, in this order: text, whole
# numbers, Decimals as their exact text (a unit price read from a number as whole cents, an int),
# dates as ISO text, ``extra`` as (name, text) pairs and price breaks as (min_qty, unit_price, row).
# The loader makes plain values from the cells without building a Decimal, and a cache entry
# stores them as they are; :func:`make_component` turns them into the Component.
PLAIN_FIELDS = ("name", "unit", "unit_price", "currency", "description", "category", "lead_time_weeks",
                "min_order_qty", "origin_country", "hs_code", "weight_kg", "co2e_kg", "datasheet",
                "valid_until", "extra", "price_breaks", "row")  # fmt: skip
PlainRow = tuple[Any, ...]
if ("member", "sku", *PLAIN_FIELDS) != tuple(f.name for f in fields(Component)):
    raise ImportError("PLAIN_FIELDS must follow Component's fields: components are made from them in order")


def plain_price(price: int | str) -> Decimal:
    """A unit price in plain form as a Decimal in cents: ``123450`` and ``'1234.50'`` give 1234.50."""
    return Decimal(price) if isinstance(price, str) else Decimal(price).scaleb(-2)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def make_component(member: str, sku: str, row: PlainRow) -> Component:
    """The Component for one plain row of checked values (:data:`PLAIN_FIELDS`)."""
    (name, unit, unit_price, currency, description, category, lead_time_weeks, min_order_qty, origin_country,
     hs_code, weight_kg, co2e_kg, datasheet, valid_until, extra, price_breaks, row_no) = row  # fmt: skip
    return Component(
        member=member, sku=sku, name=name, unit=unit, unit_price=plain_price(unit_price), currency=currency,
        description=description, category=category, lead_time_weeks=lead_time_weeks,
        min_order_qty=_decimal(min_order_qty), origin_country=origin_country, hs_code=hs_code,
        weight_kg=_decimal(weight_kg), co2e_kg=_decimal(co2e_kg), datasheet=datasheet,
        valid_until=None if valid_until is None else date.fromisoformat(valid_until),
        extra=dict(extra),
        price_breaks=tuple(PriceBreak(Decimal(q), Decimal(p), r) for q, p, r in price_breaks),
        row=row_no,
    )  # fmt: skip


class Components(Mapping[str, Component]):
    """A catalogue's components by SKU, each made into a :class:`Component` when first looked up.

    ``skus`` gives each SKU's position in ``columns``: one sequence of checked plain values per
    field of :data:`PLAIN_FIELDS`, in that order.  Neither is ever changed.  The components
    made so far are remembered, so a component looked up twice is the same object.
    """

    def __init__(self, member: str, skus: Sequence[str], columns: Sequence[Sequence[Any]]):
        if len(columns) != len(PLAIN_FIELDS) or any(len(column) != len(skus) for column in columns):
            raise ValueError("a column for every plain field, a value for every SKU")
        self.member = member
        self.skus = dict(zip(skus, range(len(skus)), strict=True))
        if len(self.skus) != len(skus):
            raise ValueError("the same SKU twice")
        self.columns = columns
        self._made: dict[str, Component] = {}

    @classmethod
    def from_rows(cls, member: str, rows: Mapping[str, PlainRow]) -> Components:
        """From plain rows by SKU, as the loader reads them."""
        columns = list(zip(*rows.values(), strict=True)) if rows else [()] * len(PLAIN_FIELDS)
        return cls(member, list(rows), columns)

    def plain_row(self, sku: str) -> PlainRow:
        """One component's checked values in plain form."""
        i = self.skus[sku]
        return tuple(column[i] for column in self.columns)

    def __getitem__(self, sku: str) -> Component:
        made = self._made.get(sku)
        if made is None:
            made = self._made.setdefault(sku, make_component(self.member, sku, self.plain_row(sku)))
        return made

    def __contains__(self, sku: object) -> bool:
        return sku in self.skus

    def __iter__(self) -> Iterator[str]:
        return iter(self.skus)

    def __len__(self) -> int:
        return len(self.skus)


@dataclass(frozen=True, slots=True)
class Member:
    """Who the firm is: the Member sheet."""

    id: str
    name: str
    currency: str
    country: str = ""
    vat_id: str = ""
    contact: str = ""
    catalogue_date: date | None = None


@dataclass(frozen=True, slots=True)
class Catalogue:
    """One member firm's workbook: who they are and what they sell.

    ``sheet``, ``header_row``, ``columns`` (contract field -> column letter) and
    ``titles`` (contract field -> the header as the firm wrote it) say where
    each value came from, so later checks can point at the exact cell.
    """

    path: str
    member: Member
    components: Mapping[str, Component]  # a dict, or Components made on lookup
    sha256: str = ""
    sheet: str = "Components"
    header_row: int = 1
    columns: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def cell(self, field: str, row: int) -> str | None:
        """``F14`` for a field on a given (1-based) row, or None if the column is absent."""
        letter = self.columns.get(field)
        return f"{letter}{row}" if letter else None

    @property
    def price_break_count(self) -> int:
        return sum(len(c.price_breaks) for c in self.components.values())
