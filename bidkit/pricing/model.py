"""The priced bid: what every renderer (JSON, workbook, proposal) sees, and nothing else.

These are values bidkit computes from a bid and catalogues it has already checked, so
they are plain frozen dataclasses: made by their constructors, never read from a file
(pydantic checks data only where it comes from a file).  Every field is a keyword
argument; a changed copy is made with :func:`dataclasses.replace`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from bidkit.pricing.client import ClientView
from bidkit.pricing.content import Content

MarkupSource = Literal["line", "category", "member", "default"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PricedLine:
    """One line after bundle expansion, with every step of its price kept for auditing.

    The fields are in the order the JSON summary lists them.
    """

    group: Literal["section", "option"]
    group_id: str
    bundle: str  # "" or the bundle path, outermost first: "substation-150" or "plant > pump-skid"
    member: str
    sku: str  # "" for an ad-hoc line
    ref: str  # member/sku, or the ad-hoc line's text
    name: str
    description: str = ""
    category: str = ""
    unit: str
    qty: Decimal
    catalogue_price: Decimal
    catalogue_currency: str
    rate: Decimal
    unit_cost: Decimal
    markup: Decimal
    markup_source: MarkupSource  # which rule chose the markup (rule 4), so the workbook can link it
    unit_sell: Decimal
    line_cost: Decimal
    line_total: Decimal
    lead_time_weeks: int | None = None
    origin_country: str = ""
    co2e_kg: Decimal | None = None  # per unit
    hs_code: str = ""
    source: str = ""  # where the line was written in the bid file
    datasheet: str = ""  # the catalogue's datasheet reference (a file name or address), for the green annex


@dataclass(frozen=True, slots=True, kw_only=True)
class PricedSection:
    id: str
    title: str
    text: str | None
    subtotal: Decimal
    cost: Decimal
    lines: tuple[PricedLine, ...]
    co2e_kg: Decimal  # sum of co2e_kg x qty over its lines


@dataclass(frozen=True, slots=True, kw_only=True)
class PricedOption:
    id: str
    title: str
    text: str | None
    subtotal: Decimal
    contingency: Decimal
    discount: Decimal
    rounding: Decimal  # to pricing.round_to, like the bid's total (rule 8)
    total: Decimal
    cost: Decimal
    lines: tuple[PricedLine, ...]
    co2e_kg: Decimal  # sum of co2e_kg x qty over its lines


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberShare:
    id: str
    name: str
    country: str
    role: str
    sell: Decimal  # sum of line_total over its section lines
    cost: Decimal  # sum of line_cost over its section lines
    share: Decimal  # percent of the subtotal, two decimals
    co2e_kg: Decimal  # sum of co2e_kg x qty over its section lines


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentAmount:
    milestone: str
    share: Decimal  # fraction
    amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class BundleInfo:
    id: str
    title: str
    description: str
    items: tuple[tuple[str, Decimal], ...]  # (reference or bundle id, qty per bundle)


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    name: str
    country: str = ""
    address: str = ""
    contact: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Deviation:
    clause: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryMilestone:
    milestone: str
    week: int  # after the order


@dataclass(frozen=True, slots=True, kw_only=True)
class Terms:
    """What the proposal says besides the prices.

    Its letter, contact and signatory, and the terms the client evaluates: assumptions,
    exclusions, deviations from the tender documents, the delivery schedule.
    """

    letter: str | None = None  # the cover letter's text block; None: the shipped cover-letter.md
    contact: Person | None = None
    signatory: Person | None = None
    assumptions: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    deviations: tuple[Deviation, ...] = ()
    delivery_schedule: tuple[DeliveryMilestone, ...] = ()
    units: tuple[tuple[str, str], ...] = ()  # the bid's own unit names: (as written, as printed)


@dataclass(frozen=True, slots=True, kw_only=True)
class PricedBid:
    id: str
    title: str
    client: Party
    lead: MemberShare
    tender_ref: str
    deadline: dt.date | None
    date: dt.date
    revision: str | None
    language: str
    currency: str
    incoterm: str
    validity_days: int
    rates: dict[str, Decimal]
    rates_date: dt.date | None
    markup: Decimal
    contingency_rate: Decimal
    discount_rate: Decimal
    round_to: Decimal | None
    summary_text: str | None
    template: str | None
    sections: tuple[PricedSection, ...]
    options: tuple[PricedOption, ...]
    bundles: tuple[BundleInfo, ...]
    members: tuple[MemberShare, ...]
    payment: tuple[PaymentAmount, ...]
    subtotal: Decimal
    contingency: Decimal
    discount: Decimal
    rounding: Decimal
    total: Decimal
    cost: Decimal
    margin: Decimal
    margin_pct: Decimal
    delivery_weeks: int | None
    co2e_kg: Decimal
    origin: dict[str, Decimal]
    client_view: ClientView  # the client's schedule: hidden adjustments spread (rule 10)
    terms: Terms = Terms()
    content: Content  # where the base scope's cost comes from, and the content rules' checks
    co2e_coverage: Decimal  # percent of the section lines that have a CO2e figure
    green_annex: bool = True  # the proposal's CO2e appendix, shown when some line has a figure
    # Review state, set by the build from the review log; not part of the summary's figures.
    draft: bool = True
    approval: str | None = None

    @property
    def file_stem(self) -> str:
        """What every output's file name starts with: the id, and the revision when there is one."""
        return self.id if not self.revision else f"{self.id}-{self.revision}"

    @property
    def lines(self) -> list[PricedLine]:
        return [line for s in self.sections for line in s.lines]

    @property
    def option_lines(self) -> list[PricedLine]:
        return [line for o in self.options for line in o.lines]
