"""What a member catalogue is once it has been read and checked."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bidkit.maker import trusted


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PriceBreak(_Frozen):
    """From ``min_qty`` (total quantity in the bid) upwards, ``unit_price`` applies."""

    min_qty: Decimal
    unit_price: Decimal
    row: int = 0


class Component(_Frozen):
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
    extra: dict[str, str] = Field(default_factory=dict)
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


_make_component = trusted(Component)  # from checked cells only (bidkit/maker.py)
_make_break = trusted(PriceBreak)


class ComponentTable(Mapping[str, Component]):
    """A catalogue's components by SKU, each made into a :class:`Component` when first looked up.

    A bid uses a few hundred of a catalogue's thousands of components, and building a
    pydantic model for every row of twenty catalogues was a large part of a build.  The
    values were checked as they were read (loader) or come from a checked cache entry
    (cache.py); ``plain_row`` gives them for one SKU.
    """

    def __init__(self, member: str, skus: Mapping[str, Any]):
        self.member = member
        self._skus = skus  # any mapping keyed by SKU (ordered, fast to test): the subclass's own index
        self._made: dict[str, Component] = {}

    def plain_row(self, sku: str) -> PlainRow:
        """One component's checked values in plain form (:data:`PLAIN_FIELDS`)."""
        raise NotImplementedError

    def __getitem__(self, sku: str) -> Component:
        made = self._made.get(sku)
        if made is None:
            if sku not in self._skus:
                raise KeyError(sku)
            values = component_values(self.member, sku, self.plain_row(sku))
            made = self._made[sku] = _make_component(values)
        return made

    def get(self, sku: str, default: Any = None) -> Any:  # Mapping.get goes through an exception
        made = self._made.get(sku)
        if made is not None:
            return made
        return self[sku] if sku in self._skus else default

    def __contains__(self, sku: object) -> bool:
        return sku in self._skus

    def __iter__(self) -> Iterator[str]:
        return iter(self._skus)

    def __len__(self) -> int:
        return len(self._skus)


# A component's checked fields (but member and sku) in plain form, in this order: text, whole
# numbers, Decimals as their exact text (a unit price read from a number as whole cents, an int),
# dates as ISO text, ``extra`` as (name, text) pairs and price breaks as (min_qty, unit_price, row).
# Plain values are what a cache entry stores (marshal), and what the loader makes from a cell
# without building a Decimal: :func:`component_values` gives the model's values, the same Decimals the
# converters in cells.py give, when a bid looks a component up.
PLAIN_FIELDS = ("name", "unit", "unit_price", "currency", "description", "category", "lead_time_weeks",
                "min_order_qty", "origin_country", "hs_code", "weight_kg", "co2e_kg", "datasheet",
                "valid_until", "extra", "price_breaks", "row")  # fmt: skip
PlainRow = tuple[Any, ...]
if ("member", "sku", *PLAIN_FIELDS) != tuple(Component.model_fields):
    raise ImportError("PLAIN_FIELDS must follow Component's fields: components are made from them in order")


def plain_price(price: int | str) -> Decimal:
    """A unit price in plain form as a Decimal in cents: ``123450`` and ``'1234.50'`` give 1234.50."""
    return Decimal(price) if isinstance(price, str) else Decimal(price).scaleb(-2)


def component_values(member: str, sku: str, row: PlainRow) -> dict[str, Any]:
    """A plain row as the Component's fields, in the model's order (bidkit/maker.py: trusted).

    One unpacking and one dict literal: a big bid makes ten thousand components this way.
    """
    (name, unit, unit_price, currency, description, category, lead_time_weeks, min_order_qty, origin_country,
     hs_code, weight_kg, co2e_kg, datasheet, valid_until, extra, price_breaks, row_no) = row  # fmt: skip
    return {
        "member": member, "sku": sku, "name": name, "unit": unit, "unit_price": plain_price(unit_price),
        "currency": currency, "description": description, "category": category,
        "lead_time_weeks": lead_time_weeks,
        "min_order_qty": None if min_order_qty is None else Decimal(min_order_qty),
        "origin_country": origin_country, "hs_code": hs_code,
        "weight_kg": None if weight_kg is None else Decimal(weight_kg),
        "co2e_kg": None if co2e_kg is None else Decimal(co2e_kg), "datasheet": datasheet,
        "valid_until": None if valid_until is None else date.fromisoformat(valid_until),
        "extra": dict(extra),
        "price_breaks": tuple(
            _make_break({"min_qty": Decimal(q), "unit_price": Decimal(p), "row": r})
            for q, p, r in price_breaks
        ),
        "row": row_no,
    }  # fmt: skip


class CheckedComponents(ComponentTable):
    """Components from the plain rows the loader read and checked, by SKU."""

    def __init__(self, member: str, rows: dict[str, PlainRow]):
        super().__init__(member, rows)
        self.rows = rows

    def plain_row(self, sku: str) -> PlainRow:
        return self.rows[sku]


class Member(_Frozen):
    id: str
    name: str
    currency: str
    country: str = ""
    vat_id: str = ""
    contact: str = ""
    catalogue_date: date | None = None


class Catalogue(_Frozen):
    """One member firm's workbook: who they are and what they sell.

    ``sheet``, ``header_row``, ``columns`` (contract field -> column letter) and
    ``titles`` (contract field -> the header as the firm wrote it) say where
    each value came from, so later checks can point at the exact cell.
    """

    path: str
    member: Member
    components: Mapping[str, Component]  # a dict, or the cache's lazily made components
    sha256: str = ""
    sheet: str = "Components"
    header_row: int = 1
    columns: dict[str, str] = Field(default_factory=dict)
    titles: dict[str, str] = Field(default_factory=dict)

    def cell(self, field: str, row: int) -> str | None:
        """``F14`` for a field on a given (1-based) row, or None if the column is absent."""
        letter = self.columns.get(field)
        return f"{letter}{row}" if letter else None

    @property
    def price_break_count(self) -> int:
        return sum(len(c.price_breaks) for c in self.components.values())
