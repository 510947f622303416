"""The client's view of a priced bid: the schedule the proposal prints (docs/pricing.md, rule 10).

Contingency and rounding are the seller's reserve, not the client's business: unless the bid asks
to show them (``pricing.show_adjustments``), they are spread over the section amounts and over each
option's amount, so that the client's schedule adds up to the total exactly, to the cent.  The
discount is a commercial message and is shown by default.

The spreading is largest-remainder allocation (:func:`allocate`), a pure function of the figures
the engine has already computed: the internal view (the cost workbook) and the client's view
(proposal, JSON summary) can always be reconciled, because the difference between them is
exactly the adjustments the client does not see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from bidkit.money import ZERO

Adjustment = Literal["contingency", "discount", "rounding"]
ADJUSTMENTS: tuple[Adjustment, ...] = ("contingency", "discount", "rounding")
# What the client's schedule shows unless the bid says otherwise (pricing.show_adjustments).
SHOWN_BY_DEFAULT: tuple[Adjustment, ...] = ("discount",)


@dataclass(frozen=True, slots=True, kw_only=True)
class ShownAdjustment:
    """One adjustment the client sees below the amounts: its kind, rate and signed amount.

    ``amount`` is signed as it adds to the total (a discount is negative), so a schedule's
    amounts plus its adjustments are its total.
    """

    kind: Adjustment
    rate: Decimal | None  # the fraction (0.03 for 3 %); None for rounding
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientAmount:
    """A section as the client sees it: its id, title and amount with the hidden share added."""

    id: str
    title: str
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientOption:
    """An option as the client sees it: its amount, the adjustments shown, its total."""

    id: str
    title: str
    amount: Decimal
    adjustments: tuple[ShownAdjustment, ...]
    total: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientView:
    """The client's price schedule: ``subtotal`` + the shown adjustments = ``total``, to the cent.

    ``subtotal`` is the sum of the section amounts; ``total`` is the bid's total, unchanged.
    """

    shown: tuple[Adjustment, ...]
    sections: tuple[ClientAmount, ...]
    subtotal: Decimal
    adjustments: tuple[ShownAdjustment, ...]
    total: Decimal
    options: tuple[ClientOption, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """What the engine computed for the bid or for one option: the input of the client view."""

    parts: tuple[tuple[str, str, Decimal], ...]  # (id, title, amount before adjustments)
    contingency: Decimal
    contingency_rate: Decimal
    discount: Decimal  # as computed: positive, deducted
    discount_rate: Decimal
    rounding: Decimal  # signed, as added
    total: Decimal


def allocate(amount: Decimal, weights: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Split ``amount`` over ``weights`` in proportion, to the cent, so the parts add up exactly.

    Both are whole cents.  Largest remainder: each part gets its exact share of the amount's
    magnitude rounded down to a cent; the cents left over go one each to the parts with the
    largest remainders, the earlier part first on a tie.  A negative amount is split as its
    magnitude and negated, so spreading -x gives exactly the negatives of spreading x.  A weight
    of zero gets nothing; when every weight is zero the parts are weighed equally.  Integer
    arithmetic throughout, so no figure is too large to split exactly.
    """
    if not weights:
        if amount != 0:
            raise ValueError("an amount cannot be spread over nothing")
        return ()
    cents = _cents(abs(amount))
    units = [_cents(w) for w in weights]
    if any(u < 0 for u in units):
        raise ValueError("weights must not be negative")
    whole = sum(units)
    if whole == 0:
        units, whole = [1] * len(units), len(units)
    floors = [cents * u // whole for u in units]
    remainders = [cents * u - f * whole for u, f in zip(units, floors, strict=True)]
    left = cents - sum(floors)
    for i in sorted(range(len(units)), key=lambda i: (-remainders[i], i))[:left]:
        floors[i] += 1
    sign = -1 if amount < 0 else 1
    return tuple(Decimal(sign * c).scaleb(-2) for c in floors)


def _cents(value: Decimal) -> int:
    scaled = value.scaleb(2)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} is not a whole number of cents")
    return int(scaled)


def client_view(bid: Figures, options: Sequence[Figures], shown: Sequence[Adjustment]) -> ClientView:
    """The client's schedule of the bid and its options (docs/pricing.md, rule 10)."""
    order = tuple(a for a in ADJUSTMENTS if a in shown)
    amounts, adjustments = _spread(bid, order)
    sections = tuple(
        ClientAmount(id=pid, title=title, amount=amount)
        for (pid, title, _), amount in zip(bid.parts, amounts, strict=True)
    )
    out = []
    for option in options:
        (amount,), extra = _spread(option, order)
        pid, title, _ = option.parts[0]
        out.append(ClientOption(id=pid, title=title, amount=amount, adjustments=extra, total=option.total))
    return ClientView(
        shown=order, sections=sections, subtotal=sum(amounts, ZERO), adjustments=adjustments,
        total=bid.total, options=tuple(out),
    )  # fmt: skip


def _spread(
    figures: Figures, shown: tuple[Adjustment, ...]
) -> tuple[tuple[Decimal, ...], tuple[ShownAdjustment, ...]]:
    """The parts with every hidden adjustment spread over them, and the adjustments shown."""
    f = figures
    signed = {
        "contingency": ShownAdjustment(kind="contingency", rate=f.contingency_rate, amount=f.contingency),
        "discount": ShownAdjustment(kind="discount", rate=f.discount_rate, amount=-f.discount),
        "rounding": ShownAdjustment(kind="rounding", rate=None, amount=f.rounding),
    }
    hidden = sum((a.amount for kind, a in signed.items() if kind not in shown), ZERO)
    weights = [max(amount, ZERO) for _, _, amount in figures.parts]  # negatives are refused later
    spread = allocate(hidden, weights)
    amounts = tuple(a + s for (_, _, a), s in zip(figures.parts, spread, strict=True))
    return amounts, tuple(signed[kind] for kind in shown if signed[kind].amount != 0)
