"""What a member catalogue is once it has been read and checked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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


class ComponentTable(Mapping[str, Component]):
    """A catalogue's components by SKU, each made into a :class:`Component` when first looked up.

    A bid uses a few hundred of a catalogue's thousands of components, and building a
    pydantic model for every row of twenty catalogues was a large part of a build.  The
    values were checked as they were read (loader) or come from a checked cache entry
    (cache.py); ``row_values`` gives them for one SKU.
    """

    def __init__(self, member: str, skus: Iterable[str]):
        self.member = member
        self._skus = dict.fromkeys(skus)
        self._made: dict[str, Component] = {}

    def row_values(self, sku: str) -> dict[str, Any]:
        """Every field of one component but member and sku."""
        raise NotImplementedError

    def __getitem__(self, sku: str) -> Component:
        made = self._made.get(sku)
        if made is None:
            if sku not in self._skus:
                raise KeyError(sku)
            made = self._made[sku] = Component(member=self.member, sku=sku, **self.row_values(sku))
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


class CheckedComponents(ComponentTable):
    """Components from the values the loader read and checked, row by row."""

    def __init__(self, member: str, values: dict[str, dict[str, Any]]):
        super().__init__(member, values)
        self.checked = values

    def row_values(self, sku: str) -> dict[str, Any]:
        return self.checked[sku]


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
