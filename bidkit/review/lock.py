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
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from bidkit.catalogue.contract.model import Catalogue, Component, PriceBreak
from bidkit.errors import BidkitError, Location, Problem
from bidkit.money import decimal_text
from bidkit.pricing.model import PricedBid
from bidkit.review.statefile import invalid, read_json_file, shown

LOCK_VERSION = 1

Accept = frozenset[str] | Literal["all"]
"""References whose new catalogue values to accept instead of the locked ones, or ``"all"``."""


class LockedComponent(BaseModel):
    """One component's values as the lock holds them.

    Validated whenever one is made, from the file or from a catalogue's component: a lock
    is made once per new component, so checking costs little and no instance is ever made
    any other way.
    """

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

_WHAT = "the price lock"
_HINT = "restore it from your records or delete it to lock the current catalogue prices"


def lock_path(bid_path: Path) -> Path:
    """``bid.yaml`` -> ``bid.lock.json`` beside it."""
    return bid_path.with_name(f"{bid_path.stem}.lock.json")


def read_lock(path: Path, label: str | None = None) -> Lock | None:
    """The price lock at ``path``, or None when there is none; BidkitError when it is unusable.

    The file is untrusted input (bidkit/review/statefile.py): read with a size limit and
    validated field by field, so a bad lock is one line at ``label`` and never a traceback.
    """
    where = label or str(path)
    data = read_json_file(path, where, _WHAT, _HINT)
    if data is None:
        return None
    version = data.get("bidkit_lock", LOCK_VERSION) if isinstance(data, dict) else LOCK_VERSION
    if version != LOCK_VERSION:
        raise BidkitError(
            f"{_WHAT} has version {shown(version)}, and this bidkit reads only version {LOCK_VERSION}; "
            "use the bidkit that wrote it, or delete it to lock the current catalogue prices",
            Location(where),
        )
    try:
        return Lock.model_validate(data)
    except ValidationError as exc:
        raise invalid(_WHAT, _HINT, exc, where) from None


def lock_to_json(lock: Lock) -> bytes:
    """The lock file's text: ``json.dumps(indent=2)``, decimals as exact positional strings."""
    text = json.dumps(lock.model_dump(), indent=2, ensure_ascii=False, default=_plain)
    return (text + "\n").encode("utf-8")


def _plain(value: object) -> str:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"a price lock holds no {type(value).__name__}")


@cache
def _file_name(path: str) -> str:
    return Path(path).name


def locked_values(component: Component, catalogue: Catalogue) -> LockedComponent:
    """What the lock would hold for ``component`` as ``catalogue`` has it now."""
    return LockedComponent(
        member=component.member,
        sku=component.sku,
        catalogue=_file_name(catalogue.path),
        catalogue_sha256=catalogue.sha256,
        unit_price=component.unit_price,
        currency=component.currency,
        price_breaks=[(b.min_qty, b.unit_price) for b in component.price_breaks],
        lead_time_weeks=component.lead_time_weeks,
        origin_country=component.origin_country,
        co2e_kg=component.co2e_kg,
    )


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


def accepts(accept: Accept, ref: str) -> bool:
    """Whether ``accept`` takes the catalogue's new values for ``ref``."""
    return True if accept == "all" else ref in accept


def apply_lock(
    catalogues: dict[str, Catalogue], lock: Lock, label: str, accept: Accept = frozenset()
) -> tuple[dict[str, Catalogue], list[Problem], list[str]]:
    """Catalogues with the locked values put back, the problems, and what the catalogues changed.

    References that ``accept`` names keep the catalogue's new values (``bidkit lock update``)
    and are not listed as changes.
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
        if change is None or accepts(accept, ref):
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
             accept: Accept = frozenset()) -> Lock:  # fmt: skip
    """The lock recording the values this priced bid used.

    Entries already in ``previous`` stay as they were (with the SHA-256 of the catalogue they
    came from) unless ``accept`` names them; components the bid newly uses are locked as they are now.
    """
    old = previous.components if previous else {}
    components: dict[str, LockedComponent] = {}
    for line in sorted([*priced.lines, *priced.option_lines], key=lambda x: x.ref):
        if not line.sku or line.ref in components or line.member not in catalogues:
            continue
        if line.ref in old and not accepts(accept, line.ref):
            components[line.ref] = old[line.ref]
            continue
        catalogue = catalogues[line.member]
        component = catalogue.components.get(line.sku)
        if component is not None and component.ref == line.ref:
            components[line.ref] = locked_values(component, catalogue)
    return Lock(bid=priced.id, rates=priced.rates, rates_date=priced.rates_date, components=components)
