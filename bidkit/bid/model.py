"""The bid file's contract as pydantic models: every key known, every value checked.

``extra="forbid"`` everywhere: a typo such as ``markpu: 12%`` must be an error,
never a silently ignored key.  Percentages must carry ``%`` so ``12`` cannot
be mistaken for 1200%.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bidkit.codes import INCOTERMS_2020, is_country, is_currency
from bidkit.files import MAX_NAME_LENGTH, NAME_PATTERN
from bidkit.money import CENT, HUNDRED, parse_percent

# Names that go into file names (the bid's id and its revision): bidkit/files.py says why these.
_NAME = re.compile(NAME_PATTERN.rstrip("$"))

# Bounds on figures: wide enough for any real tender, narrow enough that no figure overflows the
# exact arithmetic or rounds a whole bid to nothing (docs/bid-format.md, "Limits").
MAX_QTY = Decimal(1_000_000_000)
QTY_PLACES = 6
MIN_QTY = Decimal(1).scaleb(-QTY_PLACES)
MAX_UNIT_PRICE = Decimal(1_000_000_000)
MAX_CO2E_KG = Decimal(1_000_000_000)
MAX_LEAD_TIME_WEEKS = 520
MIN_MARKUP, MAX_MARKUP = Decimal(-1), Decimal(10)  # -100% .. 1000%
MAX_ROUND_TO = Decimal(1_000_000)
MIN_RATE, MAX_RATE = Decimal("0.000001"), Decimal(1_000_000)
RATE_PLACES = 10
MAX_VALIDITY_DAYS = 3650
MIN_YEAR, MAX_YEAR = 2000, 2100
# Bounds on work: a bid expands to at most this many priced lines (sections and options, bundles
# expanded), through bundles nested at most this deep (bidkit/pricing/expand.py).
MAX_LINES = 100_000
MAX_BUNDLE_DEPTH = 20


def name_problem(value: str, what: str) -> str | None:
    """Why ``value`` cannot go into a file name as ``what`` (the bid id, a revision), or None."""
    if len(value) > MAX_NAME_LENGTH:
        return (f"{what} is {len(value)} characters long; at most {MAX_NAME_LENGTH} fit in the output "
                "file names")  # fmt: skip
    if not _NAME.fullmatch(value):
        return f"{shown_text(value)} may contain only letters, digits, '.', '_' and '-'"
    return None


def shown_text(value: object, limit: int = 40) -> str:
    """A value from the file for a message: quoted, control characters escaped, cut short."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return f"'{escaped}'"


def shown_number(value: Decimal | int) -> str:
    """A number for a message; one too long to read is described by its size."""
    number = Decimal(value)
    return f"{number:f}" if abs(number.adjusted()) < 20 else f"{number:.2E}"


def _file_name(value: str) -> str:
    problem = name_problem(value, "it")
    if problem:
        raise ValueError(problem)
    return value


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _percent(value: Any) -> Decimal:
    if isinstance(value, str):
        return parse_percent(value)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        raise ValueError(f"write percentages with a percent sign: {_as_percent(value)} rather than "
                         f"{shown_number(value)}")  # fmt: skip
    raise ValueError("expected a percentage such as 12%")


def _as_percent(value: int | Decimal) -> str:
    """The percentage a bare number most likely means: a fraction below 1 (0.025 is 2.5%), else itself."""
    number = Decimal(value)
    if 0 < abs(number) < 1:
        number = (number * 100).normalize()
    return f"{shown_number(number)}%"


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"expected a number, got {value!r}")
    return Decimal(value)


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(f"must be greater than zero, got {shown_number(value)}")
    return value


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"must not be negative, got {shown_number(value)}")
    return value


def _quantity(value: Decimal) -> Decimal:
    _positive(value)
    if value < MIN_QTY:
        raise ValueError(f"{shown_number(value)} is less than {MIN_QTY:f}, the smallest quantity")
    if value > MAX_QTY:
        raise ValueError(f"{shown_number(value)} is more than {MAX_QTY:,} units, more than any tender holds")
    if _places(value.normalize()) > QTY_PLACES:
        raise ValueError(f"{shown_number(value)} has more than {QTY_PLACES} decimals; round it")
    return value


def _unit_price(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"{shown_number(value)} is negative; a price is 0 or more")
    if value > MAX_UNIT_PRICE:
        raise ValueError(f"{shown_number(value)} is more than {MAX_UNIT_PRICE:,} per unit, "
                         "more than any tender holds")  # fmt: skip
    if value != value.quantize(CENT):
        raise ValueError(f"{shown_number(value)} has fractions of a cent; use whole cents")
    return value


def _co2e(value: Decimal) -> Decimal:
    _not_negative(value)
    if value > MAX_CO2E_KG:
        raise ValueError(f"{shown_number(value)} kg is more than {MAX_CO2E_KG:,} kg per unit")
    return value


def _markup(value: Decimal) -> Decimal:
    if not MIN_MARKUP <= value <= MAX_MARKUP:
        raise ValueError(f"{_pct(value)} is outside -100% .. 1000%; a markup under -100% gives a "
                         "negative price, and one over 1000% is no tender's")  # fmt: skip
    return value


def _share_of_bid(what: str, upper: str, allow_upper: bool) -> Any:
    def check(value: Decimal) -> Decimal:
        if value < 0 or value > 1 or (value == 1 and not allow_upper):
            raise ValueError(f"{_pct(value)} is outside 0% .. {upper}; {what}")
        return value

    return check


def _pct(value: Decimal) -> str:
    return f"{(value * HUNDRED).normalize():f}%" if abs(value.adjusted()) < 30 else "the percentage"


def _round_to(value: Decimal) -> Decimal:
    _positive(value)
    if value > MAX_ROUND_TO:
        raise ValueError(f"{shown_number(value)} is more than {MAX_ROUND_TO:,}; it would round the bid away")
    if value < CENT or value != value.quantize(CENT):
        raise ValueError(f"{shown_number(value)} is not a whole number of cents (0.01 or more)")
    return value


def _rate(value: Decimal) -> Decimal:
    _positive(value)
    if not MIN_RATE <= value <= MAX_RATE:
        raise ValueError(f"{shown_number(value)} is outside {MIN_RATE:f} .. {MAX_RATE:,}, the range "
                         "of real exchange rates")  # fmt: skip
    if _places(value.normalize()) > RATE_PLACES:
        raise ValueError(f"{shown_number(value)} has more than {RATE_PLACES} decimals; round it")
    return value


def _year(value: dt.date) -> dt.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"{value.isoformat()} is not a date between {MIN_YEAR} and {MAX_YEAR}")
    return value


def _currency(value: str) -> str:
    if not is_currency(value):
        raise ValueError(f"'{value}' is not an ISO 4217 currency code (e.g. EUR, DKK)")
    return value


def _country(value: str) -> str:
    if not is_country(value):
        raise ValueError(f"'{value}' is not an ISO 3166 two-letter country code (e.g. DK, UA)")
    return value


Percent = Annotated[Decimal, BeforeValidator(_percent)]
Markup = Annotated[Decimal, BeforeValidator(_percent), AfterValidator(_markup)]
Number = Annotated[Decimal, BeforeValidator(_number)]
Quantity = Annotated[Decimal, BeforeValidator(_number), AfterValidator(_quantity)]
Money = Annotated[Decimal, BeforeValidator(_number), AfterValidator(_unit_price)]
Date = Annotated[dt.date, AfterValidator(_year)]
_CONTINGENCY = _share_of_bid("a contingency is a share of the bid", "100%", True)
_DISCOUNT = _share_of_bid("a discount of 100% or more gives the bid away", "100% (100% not included)", False)
_SHARE = _share_of_bid("a payment share is a part of the price", "100%", True)
Contingency = Annotated[Percent, AfterValidator(_CONTINGENCY)]
Discount = Annotated[Percent, AfterValidator(_DISCOUNT)]
Share = Annotated[Percent, AfterValidator(_SHARE)]
FileName = Annotated[StrictStr, AfterValidator(_file_name)]
Currency = Annotated[StrictStr, AfterValidator(_currency)]
Country = Annotated[StrictStr, AfterValidator(_country)]
Ident = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
Ref = Annotated[StrictStr, Field(pattern=r"^[^/\s]+/\S.*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Client(Strict):
    name: StrictStr
    country: Country | None = None
    address: StrictStr = ""
    contact: StrictStr = ""


class Pricing(Strict):
    markup: Markup = Decimal(0)
    markup_by_member: dict[str, Markup] = {}
    markup_by_category: dict[str, Markup] = {}
    contingency: Contingency = Decimal(0)
    discount: Discount = Decimal(0)
    round_to: Annotated[Number, AfterValidator(_round_to)] | None = None
    # Which adjustments the client's schedule lists; the others are spread over the amounts
    # (docs/pricing.md, rule 10).
    show_adjustments: list[Literal["contingency", "discount", "rounding"]] = ["discount"]

    @field_validator("show_adjustments")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        twice = sorted({kind for kind in value if value.count(kind) > 1})
        if twice:
            raise ValueError(f"{', '.join(twice)} is listed twice")
        return value


_AD_HOC_FIELDS = (
    "member", "unit", "unit_price", "currency", "category", "lead_time_weeks",
    "origin_country", "origin", "co2e_kg", "description", "sku",
)  # fmt: skip
# What an entry naming a component or a bundle may give.
_ENTRY_FIELDS = frozenset({"item", "bundle", "line", "qty", "markup"})


class ItemSpec(Strict):
    """One entry of an items list: a catalogue component, a bundle, or an ad-hoc line."""

    item: Ref | None = None
    bundle: StrictStr | None = None
    line: StrictStr | None = None
    qty: Quantity
    markup: Markup | None = None
    # ad-hoc lines only
    member: StrictStr | None = None
    sku: StrictStr | None = None
    unit: StrictStr | None = None
    unit_price: Money | None = None
    currency: Currency | None = None
    category: StrictStr | None = None
    description: StrictStr | None = None
    lead_time_weeks: StrictInt | None = Field(default=None, ge=0, le=MAX_LEAD_TIME_WEEKS)
    origin_country: Country | None = None
    origin: Country | None = None  # the same as origin_country, shorter ("origin: DK" for Danish hours)
    co2e_kg: Annotated[Number, AfterValidator(_co2e)] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> ItemSpec:
        values = self.__dict__  # the validated fields; getattr on thousands of items was a cost
        kinds = [k for k in ("item", "bundle", "line") if values[k] is not None]
        if len(kinds) != 1:
            raise ValueError("each entry needs exactly one of 'item', 'bundle' or 'line'")
        if kinds[0] == "line":
            missing = [k for k in ("member", "unit", "unit_price") if getattr(self, k) is None]
            if missing:
                raise ValueError(f"an ad-hoc line needs {', '.join(missing)}")
            if self.origin is not None and self.origin_country is not None:
                raise ValueError("give the line's country as 'origin' or as 'origin_country', not both")
        elif not self.model_fields_set <= _ENTRY_FIELDS:
            stray = [k for k in _AD_HOC_FIELDS if values[k] is not None]
            if stray:
                raise ValueError(
                    f"{', '.join(stray)} can only be given on an ad-hoc 'line', "
                    f"not on an '{kinds[0]}' (its values come from the catalogue)"
                )
        return self

    @property
    def kind(self) -> Literal["item", "bundle", "line"]:
        if self.item is not None:
            return "item"
        return "bundle" if self.bundle is not None else "line"


class Bundle(Strict):
    title: StrictStr
    description: StrictStr = ""
    items: list[ItemSpec] = Field(min_length=1)


class Section(Strict):
    id: Ident
    title: StrictStr
    text: StrictStr | None = None
    items: list[ItemSpec] = Field(min_length=1)


class Option(Section):
    pass


def _content_limit(value: Decimal) -> Decimal:
    if not 0 <= value <= 1:
        raise ValueError(f"{_pct(value)} is outside 0% .. 100%; a limit on a share is a percentage")
    if value * HUNDRED != (value * HUNDRED).quantize(CENT):
        raise ValueError(f"{_pct(value)} has more than 2 decimals; shares are compared to 2 decimals")
    return value


ContentLimit = Annotated[Percent, AfterValidator(_content_limit)]


class ContentRules(Strict):
    """Limits on where the base scope's cost comes from (README, "Where the value comes from").

    Each limit is optional; one that is set and not met is a warning (an error with ``--strict``).
    """

    domestic_country: Country | None = None  # default: the lead company's country
    domestic_min: ContentLimit | None = None
    local_max: ContentLimit | None = None
    single_country_max: ContentLimit | None = None
    net_zero_categories: list[StrictStr] = []


class Milestone(Strict):
    milestone: StrictStr
    share: Share


class Person(Strict):
    """Someone the client can write to or who signs: the contact person, the signatory."""

    name: StrictStr
    role: StrictStr = ""
    email: StrictStr = ""
    phone: StrictStr = ""


class Deviation(Strict):
    """Where the offer departs from the tender documents: the clause, and how."""

    clause: StrictStr
    text: StrictStr


class DeliveryMilestone(Strict):
    """A step of the delivery schedule, in weeks after the order."""

    milestone: StrictStr
    week: StrictInt = Field(ge=0, le=MAX_LEAD_TIME_WEEKS)


class BidSpec(Strict):
    """A whole bid as written by the export department."""

    id: FileName
    title: StrictStr
    client: Client
    tender_ref: StrictStr = ""
    deadline: Date | None = None
    date: Date | None = None
    revision: FileName | None = None
    language: Literal["en", "da", "de"] = "en"
    currency: Currency
    incoterm: StrictStr
    validity_days: StrictInt = Field(default=90, gt=0, le=MAX_VALIDITY_DAYS)
    lead: StrictStr
    consortium: dict[str, StrictStr] = {}
    catalogues: list[StrictStr] = Field(min_length=1)
    rates: dict[str, Annotated[Number, AfterValidator(_rate)]] = {}
    rates_date: Date | None = None
    template: StrictStr | None = None
    summary: StrictStr | None = None
    pricing: Pricing = Pricing()
    bundles: dict[str, Bundle] = {}
    sections: list[Section] = Field(min_length=1)
    options: list[Option] = []
    payment: list[Milestone] = []
    # The proposal's letter and terms (docs/bid-format.md, "The proposal's letter and terms").
    letter: StrictStr | None = None
    contact: Person | None = None
    signatory: Person | None = None
    assumptions: list[StrictStr] = []
    exclusions: list[StrictStr] = []
    deviations: list[Deviation] = []
    delivery_schedule: list[DeliveryMilestone] = []
    units: dict[StrictStr, StrictStr] = {}

    @field_validator("delivery_schedule")
    @classmethod
    def _in_order(cls, value: list[DeliveryMilestone]) -> list[DeliveryMilestone]:
        for before, after in itertools.pairwise(value):
            if after.week < before.week:
                raise ValueError(f"'{after.milestone}' (week {after.week}) comes before '{before.milestone}' "
                                 f"(week {before.week}); list the milestones in order")  # fmt: skip
        return value
    content_rules: ContentRules = ContentRules()
    member_packs: bool = False  # also write one work-share workbook per member (bidkit build --member-packs)
    member_packs_show_sell: bool = False  # show the bid's sell prices and markups in those packs
    member_packs_language: Literal["en", "da", "de"] | None = None  # the packs' language; None: the bid's
    green_annex: bool = True  # the proposal's CO2e appendix, when some line has a figure; false leaves it out

    @field_validator("incoterm")
    @classmethod
    def _incoterm(cls, value: str) -> str:
        rule, _, place = value.strip().partition(" ")
        if rule.upper() not in INCOTERMS_2020:
            raise ValueError(f"'{rule}' is not an Incoterms 2020 rule ({', '.join(INCOTERMS_2020)})")
        if not place.strip():
            raise ValueError(f"name the place after the rule, e.g. '{rule.upper()} Lviv'")
        return f"{rule.upper()} {place.strip()}"

    @field_validator("rates")
    @classmethod
    def _rate_codes(cls, value: dict[str, Decimal], info: ValidationInfo) -> dict[str, Decimal]:
        for code in value:
            _currency(code)
        own = info.data.get("currency")
        if own in value and value[own] != 1:
            raise ValueError(f"the rate of the bid currency {own} must be 1")
        return value

    @field_validator("payment")
    @classmethod
    def _payment_total(cls, value: list[Milestone]) -> list[Milestone]:
        if value:
            total = sum((m.share for m in value), Decimal(0))
            if total != 1:
                raise ValueError(f"payment shares add up to {(total * HUNDRED).normalize():f}%, not 100%")
        return value

    @property
    def incoterm_rule(self) -> str:
        return self.incoterm.split(" ", 1)[0]

    @property
    def incoterm_place(self) -> str:
        return self.incoterm.split(" ", 1)[1]
