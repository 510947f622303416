"""What changed between two versions of a member's catalogue, component by component.

Components are matched by SKU.  A changed component lists each field that
differs (extra columns and price breaks included), and a price change
carries its percentage so the export department sees at a glance whether a
bid in progress moves.  The result is plain data; diff_output.py turns it
into a terminal table, JSON or a workbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bidkit.catalogue.contract.model import Catalogue, Component, Member
from bidkit.money import percent_of

Value = str | Decimal | int | date | None

COMPARED = ("name", "description", "category", "unit", "unit_price", "currency", "lead_time_weeks",
            "min_order_qty", "origin_country", "hs_code", "weight_kg", "co2e_kg", "datasheet",
            "valid_until")  # fmt: skip
MEMBER_FIELDS = ("id", "name", "country", "currency", "vat_id", "contact", "catalogue_date")


@dataclass(frozen=True)
class Change:
    """One field of one component (or of the member) that differs."""

    field: str
    old: Value
    new: Value
    change_pct: Decimal | None = None  # for unit_price in the same currency


@dataclass(frozen=True)
class ComponentChange:
    sku: str
    name: str
    changes: tuple[Change, ...]


@dataclass
class CatalogueDiff:
    old_path: str
    new_path: str
    member: str
    member_changes: list[Change] = field(default_factory=list)
    added: list[Component] = field(default_factory=list)
    removed: list[Component] = field(default_factory=list)
    changed: list[ComponentChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.member_changes or self.added or self.removed or self.changed)


def diff_catalogues(old: Catalogue, new: Catalogue) -> CatalogueDiff:
    result = CatalogueDiff(
        old.path, new.path, new.member.id, member_changes=_member_changes(old.member, new.member)
    )
    for sku, comp in new.components.items():
        before = old.components.get(sku)
        if before is None:
            result.added.append(comp)
            continue
        changes = component_changes(before, comp)
        if changes:
            result.changed.append(ComponentChange(sku, comp.name, changes))
    result.removed = [c for sku, c in old.components.items() if sku not in new.components]
    return result


def _member_changes(old: Member, new: Member) -> list[Change]:
    return [Change(f, getattr(old, f), getattr(new, f)) for f in MEMBER_FIELDS
            if getattr(old, f) != getattr(new, f)]  # fmt: skip


def component_changes(old: Component, new: Component) -> tuple[Change, ...]:
    """Field-by-field differences; row moves are not changes."""
    changes: list[Change] = []
    for name in COMPARED:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        pct = None
        if name == "unit_price" and old.currency == new.currency and before:
            pct = percent_of(after - before, before)
        changes.append(Change(name, before, after, pct))
    for title in sorted(set(old.extra) | set(new.extra)):
        before_text, after_text = old.extra.get(title, ""), new.extra.get(title, "")
        if before_text != after_text:
            changes.append(Change(title, before_text, after_text))
    if old.price_breaks_text() != new.price_breaks_text():
        changes.append(Change("price_breaks", old.price_breaks_text(), new.price_breaks_text()))
    return tuple(changes)
