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

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import orjson
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from bidkit.catalogue.contract import cells
from bidkit.catalogue.contract.model import Catalogue, Component, PriceBreak
from bidkit.codes import is_country, is_currency
from bidkit.errors import BidkitError, Location, Problem, ProblemList
from bidkit.money import decimal_text
from bidkit.pricing.model import PricedBid
from bidkit.review.statefile import read_json_file, shown

LOCK_VERSION = 1

Accept = frozenset[str] | Literal["all"]
"""References whose new catalogue values to accept instead of the locked ones, or ``"all"``."""


def _checked_price(value: object) -> Decimal:
    return _price(value, "unit_price")


def _checked_currency(value: str) -> str:
    if not is_currency(value):
        raise ValueError(f"currency {_quoted(value)} is not an ISO 4217 code (e.g. DKK, EUR)")
    return value


def _checked_breaks(value: object) -> tuple[tuple[Decimal, Decimal], ...]:
    if not isinstance(value, list | tuple):
        raise ValueError("price_breaks is not a list")
    out = []
    for item in value:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise ValueError("a price break is not a pair [min_qty, unit_price]")
        out.append((_quantity(item[0], "price break min_qty"), _price(item[1], "price break unit_price")))
    return tuple(out)


def _checked_weeks(value: object) -> int | None:
    return None if value is None else cells.to_weeks(_cell(value), "lead_time_weeks")


def _checked_origin(value: str) -> str:
    if value and not is_country(value):
        raise ValueError(f"origin_country {_quoted(value)} is not an ISO 3166 code (e.g. DK, DE)")
    return value


def _checked_co2e(value: object) -> Decimal | None:
    return None if value is None else _quantity(value, "co2e_kg")


@dataclass(frozen=True, slots=True)
class LockedComponent:
    """One component's values as the lock holds them.

    A frozen slotted dataclass, checked by pydantic whenever one is made (:func:`locked_component`),
    from the file or from a catalogue's component: each value by the catalogue contract's own cell
    rules (bidkit/catalogue/contract/cells.py), so a lock can hold nothing a catalogue row could
    not.  A lock holds one per component a bid uses, thousands in a big bid, kept for the whole
    build: a dataclass is one object where a pydantic model is several (its field dict and set).
    """

    __pydantic_config__ = ConfigDict(extra="forbid")

    member: Annotated[str, Field(min_length=1)]
    sku: Annotated[str, Field(min_length=1)]
    catalogue: str
    catalogue_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    unit_price: Annotated[Decimal, BeforeValidator(_checked_price)]
    currency: Annotated[str, AfterValidator(_checked_currency)]
    price_breaks: Annotated[tuple[tuple[Decimal, Decimal], ...], BeforeValidator(_checked_breaks)] = ()
    lead_time_weeks: Annotated[int | None, BeforeValidator(_checked_weeks)] = None
    origin_country: Annotated[str, AfterValidator(_checked_origin)] = ""
    co2e_kg: Annotated[Decimal | None, BeforeValidator(_checked_co2e)] = None

    @property
    def ref(self) -> str:
        return f"{self.member}/{self.sku}"


_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.([0-9]+))?")
# Prices and quantities exactly as bidkit writes them (decimal_text): for these the cell rules
# would give Decimal(text) itself, so that is what they give, without the rules' text parsing.
_WRITTEN_PRICE = re.compile(r"(?:0|[1-9][0-9]{0,17})\.[0-9]{2}")
_WRITTEN_QUANTITY = re.compile(r"(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{0,9}[1-9])?")


def _price(value: object, what: str) -> Decimal:
    """A locked price by the catalogue's rule: non-negative whole cents (cells.to_price)."""
    if type(value) is str and _WRITTEN_PRICE.fullmatch(value):
        return Decimal(value)
    if type(value) is Decimal and value.is_finite() and value >= 0 and value.as_tuple().exponent == -2:
        return value  # a catalogue's own price, as the cell rules left it
    return cells.to_price(_cell(value), what)[0]


def _quantity(value: object, what: str) -> Decimal:
    """A locked quantity by the catalogue's rule: not negative, trailing zeros dropped (cells.to_quantity)."""
    if type(value) is str and _WRITTEN_QUANTITY.fullmatch(value):
        return Decimal(value)
    if type(value) is Decimal and _WRITTEN_QUANTITY.fullmatch(text := decimal_text(value)):
        return Decimal(text)  # a catalogue's own quantity, as the cell rules left it
    return cells.to_quantity(_cell(value), what)


def _cell(value: object) -> object:
    """A value from the lock as a catalogue cell would give it, for the contract's cell rules.

    The lock writes exact decimal text (``"5980.00"``).  Text the cell rules would read as
    ambiguous (``"5.001"``: 5001 or 5.001?) is never that here, so it is given as the number it
    is: a float when that holds it exactly, else the same text with one more zero.
    """
    if isinstance(value, Decimal):
        value = decimal_text(value)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{_quoted(value)} is not a number")
    if not isinstance(value, str):
        return value
    found = _DECIMAL.fullmatch(value)
    if found is None:
        raise ValueError(f"{_quoted(value)} is not a number written as bidkit writes one")
    if found.group(3) is not None and len(found.group(3)) == 3:
        number = float(value)
        return number if Decimal(repr(number)) == Decimal(value) else value + "0"
    return value


def _quoted(value: object) -> str:
    return shown(value)


def _checked_rates(value: dict[str, Decimal]) -> dict[str, Decimal]:
    for code, rate in value.items():
        if not is_currency(code):
            raise ValueError(f"{_quoted(code)} is not an ISO 4217 code (e.g. DKK, EUR)")
        if not rate.is_finite() or rate <= 0:
            raise ValueError(f"the rate of {code} is not greater than zero")
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Lock:
    """A whole price lock, checked by pydantic whenever one is made (:func:`checked_lock`)."""

    __pydantic_config__ = ConfigDict(extra="forbid")

    bidkit_lock: int = LOCK_VERSION
    bid: str
    rates: Annotated[dict[str, Decimal], AfterValidator(_checked_rates)]
    rates_date: date | None = None
    components: dict[str, LockedComponent]


_ENTRY = TypeAdapter(LockedComponent)
_LOCK = TypeAdapter(Lock)


def locked_component(values: dict[str, object]) -> LockedComponent:
    """An entry checked field by field; a ValidationError names every wrong value."""
    return _ENTRY.validate_python(values)


def checked_lock(values: dict[str, object]) -> Lock:
    """A lock checked field by field (entries already made are not checked again)."""
    return _LOCK.validate_python(values)


LOCKED_FIELDS = ("unit_price", "currency", "price_breaks", "lead_time_weeks", "origin_country", "co2e_kg")

_WHAT = "the price lock"
_HINT = "restore it from your records or delete it to lock the current catalogue prices"


def lock_path(bid_path: Path) -> Path:
    """``bid.yaml`` -> ``bid.lock.json`` beside it."""
    return bid_path.with_name(f"{bid_path.stem}.lock.json")


def read_lock(path: Path, label: str | None = None, bid_id: str | None = None) -> Lock | None:
    """The price lock at ``path``, or None when there is none; BidkitError when it is unusable.

    The file is untrusted input (bidkit/review/statefile.py): read with a size limit and
    validated field by field, every entry as a catalogue row is, so a bad lock is one line per
    problem at ``label`` and never a traceback.  With ``bid_id``, a lock written for another
    bid is refused.
    """
    where = label or str(path)
    data = read_json_file(path, where, _WHAT, _HINT)
    if data is None:
        return None
    version = data.get("bidkit_lock") if isinstance(data, dict) else LOCK_VERSION
    if type(version) is not int or version != LOCK_VERSION:
        said = "has no version" if version is None else f"has version {shown(version)}"
        raise BidkitError(
            f"{_WHAT} {said}, and this bidkit reads only version {LOCK_VERSION}; "
            "use the bidkit that wrote it, or delete it to lock the current catalogue prices",
            Location(where),
        )
    try:
        lock = checked_lock(data)
    except ValidationError as exc:
        raise BidkitError(_entry_problems(exc, where)) from None
    problems = ProblemList()
    if bid_id is not None and lock.bid != bid_id:
        problems.error(
            f"{_WHAT} belongs to the bid {shown(lock.bid)}, not to this bid ('{bid_id}'); a lock copied "
            f"from another bid would price this one with its values: {_HINT}", Location(where),
        )  # fmt: skip
    for ref, entry in lock.components.items():
        if ref != entry.ref:
            problems.error(f"{shown(ref)}: the entry is for {shown(entry.ref)}; {_HINT}", Location(where))
    problems.raise_if_errors()
    return lock


# pydantic words its errors for a dataclass as for a function's arguments: these read as for a record
_MESSAGES = {"unexpected_keyword_argument": "Extra inputs are not permitted",
             "dataclass_type": "Input should be a valid dictionary or instance of {class_name}"}  # fmt: skip


def _entry_problems(exc: ValidationError, where: str) -> list[Problem]:
    """One line per wrong value: ``bid.lock.json: pumpco/CP-40: unit_price -5.00 is negative; ...``."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        worded = _MESSAGES.get(err["type"], str(err["msg"]).removeprefix("Value error, "))
        message = worded.format(**err.get("ctx", {})) if err["type"] in _MESSAGES else worded
        if len(loc) >= 3 and loc[0] == "components":
            field = str(loc[2])
            said = message if message.startswith(field) or field == "price_breaks" else f"{field}: {message}"
            text = f"{shown(loc[1])[1:-1]}: {said}"
        else:
            text = f"{_WHAT} is damaged ({'.'.join(map(str, loc)) or 'top level'}: {message})"
        problems.append(Problem(f"{text}; {_HINT}", Location(where)))
    return problems


def lock_to_json(lock: Lock) -> bytes:
    """The lock file's text: JSON indented by two, decimals as exact positional strings.

    orjson writes it, the same text as ``json.dumps(indent=2, ensure_ascii=False)`` from
    compiled code (as the JSON summary, bidkit/outputs/summary.py).
    """
    options = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    return orjson.dumps(_LOCK.dump_python(lock), default=_plain, option=options)


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
    return locked_component({
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
    })


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
        and locked.price_breaks == tuple((b.min_qty, b.unit_price) for b in component.price_breaks)
    )


def describe_change(ref: str, locked: LockedComponent, current: LockedComponent) -> str | None:
    """One sentence on how the catalogue differs from the lock, or None when it does not.

    ``pumpco/CP-40: price locked 100.00 EUR, in the catalogue 120.00 EUR (+20.00%)``
    """
    parts = []
    if (locked.unit_price, locked.currency) != (current.unit_price, current.currency):
        pct = ""
        if locked.currency == current.currency and locked.unit_price:
            change = (current.unit_price - locked.unit_price) / locked.unit_price * 100
            pct = f" ({change:+.2f}%)"
        parts.append(
            f"price locked {locked.unit_price:f} {locked.currency}, "
            f"in the catalogue {current.unit_price:f} {current.currency}{pct}"
        )
    for name in LOCKED_FIELDS[2:]:
        old, new = getattr(locked, name), getattr(current, name)
        if old != new:
            parts.append(f"{name} locked {_show(old)}, in the catalogue {_show(new)}")
    return f"{ref}: {', '.join(parts)}" if parts else None


def _show(value: object) -> str:
    if isinstance(value, tuple):
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
        if locked.catalogue_sha256 == catalogue.sha256:
            problems.append(Problem(
                f"the lock file was edited: it records the {locked.member} catalogue exactly as it is now "
                f"(same SHA-256), yet holds other values for {change}; restore the lock from your "
                "records, or delete it to lock the current catalogue prices", Location(label),
            ))  # fmt: skip
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
    return checked_lock({"bid": priced.id, "rates": priced.rates, "rates_date": priced.rates_date,
                         "components": components})
