"""The price lock: catalogue values frozen when a bid is first built.

Member firms update their catalogues while a bid is under review.  Without a
lock, a rebuild would silently move the figures the lead company already
checked.  ``<bid>.lock.json`` records, for every component the bid uses, the
values that affect the price or the proposal (price, currency, price breaks,
lead time, origin, CO2e) and the catalogue file's SHA-256; later builds use
those values and report any difference, until ``bidkit lock update`` takes
the new ones in.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache
from json.encoder import encode_basestring
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from bidkit.catalogue.contract.model import Catalogue, Component, PriceBreak
from bidkit.errors import BidkitError, Location, Problem
from bidkit.maker import trusted
from bidkit.money import decimal_text
from bidkit.pricing.model import PricedBid

LOCK_VERSION = 1


class LockedComponent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    member: str
    sku: str
    catalogue: str
    catalogue_sha256: str
    unit_price: Decimal
    currency: str
    price_breaks: list[tuple[Decimal, Decimal]] = []
    lead_time_weeks: int | None = None
    origin_country: str = ""
    co2e_kg: Decimal | None = None


class Lock(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bidkit_lock: int = LOCK_VERSION
    bid: str
    rates: dict[str, Decimal]
    rates_date: date | None = None
    components: dict[str, LockedComponent]


LOCKED_FIELDS = ("unit_price", "currency", "price_breaks", "lead_time_weeks", "origin_country", "co2e_kg")


def lock_path(bid_path: Path) -> Path:
    """``bid.yaml`` -> ``bid.lock.json`` beside it."""
    return bid_path.with_name(f"{bid_path.stem}.lock.json")


def read_lock(path: Path, label: str | None = None) -> Lock | None:
    if not path.exists():
        return None
    where = Location(label or str(path))
    try:
        return Lock.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        first = exc.errors()[0]
        raise BidkitError(
            f"the price lock is damaged ({'.'.join(map(str, first['loc']))}: {first['msg']}); "
            "restore it from your records or delete it to lock the current catalogue prices",
            where,
        ) from None


def lock_to_json(lock: Lock) -> bytes:
    """The lock as JSON text, decimals as exact strings.

    The same text as ``json.dumps(..., indent=2)``, with the components (thousands for a big
    bid) written by :func:`_component_json`: the json module's indenting encoder is pure Python.
    """
    data = lock.model_dump(mode="json", exclude={"components"})
    data["rates"] = {k: decimal_text(v) for k, v in lock.rates.items()}
    data["components"] = {}
    head = json.dumps(data, indent=2, ensure_ascii=False).removesuffix("{}\n}")
    if not lock.components:
        return (head + "{}\n}\n").encode("utf-8")
    body = ",\n".join(_component_json(ref, comp) for ref, comp in lock.components.items())
    return (head + "{\n" + body + "\n  }\n}\n").encode("utf-8")


def _component_json(ref: str, comp: LockedComponent) -> str:
    """One entry of ``components``, indented as json.dumps(indent=2) puts it two levels down."""
    text = encode_basestring
    if comp.price_breaks:
        pairs = ",\n".join(
            f'        [\n          "{decimal_text(q)}",\n          "{decimal_text(p)}"\n        ]'
            for q, p in comp.price_breaks
        )
        breaks = f"[\n{pairs}\n      ]"
    else:
        breaks = "[]"
    weeks = "null" if comp.lead_time_weeks is None else str(comp.lead_time_weeks)
    co2e = "null" if comp.co2e_kg is None else f'"{decimal_text(comp.co2e_kg)}"'
    return (
        f"    {text(ref)}: {{\n"
        f'      "member": {text(comp.member)},\n      "sku": {text(comp.sku)},\n'
        f'      "catalogue": {text(comp.catalogue)},\n'
        f'      "catalogue_sha256": {text(comp.catalogue_sha256)},\n'
        f'      "unit_price": "{decimal_text(comp.unit_price)}",\n      "currency": {text(comp.currency)},\n'
        f'      "price_breaks": {breaks},\n      "lead_time_weeks": {weeks},\n'
        f'      "origin_country": {text(comp.origin_country)},\n      "co2e_kg": {co2e}\n    }}'
    )


@cache
def _file_name(path: str) -> str:
    return Path(path).name


def locked_values(component: Component, catalogue: Catalogue) -> LockedComponent:
    return _make_locked(
        {
            "member": component.member,
            "sku": component.sku,
            "catalogue": _file_name(catalogue.path),
            "catalogue_sha256": catalogue.sha256,
            "unit_price": component.unit_price,
            "currency": component.currency,
            "price_breaks": [(b.min_qty, b.unit_price) for b in component.price_breaks],
            "lead_time_weeks": component.lead_time_weeks,
            "origin_country": component.origin_country,
            "co2e_kg": component.co2e_kg,
        }
    )


_make_locked = trusted(LockedComponent)  # from a checked component, in field order (bidkit/maker.py)


def _with_locked(component: Component, locked: LockedComponent) -> Component:
    breaks = tuple(PriceBreak(min_qty=q, unit_price=p) for q, p in locked.price_breaks)
    return replace(
        component,
        unit_price=locked.unit_price,
        currency=locked.currency,
        price_breaks=breaks,
        lead_time_weeks=locked.lead_time_weeks,
        origin_country=locked.origin_country,
        co2e_kg=locked.co2e_kg,
    )


def _unchanged(locked: LockedComponent, component: Component) -> bool:
    """The catalogue still holds the locked values (the common case, checked without building a lock)."""
    return (
        locked.unit_price == component.unit_price
        and locked.currency == component.currency
        and locked.lead_time_weeks == component.lead_time_weeks
        and locked.origin_country == component.origin_country
        and locked.co2e_kg == component.co2e_kg
        and locked.price_breaks == [(b.min_qty, b.unit_price) for b in component.price_breaks]
    )


def describe_change(ref: str, locked: LockedComponent, current: LockedComponent) -> str | None:
    """One sentence on how the catalogue differs from the lock, or None when it does not."""
    parts = []
    if (locked.unit_price, locked.currency) != (current.unit_price, current.currency):
        pct = ""
        if locked.currency == current.currency and locked.unit_price:
            change = (current.unit_price - locked.unit_price) / locked.unit_price * 100
            pct = f" ({change:+.2f}%)"
        parts.append(
            f"price {locked.unit_price:f} {locked.currency} -> {current.unit_price:f} {current.currency}{pct}"
        )
    for name in LOCKED_FIELDS[2:]:
        old, new = getattr(locked, name), getattr(current, name)
        if old != new:
            parts.append(f"{name} {_show(old)} -> {_show(new)}")
    return f"{ref}: {', '.join(parts)}" if parts else None


def _show(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(f"{q:f}:{p:f}" for q, p in value) + "]" if value else "none"
    return "none" if value in (None, "") else str(value)


def apply_lock(
    catalogues: dict[str, Catalogue], lock: Lock, label: str, keep: frozenset[str] = frozenset()
) -> tuple[dict[str, Catalogue], list[Problem], list[str]]:
    """Catalogues with the locked values put back, the problems, and what the catalogues changed.

    ``keep`` names references whose *new* catalogue values should be taken instead (lock update).
    """
    problems: list[Problem] = []
    changes: list[str] = []
    patched: dict[str, dict[str, Component]] = {}
    for ref, locked in lock.components.items():
        catalogue = catalogues.get(locked.member)
        current = catalogue.components.get(locked.sku) if catalogue else None
        if catalogue is None or current is None:
            problems.append(Problem(
                f"{ref} is locked but no longer in the {locked.member} catalogue; restore it there, "
                "or remove it from the bid and run 'bidkit lock update'", Location(label),
            ))  # fmt: skip
            continue
        if _unchanged(locked, current):
            continue
        change = describe_change(ref, locked, locked_values(current, catalogue))
        if change is None or ref in keep:
            continue
        changes.append(change)
        patched.setdefault(locked.member, dict(catalogue.components))[locked.sku] = _with_locked(
            current, locked
        )
    out = dict(catalogues)
    for member, components in patched.items():
        out[member] = replace(catalogues[member], components=components)
    return out, problems, changes


def lock_for(priced: PricedBid, catalogues: dict[str, Catalogue], previous: Lock | None = None,
             take: frozenset[str] = frozenset()) -> Lock:  # fmt: skip
    """The lock recording the values this priced bid used.

    Entries already in ``previous`` stay as they were (with the SHA-256 of the catalogue they
    came from) unless named in ``take``; components the bid newly uses are locked as they are now.
    """
    old = previous.components if previous else {}
    components: dict[str, LockedComponent] = {}
    for line in sorted([*priced.lines, *priced.option_lines], key=lambda x: x.ref):
        if not line.sku or line.ref in components or line.member not in catalogues:
            continue
        if line.ref in old and line.ref not in take:
            components[line.ref] = old[line.ref]
            continue
        catalogue = catalogues[line.member]
        component = catalogue.components.get(line.sku)
        if component is not None and component.ref == line.ref:
            components[line.ref] = locked_values(component, catalogue)
    return Lock(bid=priced.id, rates=priced.rates, rates_date=priced.rates_date, components=components)
