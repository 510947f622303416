"""The bid file's contract as pydantic models: every key known, every value checked.

``extra="forbid"`` everywhere: a typo such as ``markpu: 12%`` must be an error,
never a silently ignored key.  Percentages must carry ``%`` so ``12`` cannot
be mistaken for 1200%.
"""

from __future__ import annotations

import datetime as dt
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
from bidkit.money import HUNDRED, parse_percent


def _percent(value: Any) -> Decimal:
    if isinstance(value, str):
        return parse_percent(value)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        raise ValueError(f"write percentages with a percent sign: {value}% rather than {value}")
    raise ValueError("expected a percentage such as 12%")


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"expected a number, got {value!r}")
    return Decimal(value)


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(f"must be greater than zero, got {value}")
    return value


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"must not be negative, got {value}")
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
Number = Annotated[Decimal, BeforeValidator(_number)]
Quantity = Annotated[Decimal, BeforeValidator(_number), AfterValidator(_positive)]
Money = Annotated[Decimal, BeforeValidator(_number), AfterValidator(_not_negative)]
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
    markup: Percent = Decimal(0)
    markup_by_member: dict[str, Percent] = {}
    markup_by_category: dict[str, Percent] = {}
    contingency: Percent = Decimal(0)
    discount: Percent = Decimal(0)
    round_to: Annotated[Number, AfterValidator(_positive)] | None = None


_AD_HOC_FIELDS = (
    "member", "unit", "unit_price", "currency", "category", "lead_time_weeks",
    "origin_country", "co2e_kg", "description", "sku",
)  # fmt: skip
# What an entry naming a component or a bundle may give.
_ENTRY_FIELDS = frozenset({"item", "bundle", "line", "qty", "markup"})


class ItemSpec(Strict):
    """One entry of an items list: a catalogue component, a bundle, or an ad-hoc line."""

    item: Ref | None = None
    bundle: StrictStr | None = None
    line: StrictStr | None = None
    qty: Quantity
    markup: Percent | None = None
    # ad-hoc lines only
    member: StrictStr | None = None
    sku: StrictStr | None = None
    unit: StrictStr | None = None
    unit_price: Money | None = None
    currency: Currency | None = None
    category: StrictStr | None = None
    description: StrictStr | None = None
    lead_time_weeks: StrictInt | None = Field(default=None, ge=0)
    origin_country: Country | None = None
    co2e_kg: Annotated[Number, AfterValidator(_not_negative)] | None = None

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


class Milestone(Strict):
    milestone: StrictStr
    share: Percent


class BidSpec(Strict):
    """A whole bid as written by the export department."""

    id: Ident
    title: StrictStr
    client: Client
    tender_ref: StrictStr = ""
    deadline: dt.date | None = None
    date: dt.date | None = None
    revision: StrictStr | None = None
    language: Literal["en", "da", "de"] = "en"
    currency: Currency
    incoterm: StrictStr
    validity_days: StrictInt = Field(default=90, gt=0)
    lead: StrictStr
    consortium: dict[str, StrictStr] = {}
    catalogues: list[StrictStr] = Field(min_length=1)
    rates: dict[str, Annotated[Number, AfterValidator(_positive)]] = {}
    rates_date: dt.date | None = None
    template: StrictStr | None = None
    summary: StrictStr | None = None
    pricing: Pricing = Pricing()
    bundles: dict[str, Bundle] = {}
    sections: list[Section] = Field(min_length=1)
    options: list[Option] = []
    payment: list[Milestone] = []

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
